#!/usr/bin/env python3
"""Reference figures for the lesson statistics (Sources/OTSession/Lessons), computed with numpy and POT.

Writes Tests/OTSessionTests/Lessons/Reference/data/<lesson>.json: the inputs (logits, scores, points)
made here with numpy's own seeded generator, and the figures the Swift statistic must reproduce.
Run from the repository root (needs numpy and POT 0.9.7):
    python3 Tests/OTSessionTests/Lessons/Reference/make_reference_lessons.py

Conventions (as in otlab, see LogScalings and the statistics' doc comments):
- Sinkhorn iterations in these lessons scale the rows first, then the columns (otlab's `sinkhorn`
  order: iteration 1 starts with the row softmax); POT's sinkhorn_knopp scales the columns first,
  so the k-iteration baselines are computed here directly, in the log domain with scipy-free numpy.
- A hard assignment is the argmax of each row (ties to the lowest index, numpy's argmax).
- Imbalance = largest count / mean count over the classes.
"""
import contextlib
import io
import json
import os

import numpy as np
import ot

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")


def logsumexp(x, axis):
    top = np.max(x, axis=axis, keepdims=True)
    return np.squeeze(top, axis=axis) + np.log(np.sum(np.exp(x - top), axis=axis))


def scalings(C, a, b, reg, iterations):
    """f, g after `iterations` of (row scaling, column scaling) in the log domain."""
    logK = -C / reg
    f = np.zeros(C.shape[0])
    g = np.zeros(C.shape[1])
    for _ in range(iterations):
        f = np.log(a) - logsumexp(logK + g[None, :], axis=1)
        g = np.log(b) - logsumexp(logK + f[:, None], axis=0)
    return f, g, np.exp(f[:, None] + logK + g[None, :])


def counts(labels, classes):
    return np.bincount(labels, minlength=classes).astype(float)


def imbalance(c):
    return float(c.max() / c.mean())


def write(name, payload):
    with open(os.path.join(DATA, name + ".json"), "w") as f:
        json.dump(payload, f, indent=1)
    print("wrote", name, {k: v for k, v in payload.items() if not isinstance(v, list)})


def routing():
    rng = np.random.RandomState(11)
    T, E, skew = 64, 6, 0.8
    popularity = rng.randn(E)
    logits = skew * popularity[None, :] + rng.randn(T, E)
    C = -logits
    a = np.full(T, 1.0 / T)
    b = np.full(E, 1.0 / E)
    reg, k, topk_reg = 1.0, 2, 0.1
    softmax = np.argmax(logits, axis=1)
    payload = {"logits": logits.tolist(), "reg": reg, "k": k, "topk_reg": topk_reg}
    payload["softmax_loads"] = counts(softmax, E).tolist()
    payload["softmax_imbalance"] = imbalance(counts(softmax, E))
    for iterations in (1, 3, 10):
        _, _, P = scalings(C, a, b, reg, iterations)
        top1 = np.argmax(P, axis=1)
        payload[f"sinkhorn_{iterations}_loads"] = counts(top1, E).tolist()
        payload[f"sinkhorn_{iterations}_imbalance"] = imbalance(counts(top1, E))
        payload[f"sinkhorn_{iterations}_changed"] = float(np.mean(top1 != softmax))
    # Top-k sparse OT on the transposed problem (experts x tokens): at most k experts per token.
    with contextlib.redirect_stdout(io.StringIO()):  # POT prints a debug shape here
        Pt = ot.smooth.smooth_ot_semi_dual(b, a, C.T, topk_reg, reg_type="sparsity_constrained", max_nz=k,
                                           stopThr=1e-15, numItermax=20000)
    top1 = np.argmax(Pt, axis=0)
    payload["topk_loads"] = counts(top1, E).tolist()
    payload["topk_imbalance"] = imbalance(counts(top1, E))
    payload["topk_changed"] = float(np.mean(top1 != softmax))
    payload["topk_mass"] = (Pt.sum(axis=1) * T).tolist()
    payload["topk_nonzeros_per_token_max"] = int((Pt > 0).sum(axis=0).max())
    # A converged entropic plan (POT), for the statistic's figures of a given plan.
    P = ot.sinkhorn(a, b, C, reg, numItermax=100000, stopThr=1e-14)
    top1 = np.argmax(P, axis=1)
    payload["plan"] = P.tolist()
    payload["plan_loads"] = counts(top1, E).tolist()
    payload["plan_imbalance"] = imbalance(counts(top1, E))
    payload["plan_changed"] = float(np.mean(top1 != softmax))
    write("routing", payload)


def equipartition():
    rng = np.random.RandomState(5)
    N, K, temperature, reg = 90, 3, 4.0, 0.2
    means = np.array([[0.0, 3.0], [2.6, -1.5], [-2.6, -1.5]])
    shares = np.array([1.0, 0.5, 1.0 / 3])
    component = rng.choice(K, size=N, p=shares / shares.sum())
    points = means[component] + 0.9 * rng.randn(N, 2)
    centres = means + 0.5 * rng.randn(K, 2)
    scores = -((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2) / temperature
    log_p = scores - logsumexp(scores, axis=1)[:, None]
    C = -log_p
    a = np.full(N, 1.0 / N)
    b = np.full(K, 1.0 / K)
    before = np.argmax(log_p, axis=1)
    payload = {"points": points.tolist(), "centres": centres.tolist(), "cost": C.tolist(), "reg": reg}
    payload["before_sizes"] = counts(before, K).tolist()
    payload["before_imbalance"] = imbalance(counts(before, K))
    # Sinkhorn-Knopp to convergence (row error below 1e-13), rows then columns as in otlab.
    f, g, P = scalings(C, a, b, reg, 1)
    for _ in range(10000):
        if np.abs(P.sum(axis=1) - a).sum() < 1e-13:
            break
        f, g, P = scalings_step(C, a, b, reg, f, g)
    after = np.argmax(P, axis=1)
    payload["sinkhorn_sizes"] = counts(after, K).tolist()
    payload["sinkhorn_imbalance"] = imbalance(counts(after, K))
    payload["sinkhorn_changed"] = float(np.mean(after != before))
    # POT's converged plan (the fixed point does not depend on the order), for the plan's figures.
    Q = ot.sinkhorn(a, b, C, reg, method="sinkhorn_log", numItermax=100000, stopThr=1e-14)
    labels = np.argmax(Q, axis=1)
    payload["plan"] = Q.tolist()
    payload["plan_sizes"] = counts(labels, K).tolist()
    payload["plan_changed"] = float(np.mean(labels != before))
    payload["plan_soft_sizes"] = (Q.sum(axis=0) * N / Q.sum()).tolist()
    payload["plan_labels"] = labels.tolist()
    payload["before_labels"] = before.tolist()
    write("equipartition", payload)


def scalings_step(C, a, b, reg, f, g):
    logK = -C / reg
    f = np.log(a) - logsumexp(logK + g[None, :], axis=1)
    g = np.log(b) - logsumexp(logK + f[:, None], axis=0)
    return f, g, np.exp(f[:, None] + logK + g[None, :])


def attention_measure(P):
    deviation = float(np.abs(P.sum(axis=0) - 1).max())
    R = P / P.sum(axis=1, keepdims=True)
    entropy = float(np.mean(-np.sum(np.where(R > 0, R * np.log(np.where(R > 0, R, 1)), 0), axis=1)))
    return deviation, entropy


def attention():
    rng = np.random.RandomState(8)
    n, reg = 12, 0.5
    S = 2.0 * rng.randn(n, n)
    logK = S / reg
    payload = {"scores": S.tolist(), "reg": reg}
    f = np.zeros(n)
    g = np.zeros(n)
    # The doubly-stochastic solver's order: iteration 1 scales the rows; each further one the columns, then the rows.
    for iteration in range(1, 11):
        if iteration > 1:
            g = -logsumexp(logK + f[:, None], axis=0)
        f = -logsumexp(logK + g[None, :], axis=1)
        if iteration in (1, 3, 10):
            P = np.exp(f[:, None] + logK + g[None, :])
            prefix = "softmax" if iteration == 1 else f"sinkhorn_{iteration}"
            payload[f"{prefix}_column_deviation"], payload[f"{prefix}_row_entropy"] = attention_measure(P)
            if iteration == 1:
                softmax = np.exp(logK - logsumexp(logK, axis=1)[:, None])
                assert np.allclose(P, softmax, atol=1e-15)
    ones = np.ones(n)
    P = ot.sinkhorn(ones, ones, -S, reg, method="sinkhorn_log", numItermax=100000, stopThr=1e-13)
    payload["plan"] = P.tolist()
    payload["plan_column_deviation"], payload["plan_row_entropy"] = attention_measure(P)
    write("attention", payload)


if __name__ == "__main__":
    os.makedirs(DATA, exist_ok=True)
    routing()
    equipartition()
    attention()
