"""Data and POT's answers for the Monge gap (Uscidda & Cuturi, ICML 2023) lessons and tests.

Writes presets/data/monge-{ot-map,rotation,fold}.csv: one cloud of 48 points in the plane (seeded
numpy) and its image under three maps, as x,y,tx,ty rows (the layout `otlab monge-gap PAIRS.csv`
reads), and Tests/Reference/lessons/monge_gap_reference.json with, for each map:
  transport_cost = mean ||x - T(x)||^2 (uniform weights),
  wasserstein    = ot.emd2(a, a, ot.dist(X, TX)) (exact),
  monge_gap      = transport_cost - wasserstein,
and the entropic gap at reg (entropic_reg): W = <P,M> + reg KL(P | a a^T) for POT's log-domain
Sinkhorn plan (numItermax 200000, stopThr 1e-13), OTT-JAX's reg_ot_cost of the paper.

The maps: ot-map is T(x) = A x + b with A symmetric positive definite, the gradient of a convex
function, hence optimal for its own pushforward (Brenier): the exact gap is 0. rotation turns the
cloud by 60 degrees about its centre (monotone but not a gradient). fold reflects the left half of
the cloud onto the right (x1 -> |x1|): a map that crosses itself, with a large gap.

Run from the repository root: python3 Tests/Reference/lessons/make_monge_gap_reference.py
"""
import json
import os

import numpy as np
import ot

assert ot.__version__ == "0.9.7", ot.__version__
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
REG = 0.05


def cloud(n=48, seed=2023):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2)) * np.array([1.0, 0.45])
    x = x - x.mean(axis=0)
    return np.round(x, 6)


def maps(x):
    A = np.array([[1.3, 0.4], [0.4, 0.7]])
    theta = np.pi / 3
    R = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    return {
        "ot-map": x @ A.T + np.array([0.5, 0.25]),
        "rotation": x @ R.T,
        "fold": np.c_[np.abs(x[:, 0]), x[:, 1]],
    }


def write_pairs(path, x, tx):
    with open(path, "w") as f:
        f.write("x,y,tx,ty\n")
        for p, q in zip(x, tx):
            f.write(",".join(repr(float(v)) for v in (*p, *q)) + "\n")


def read_pairs(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    return data[:, :2], data[:, 2:]


def entropic(a, M, reg):
    P = ot.sinkhorn(a, a, M, reg, method="sinkhorn_log", numItermax=200000, stopThr=1e-13)
    positive = P > 0
    kl = np.sum(P[positive] * np.log(P[positive] / np.outer(a, a)[positive]))
    return float(np.sum(P * M) + reg * kl), float(np.sum(P * M))


def main():
    x = cloud()
    out = {"pot_version": ot.__version__, "cost": "sqeuclidean", "entropic_reg": REG, "maps": {}}
    for name, tx in maps(x).items():
        path = os.path.join(ROOT, "presets", "data", "monge-%s.csv" % name)
        write_pairs(path, x, tx)
        xs, ys = read_pairs(path)  # the numbers exactly as otlab reads them
        n = len(xs)
        a = np.full(n, 1.0 / n)
        M = ot.dist(xs, ys)
        transport = float(np.mean(np.sum((xs - ys) ** 2, axis=1)))
        exact = float(ot.emd2(a, a, M, numItermax=10_000_000))
        w_reg, plan_cost = entropic(a, M, REG)
        out["maps"][name] = {
            "file": "presets/data/monge-%s.csv" % name,
            "points": n,
            "transport_cost": transport,
            "wasserstein": exact,
            "monge_gap": transport - exact,
            "entropic_wasserstein": w_reg,
            "entropic_plan_cost": plan_cost,
            "entropic_monge_gap": transport - w_reg,
        }
        print(name, out["maps"][name])
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "monge_gap_reference.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
