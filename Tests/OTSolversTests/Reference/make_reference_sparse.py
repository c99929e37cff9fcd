#!/usr/bin/env python3
"""Reference values from POT for the sparse / exact solvers (quadratic, topk, partial, mirror-sinkhorn).

Writes Tests/OTSolversTests/Reference/data/sparse/{quadratic,topk,partial,mirror}_*.json. Run from
the repository root:  python3 Tests/OTSolversTests/Reference/make_reference_sparse.py

The files live in their own folder because the exact-OT tests decode every top-level
data/*.json as their reference problem; these files have a different layout.

Conventions checked against POT 0.9.x source (ot/smooth.py, ot/partial/partial_solvers.py):
- POT's l2 regularizer is SquaredL2.Omega(T) = 0.5 * gamma * ||T||^2, i.e. exactly otlab's
  (reg/2)||P||^2: otlab `reg` = POT `reg` (gamma). The dual plan is max(alpha_i + beta_j - C_ij, 0)/reg.
- 'sparsity_constrained' with max_nz = k in smooth_ot_semi_dual bounds the nonzeros of each
  column of the plan (projection_sparse_simplex along axis 0) = otlab `topk` with k.
- partial_wasserstein2(a, b, M, m) transports exactly m units (dummy-point reduction to emd).
- entropic_partial_wasserstein(a, b, M, reg, m) runs Dykstra's KL projections from
  K = exp(-M/reg) scaled to mass m.
"""
import contextlib
import io
import json
import os

import numpy as np
import ot

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "sparse")


def cloud_problem(n, m, seed, mass_b=1.0):
    rng = np.random.RandomState(seed)
    xs = rng.randn(n, 2)
    xt = rng.randn(m, 2) + np.array([1.0, 0.5])
    a = rng.rand(n) + 0.5
    b = rng.rand(m) + 0.5
    a /= a.sum()
    b *= mass_b / b.sum()
    M = ot.dist(xs, xt)  # squared Euclidean, POT's default
    M /= M.max()
    return a, b, M


def marginal_error(P, a, b):
    return float(np.abs(P.sum(1) - a).sum() + np.abs(P.sum(0) - b).sum())


def write(name, payload):
    with open(os.path.join(DATA, name + ".json"), "w") as f:
        json.dump(payload, f, indent=1)
    print("wrote", name, {k: v for k, v in payload.items() if not isinstance(v, list)})


def base(a, b, M):
    return {"a": a.tolist(), "b": b.tolist(), "M": M.tolist()}


def quadratic():
    a, b, M = cloud_problem(20, 15, seed=0)
    for reg in (0.1, 0.01):
        P = ot.smooth.smooth_ot_dual(a, b, M, reg, reg_type="l2", stopThr=1e-15, numItermax=20000)
        Ps = ot.smooth.smooth_ot_semi_dual(a, b, M, reg, reg_type="l2", stopThr=1e-15, numItermax=20000)
        payload = base(a, b, M)
        payload.update({
            "reg": reg,
            "cost_dual": float(np.sum(P * M)),
            "objective_dual": float(np.sum(P * M) + 0.5 * reg * np.sum(P * P)),
            "marginal_error_dual": marginal_error(P, a, b),
            "nnz_dual": int(np.count_nonzero(P > 1e-12)),
            "cost_semi_dual": float(np.sum(Ps * M)),
            "objective_semi_dual": float(np.sum(Ps * M) + 0.5 * reg * np.sum(Ps * Ps)),
            "marginal_error_semi_dual": marginal_error(Ps, a, b),
            "plan_dual": P.tolist(),
        })
        write("quadratic_reg%g" % reg, payload)


def topk():
    a, b, M = cloud_problem(20, 15, seed=1)
    reg = 0.1
    for k in (1, 2, 3):
        with contextlib.redirect_stdout(io.StringIO()):  # POT prints a debug shape here
            P, log = ot.smooth.smooth_ot_semi_dual(a, b, M, reg, reg_type="sparsity_constrained", max_nz=k,
                                                   stopThr=1e-15, numItermax=20000, log=True)
            regul = ot.smooth.SparsityConstrained(max_nz=k, gamma=reg)
            semi_dual, _ = ot.smooth.semi_dual_obj_grad(log["alpha"], a, b, M, regul)
        payload = base(a, b, M)
        payload.update({
            "reg": reg,
            "k": k,
            "semi_dual": float(semi_dual),
            "cost": float(np.sum(P * M)),
            "objective": float(np.sum(P * M) + 0.5 * reg * np.sum(P * P)),
            "max_column_nnz": int((P > 0).sum(0).max()),
            "column_error": float(np.abs(P.sum(0) - b).sum()),
            "row_error": float(np.abs(P.sum(1) - a).sum()),
        })
        write("topk_k%d" % k, payload)


def partial():
    a, b, M = cloud_problem(12, 10, seed=2, mass_b=1.3)
    for mass in (0.5, 0.9):
        P = ot.partial.partial_wasserstein(a, b, M, m=mass)
        cost = ot.partial.partial_wasserstein2(a, b, M, m=mass)
        payload = base(a, b, M)
        payload.update({"mass": mass, "cost": float(cost), "plan_mass": float(P.sum()), "plan": P.tolist()})
        write("partial_exact_m%g" % mass, payload)
    for reg in (0.05,):
        mass = 0.7
        P, log = ot.partial.entropic_partial_wasserstein(a, b, M, reg, m=mass, numItermax=20000,
                                                         stopThr=1e-15, log=True)
        payload = base(a, b, M)
        payload.update({
            "mass": mass, "reg": reg, "cost": float(np.sum(P * M)), "plan_mass": float(P.sum()),
            "row_excess": float(np.maximum(P.sum(1) - a, 0).sum()),
            "column_excess": float(np.maximum(P.sum(0) - b, 0).sum()),
            "plan": P.tolist(),
        })
        write("partial_entropic_reg%g" % reg, payload)


def mirror():
    a, b, M = cloud_problem(10, 8, seed=3)
    payload = base(a, b, M)
    payload.update({"emd_cost": float(ot.emd2(a, b, M))})
    write("mirror_emd", payload)


if __name__ == "__main__":
    os.makedirs(DATA, exist_ok=True)
    quadratic()
    topk()
    partial()
    mirror()
