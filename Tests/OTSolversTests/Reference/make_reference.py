#!/usr/bin/env python3
"""Writes the POT reference values that otlab's solver tests compare against.

One JSON file per problem goes into ./data next to this script:

    {"name", "description", "a", "b", "M", "xs", "xt", "metric",
     "emd2", "emd_plan_nnz", "emd_u", "emd_v", "emd2_1d",
     "sinkhorn":     [{"reg", "cost", "objective"}, ...],
     "sinkhorn_log": [{"reg", "cost", "objective"}, ...]}

* ``M`` is the exact cost matrix every value was computed from (tests use it as given, so that the
  rounding of ``ot.dist`` does not matter); ``xs``/``xt``/``metric`` describe where it came from.
* ``emd2`` is ``ot.emd2(a, b, M)``; ``emd_plan_nnz`` the number of positive entries of ``ot.emd``;
  ``emd_u``/``emd_v`` are the dual potentials of ``ot.emd(a, b, M, log=True)`` (POT's sign: cost =
  a.u + b.v, centred so that a.u = b.v), given only when the optimal plan is non-degenerate (a
  spanning tree of clearly positive flows), which makes them unique on the points of positive
  weight; null otherwise. Uniform weights such as 1/40 and 1/50 make degenerate plans, whose
  "positive" entries include round-off of order 1e-18 that ``emd_plan_nnz`` also counts.
* ``emd2_1d`` is ``ot.emd2_1d(xs, xt, a, b, metric='sqeuclidean')`` for 1-D point clouds, else null.
* ``sinkhorn[k].cost`` is ``ot.sinkhorn2(a, b, M, reg, method=..., numItermax=200000, stopThr=1e-13)``
  (the transport cost <P, M> of the entropic plan); ``objective`` is
  ``<P, M> + reg * sum(P log(P / (a b^T)))`` from the plan of ``ot.sinkhorn`` with 0 log 0 = 0.
* ``reg`` is absolute (POT's convention), chosen as fractions of ``M.max()``.
* Sinkhorn values are computed with zero-weight points removed (see ``sinkhorn_records``).

Deterministic: every problem uses its own seeded generator. Run from anywhere:

    python3 Tests/OTSolversTests/Reference/make_reference.py
"""

import json
import os
import warnings

import numpy as np
import ot

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
SINKHORN_FRACTIONS = (0.5, 0.1, 0.03)
SINKHORN_MAX_ITER = 200000
SINKHORN_STOP = 1e-13


def entropic_objective(plan, a, b, M, reg):
    """<P, M> + reg * KL-type term sum P log(P / (a b^T)), with 0 log 0 = 0."""
    outer = np.outer(a, b)
    positive = plan > 0
    entropy = np.sum(plan[positive] * np.log(plan[positive] / outer[positive]))
    return float(np.sum(plan * M) + reg * entropy)


def sinkhorn_records(a, b, M, method):
    """Sinkhorn cost and objective at the three regularizations.

    Zero-weight points are dropped first: the entropic optimum sends them no mass, so the values
    are unchanged, while POT's ``sinkhorn_knopp`` computes inf * 0 = NaN when both ``a`` and ``b``
    have zeros. ``reg`` stays relative to the max of the full ``M``.
    """
    full_max = M.max()
    keep_a, keep_b = a > 0, b > 0
    a, b, M = a[keep_a], b[keep_b], M[np.ix_(keep_a, keep_b)]
    records = []
    for fraction in SINKHORN_FRACTIONS:
        reg = float(fraction * full_max)
        with warnings.catch_warnings():
            # POT warns (UserWarning) when Sinkhorn stops before stopThr: a non-converged reference
            # is a bug in this script. Zero weights make POT divide by zero / take log(0) on
            # purpose (harmless: those rows get zero scaling), so RuntimeWarnings are allowed.
            warnings.simplefilter("error", UserWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            cost = ot.sinkhorn2(a, b, M, reg, method=method,
                                numItermax=SINKHORN_MAX_ITER, stopThr=SINKHORN_STOP)
            plan = ot.sinkhorn(a, b, M, reg, method=method,
                               numItermax=SINKHORN_MAX_ITER, stopThr=SINKHORN_STOP)
        cost = float(cost)
        if not np.isfinite(cost) or not np.all(np.isfinite(plan)):
            raise RuntimeError(f"{method} reg={reg}: non-finite result")
        records.append({"reg": reg, "cost": cost,
                        "objective": entropic_objective(plan, a, b, M, reg)})
    return records


def problem_record(name, description, a, b, M, xs=None, xt=None, metric=None, one_dimensional=False):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    M = np.ascontiguousarray(M, dtype=np.float64)
    plan, log = ot.emd(a, b, M, numItermax=10_000_000, log=True)
    emd2 = float(ot.emd2(a, b, M, numItermax=10_000_000))
    positive = plan[plan > 0]
    tree_size = np.count_nonzero(a) + np.count_nonzero(b) - 1
    unique_duals = positive.size == tree_size and positive.min() > 1e-14 * positive.max()
    emd2_1d = None
    if one_dimensional:
        emd2_1d = float(ot.emd2_1d(xs[:, 0], xt[:, 0], a, b, metric="sqeuclidean"))
    return {
        "name": name,
        "description": description,
        "a": a.tolist(),
        "b": b.tolist(),
        "M": M.tolist(),
        "xs": None if xs is None else np.asarray(xs, dtype=np.float64).tolist(),
        "xt": None if xt is None else np.asarray(xt, dtype=np.float64).tolist(),
        "metric": metric,
        "emd2": emd2,
        "emd_plan_nnz": int(np.count_nonzero(plan > 0)),
        "emd_u": log["u"].tolist() if unique_duals else None,
        "emd_v": log["v"].tolist() if unique_duals else None,
        "emd2_1d": emd2_1d,
        "sinkhorn": sinkhorn_records(a, b, M, "sinkhorn"),
        "sinkhorn_log": sinkhorn_records(a, b, M, "sinkhorn_log"),
    }


def random_weights(rng, n):
    w = rng.uniform(0.1, 1.0, n)
    return w / w.sum()


def gaussian_clouds_2d():
    rng = np.random.default_rng(101)
    n, m = 40, 50
    xs = rng.normal(size=(n, 2))
    xt = rng.normal(size=(m, 2)) * 0.8 + np.array([2.0, 1.0])
    M = ot.dist(xs, xt, metric="sqeuclidean")
    return problem_record(
        "gaussian2d_sqeuclidean",
        "2-D gaussian clouds n=40, m=50, uniform weights, squared euclidean cost",
        ot.unif(n), ot.unif(m), M, xs, xt, "sqeuclidean")


def weighted_clouds_3d():
    rng = np.random.default_rng(202)
    n, m = 30, 35
    xs = rng.normal(size=(n, 3))
    xt = rng.normal(size=(m, 3)) + np.array([1.0, -1.0, 0.5])
    M = ot.dist(xs, xt, metric="euclidean")
    return problem_record(
        "weighted3d_euclidean",
        "3-D gaussian clouds n=30, m=35, random normalized weights, euclidean cost",
        random_weights(rng, n), random_weights(rng, m), M, xs, xt, "euclidean")


def random_cost_matrix():
    rng = np.random.default_rng(303)
    n, m = 25, 30
    M = rng.uniform(0.0, 1.0, size=(n, m))
    return problem_record(
        "random_cost",
        "weight vectors n=25, m=30 with random weights and a non-metric cost uniform in [0, 1]",
        random_weights(rng, n), random_weights(rng, m), M)


def histograms_1d():
    bins = 50
    x = np.arange(bins, dtype=np.float64)
    a = 0.6 * ot.datasets.make_1D_gauss(bins, m=12, s=4) + 0.4 * ot.datasets.make_1D_gauss(bins, m=34, s=6)
    b = 0.3 * ot.datasets.make_1D_gauss(bins, m=20, s=3) + 0.7 * ot.datasets.make_1D_gauss(bins, m=38, s=5)
    a = a / a.sum()
    b = b / b.sum()
    grid = x.reshape(-1, 1)
    M = (x[:, None] - x[None, :]) ** 2
    return problem_record(
        "histograms1d_grid",
        "1-D histograms on a grid of 50 bins (positions 0..49), two gaussian bumps each, cost (x_i - x_j)^2",
        a, b, M, grid, grid, "sqeuclidean", one_dimensional=True)


def point_clouds_1d():
    rng = np.random.default_rng(505)
    n, m = 40, 33
    xs = rng.normal(size=(n, 1))
    xt = rng.normal(size=(m, 1)) * 1.5 + 0.7
    M = ot.dist(xs, xt, metric="sqeuclidean")
    return problem_record(
        "points1d_weighted",
        "1-D point clouds n=40, m=33 with random normalized weights, squared euclidean cost",
        random_weights(rng, n), random_weights(rng, m), M, xs, xt, "sqeuclidean", one_dimensional=True)


def zero_weights():
    rng = np.random.default_rng(606)
    n, m = 20, 24
    xs = rng.normal(size=(n, 2))
    xt = rng.normal(size=(m, 2)) + 1.0
    a = rng.uniform(0.1, 1.0, n)
    b = rng.uniform(0.1, 1.0, m)
    a[[0, 7, 8, 19]] = 0.0
    b[[3, 4, 11, 23]] = 0.0
    M = ot.dist(xs, xt, metric="sqeuclidean")
    return problem_record(
        "zero_weights",
        "2-D clouds n=20, m=24 where four source and four target points have zero weight, squared euclidean",
        a / a.sum(), b / b.sum(), M, xs, xt, "sqeuclidean")


def cityblock_clouds():
    rng = np.random.default_rng(707)
    n, m = 45, 40
    xs = rng.uniform(0.0, 1.0, size=(n, 2))
    xt = rng.normal(size=(m, 2)) * 0.3 + 0.5
    M = ot.dist(xs, xt, metric="cityblock")
    return problem_record(
        "cityblock2d",
        "2-D clouds n=45 (uniform square), m=40 (gaussian), uniform weights, cityblock (L1) cost",
        ot.unif(n), ot.unif(m), M, xs, xt, "cityblock")


def main():
    os.makedirs(DATA_DIR, exist_ok=True)
    builders = [gaussian_clouds_2d, weighted_clouds_3d, random_cost_matrix, histograms_1d,
                point_clouds_1d, zero_weights, cityblock_clouds]
    print(f"POT {ot.__version__}, numpy {np.__version__}")
    for build in builders:
        record = build()
        path = os.path.join(DATA_DIR, record["name"] + ".json")
        with open(path, "w") as f:
            json.dump(record, f, separators=(",", ":"))
            f.write("\n")
        shape = f"{len(record['a'])}x{len(record['b'])}"
        regs = ", ".join(f"{s['reg']:.4g}" for s in record["sinkhorn"])
        extra = f" emd2_1d={record['emd2_1d']:.10g}" if record["emd2_1d"] is not None else ""
        extra += " duals=unique" if record["emd_u"] is not None else " duals=degenerate"
        print(f"{record['name']:24s} {shape:6s} emd2={record['emd2']:.10g} nnz={record['emd_plan_nnz']}{extra} reg=[{regs}]")


if __name__ == "__main__":
    main()
