#!/usr/bin/env python3
"""Reference values from POT for the entropic solvers of issue 4 (sns, unbalanced, divergence).

Run from the repository root:  python3 Tests/OTSolversTests/Reference/make_reference_entropic2.py [--skip-sns]
Writes Tests/OTSolversTests/Reference/data/{sns,unbalanced,divergence}_*.json.

Conventions (DESIGN.md): reg is absolute (K = exp(-C/reg)); `cost` is <P, C>; entropic values use the
generalized KL, KL(P | Q) = sum P log(P/Q) - P + Q.

The SNS reference problem (n = 500, C uniform in [0, 1]) is not stored: the Swift test regenerates it
with the same SplitMix64 generator as `splitmix_uniform` below, so only the seed goes in the JSON.
The long log-domain Sinkhorn behind it takes several minutes.
"""
import json
import os
import sys
import time

import numpy as np
import ot

DATA = os.path.join("Tests", "OTSolversTests", "Reference", "data", "entropic")
MASK = (1 << 64) - 1


def splitmix_uniform(seed, count):
    """`count` doubles in [0, 1) from SplitMix64 (top 53 bits), exactly as the Swift tests draw them."""
    state = seed & MASK
    out = np.empty(count)
    for k in range(count):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z = z ^ (z >> 31)
        out[k] = (z >> 11) * 2.0 ** -53
    return out


def generalized_kl(p, q):
    p = np.asarray(p, dtype=float).ravel()
    q = np.asarray(q, dtype=float).ravel()
    positive = p > 0
    return float(np.sum(p[positive] * np.log(p[positive] / q[positive])) - p.sum() + q.sum())


def entropic_value(plan, a, b, M, reg):
    """<P, C> + reg KL(P | a b^T), the entropic OT value at the optimum."""
    return float(np.sum(plan * M)) + reg * generalized_kl(plan, np.outer(a, b))


def write(name, payload):
    path = os.path.join(DATA, name)
    with open(path, "w") as handle:
        json.dump(payload, handle, indent=1)
        handle.write("\n")
    print("wrote", path)


def sns_reference():
    n, seed, reg = 500, 20240120, 1.0 / 1200.0
    M = splitmix_uniform(seed, n * n).reshape(n, n)
    a = np.full(n, 1.0 / n)
    b = np.full(n, 1.0 / n)
    started = time.time()
    # The long Sinkhorn run: POT's log-domain Sinkhorn costs ~50 ms an iteration at n = 500 (two
    # logsumexp passes), and tens of thousands of iterations are needed at this reg. POT's stabilized
    # scaling Sinkhorn (absorption into the potentials, matrix-vector products) runs the same
    # iterations ~50x faster; its potentials then warm-start sinkhorn_log, which must confirm the
    # stopping threshold itself, and whose plan gives the values.
    _, slog = ot.bregman.sinkhorn_stabilized(a, b, M, reg, numItermax=300000, stopThr=1e-12, log=True)
    stabilized_iterations = int(slog["n_iter"]) if "n_iter" in slog else len(slog["err"]) * 10
    plan, log = ot.sinkhorn(a, b, M, reg, method="sinkhorn_log", numItermax=100000, stopThr=1e-12,
                            log=True, warmstart=(slog["logu"], slog["logv"]))
    seconds = time.time() - started
    marginal = float(np.abs(plan.sum(1) - a).sum() + np.abs(plan.sum(0) - b).sum())
    write("sns_random_assignment.json", {
        "description": "random assignment, C uniform in [0,1] from SplitMix64(seed) row-major, uniform weights 1/n",
        "n": n, "seed": seed, "reg": reg,
        "cost": float(np.sum(plan * M)),
        "objective": entropic_value(plan, a, b, M, reg),
        "marginal_error": marginal,
        "pot_iterations": stabilized_iterations + int(log["niter"]),
        "pot_seconds": seconds,
        "pot_call": "ot.bregman.sinkhorn_stabilized(a, b, M, reg, stopThr=1e-12) then "
                    "ot.sinkhorn(a, b, M, reg, method='sinkhorn_log', stopThr=1e-12, warmstart=(logu, logv))",
    })


def outlier_clouds():
    rng = np.random.default_rng(7)
    xs = rng.normal(0.0, 0.3, size=(40, 2))
    xs[:3] += np.array([3.0, 3.0])  # outliers far from the target
    ys = rng.normal(0.5, 0.3, size=(30, 2))
    ys[:2] += np.array([-3.0, 2.5])
    a = rng.uniform(0.5, 1.5, size=40)
    b = rng.uniform(0.5, 1.5, size=30)
    a = a / a.sum()          # mass 1
    b = 1.5 * b / b.sum()    # mass 1.5
    return xs, ys, a, b


def unbalanced_reference():
    xs, ys, a, b = outlier_clouds()
    M = ot.dist(xs, ys)  # squared Euclidean
    cases = []
    for reg, reg_m in [(0.05, 0.5), (0.1, 5.0), (0.02, 1.0)]:
        plan = ot.unbalanced.sinkhorn_unbalanced(
            a, b, M, reg, reg_m, method="sinkhorn", reg_type="kl", numItermax=200000, stopThr=1e-13)
        cost = float(np.sum(plan * M))
        objective = (cost + reg * generalized_kl(plan, np.outer(a, b))
                     + reg_m * (generalized_kl(plan.sum(1), a) + generalized_kl(plan.sum(0), b)))
        cases.append({"reg": reg, "reg_m": reg_m, "cost": cost, "mass": float(plan.sum()), "objective": objective})
    write("unbalanced_outliers.json", {
        "description": "2-D clouds with outliers, |a| = 1, |b| = 1.5, sqeuclidean cost; "
                       "POT ot.unbalanced.sinkhorn_unbalanced(method='sinkhorn', reg_type='kl', stopThr=1e-13) "
                       "(POT 0.9.7's method='sinkhorn_stabilized' with reg_type='kl' returns a near-zero plan here: not used); "
                       "objective = <P,C> + reg KL(P|ab^T) + reg_m (KL(P1|a) + KL(P^T1|b)) with the generalized KL",
        "source_points": xs.tolist(), "target_points": ys.tolist(),
        "a": a.tolist(), "b": b.tolist(), "cases": cases,
    })


def symmetric_potential(p, M, reg, iterations=200000, tolerance=1e-14):
    """Fixed point of f = reg log p - reg LSE_j((f_j - M_ij)/reg) by the averaged update
    f <- (f + T(f))/2 (Feydy et al. 2019), in cost units."""
    from scipy.special import logsumexp
    f = np.zeros(len(p))
    for _ in range(iterations):
        t = reg * (np.log(p) - logsumexp((f[None, :] - M) / reg, axis=1))
        if np.max(np.abs(t - f)) < tolerance:
            return t
        f = 0.5 * (f + t)
    return f


def divergence_reference():
    rng = np.random.default_rng(11)
    xs = rng.normal(0.0, 1.0, size=(30, 2))
    ys = rng.normal(0.0, 1.0, size=(25, 2)) * np.array([1.5, 0.5]) + np.array([1.0, 0.0])
    a = rng.uniform(0.5, 1.5, size=30)
    b = rng.uniform(0.5, 1.5, size=25)
    a, b = a / a.sum(), b / b.sum()
    cases = []
    for reg in [0.5, 0.1]:
        terms, errors = {}, {}
        for key, (x, y, p, q) in {"ab": (xs, ys, a, b), "aa": (xs, xs, a, a), "bb": (ys, ys, b, b)}.items():
            M = ot.dist(x, y)
            # Plain alternating Sinkhorn crawls on the symmetric self terms (POT needs >1e6 iterations for
            # bb at reg 0.1), so those start from the averaged symmetric fixed point and POT polishes.
            warmstart = None if key == "ab" else (symmetric_potential(p, M, reg) / reg,) * 2
            plan, log = ot.sinkhorn(p, q, M, reg, method="sinkhorn_log", numItermax=1000000, stopThr=1e-13,
                                    log=True, warmstart=warmstart)
            marginal = float(np.abs(plan.sum(1) - p).sum() + np.abs(plan.sum(0) - q).sum())
            errors[key] = marginal
            print(f"divergence reg={reg} {key}: POT iterations {log['niter']}, marginal error {marginal:.3g}")
            terms[key] = entropic_value(plan, p, q, M, reg)
            if key == "ab":
                cross_cost = float(np.sum(plan * M))
        divergence = terms["ab"] - 0.5 * (terms["aa"] + terms["bb"])
        pot_linear = float(ot.bregman.empirical_sinkhorn_divergence(
            xs, ys, reg, a, b, metric="sqeuclidean", numIterMax=100000, stopThr=1e-12))
        cases.append({"reg": reg, "divergence": divergence, "ot_ab": terms["ab"], "ot_aa": terms["aa"],
                      "ot_bb": terms["bb"], "cost": cross_cost, "pot_marginal_errors": errors,
                      "pot_empirical_sinkhorn_divergence_linear_cost": pot_linear})
    write("divergence_clouds.json", {
        "description": "debiased Sinkhorn divergence S = OT(a,b) - OT(a,a)/2 - OT(b,b)/2 with "
                       "OT = <P,C> + reg KL(P|ab^T) from POT plans ot.sinkhorn(method='sinkhorn_log', numItermax=1000000, stopThr=1e-13), "
                       "the self terms warm-started from the averaged symmetric fixed point (POT then confirms convergence at once); "
                       "sqeuclidean cost. POT's empirical_sinkhorn_divergence uses <P,C> only (and clamps at 0); its "
                       "value is stored for information, not compared.",
        "source_points": xs.tolist(), "target_points": ys.tolist(),
        "a": a.tolist(), "b": b.tolist(), "cases": cases,
    })


if __name__ == "__main__":
    os.makedirs(DATA, exist_ok=True)
    unbalanced_reference()
    divergence_reference()
    if "--skip-sns" not in sys.argv:
        sns_reference()
