#!/usr/bin/env python3
"""Reference values from POT 0.9.7 for otlab's barycenters and fast distances (issue 17).

Run from the repository root:
    python3 Tests/OTSolversTests/Reference/make_reference_barycenters.py
Writes small .npy files and one values.json into Tests/OTSolversTests/Reference/data/barycenters/.

What is computed (every input is written next to the output, so the Swift tests read the same data):
- sliced: ot.sliced_wasserstein_distance and ot.sliced.max_sliced_wasserstein_distance on two
  weighted 3-D clouds with a fixed projection matrix (sliced_projections.npy), for p = 2 and p = 1,
  plus the projected W_p^p of each direction (for the running estimate), and the same distance with
  POT drawing the projections itself from seed=0 (numpy's legacy RandomState).
- gaussian: ot.gaussian.empirical_bures_wasserstein_distance (reg=1e-6, weights as (n, 1) columns)
  and empirical_bures_wasserstein_mapping on the same clouds.
- bregman: ot.bregman.barycenter (method "sinkhorn" and "sinkhorn_log") of two 1-D histograms on
  linspace(0, 1, n) and of three 32 x 32 pictures on the grid scaled to [0, 1]^2, with M the squared
  Euclidean distance (ot.dist), stopThr=0 so that POT runs exactly numItermax iterations.
- convolutional: ot.bregman.convolutional_barycenter2d (sinkhorn, sinkhorn_log) and
  convolutional_barycenter2d_debiased (sinkhorn, sinkhorn_log) of pictures of 32 x 32 and 64 x 64,
  each normalized to mass 1, stopThr=0 and a fixed numItermax.
- free support: ot.lp.free_support_barycenter of three weighted 2-D clouds from a fixed X_init, and
  ot.bregman.free_support_sinkhorn_barycenter (entropic inner solves, reg 0.5, inner ot.sinkhorn
  with numInnerItermax 1000 and stopThr 1e-12) of the same clouds from the same X_init.
"""
import json
import os

import numpy as np
import ot

assert ot.__version__ == "0.9.7", ot.__version__

DATA = os.path.join("Tests", "OTSolversTests", "Reference", "data", "barycenters")
os.makedirs(DATA, exist_ok=True)
values = {}


def save(name, array):
    np.save(os.path.join(DATA, name + ".npy"), np.ascontiguousarray(array, dtype=np.float64))


# ---------------------------------------------------------------- sliced and Gaussian
rng = np.random.RandomState(17)
xs = rng.randn(40, 3) @ np.array([[1.0, 0.3, 0.0], [0.0, 0.8, 0.2], [0.1, 0.0, 0.5]]) + [0.5, -0.2, 1.0]
xt = rng.randn(30, 3) * [0.7, 1.3, 0.9] + [-0.4, 0.6, 0.2]
a = rng.uniform(0.5, 2.0, 40)
b = rng.uniform(0.5, 2.0, 30)
a /= a.sum()
b /= b.sum()
projections = ot.sliced.get_random_projections(3, 64, seed=7)
save("clouds_xs", xs)
save("clouds_xt", xt)
save("clouds_a", a)
save("clouds_b", b)
save("sliced_projections", projections)

sliced = {}
for p in (2, 1):
    d, log = ot.sliced_wasserstein_distance(xs, xt, a, b, projections=projections, p=p, log=True)
    sliced["p%d" % p] = float(d)
    sliced["p%d_projected" % p] = [float(v) for v in log["projected_emds"]]
    sliced["max_p%d" % p] = float(ot.sliced.max_sliced_wasserstein_distance(xs, xt, a, b, projections=projections, p=p))
sliced["seed0_n50_p2"] = float(ot.sliced_wasserstein_distance(xs, xt, a, b, n_projections=50, seed=0, p=2))
sliced["seed0_first_projection"] = [float(v) for v in ot.sliced.get_random_projections(3, 50, seed=0)[:, 0]]
values["sliced"] = sliced

w, log = ot.gaussian.empirical_bures_wasserstein_distance(xs, xt, reg=1e-6, ws=a[:, None], wt=b[:, None], log=True)
A, bias = ot.gaussian.empirical_bures_wasserstein_mapping(xs, xt, reg=1e-6, ws=a[:, None], wt=b[:, None])
values["gaussian"] = {
    "w2": float(w ** 2),
    "map_A": [[float(v) for v in row] for row in A],
    "map_b": [float(v) for v in np.ravel(bias)],
}


# ---------------------------------------------------------------- fixed-support (Bregman) barycenters
def gauss1d(n, m, s):
    x = np.arange(n, dtype=np.float64)
    h = np.exp(-((x - m) ** 2) / (2 * s ** 2))
    return h / h.sum()


n = 60
h1 = gauss1d(n, 15, 4) + 0.3 * gauss1d(n, 25, 3)
h1 /= h1.sum()
h2 = gauss1d(n, 42, 6)
save("hist1d_1", h1)
save("hist1d_2", h2)
x1 = np.linspace(0, 1, n)[:, None]
M1 = ot.dist(x1, x1)
bregman = {"hist1d": {"reg": 2e-3, "weights": [0.3, 0.7], "iterations": 300}}
for method in ("sinkhorn", "sinkhorn_log"):
    bar = ot.bregman.barycenter(np.vstack([h1, h2]).T, M1, 2e-3, weights=np.array([0.3, 0.7]), method=method,
                                numItermax=300, stopThr=0, warn=False)
    save("hist1d_bar_" + method, bar)


def grid_points(w, h):
    """Pixel (row i, column j) at (i / (w - 1), j / (h - 1)): POT's linspace(0, 1) per axis."""
    ti, tj = np.linspace(0, 1, w), np.linspace(0, 1, h)
    return np.array([[ti[i], tj[j]] for i in range(w) for j in range(h)])


def disc(size, ci, cj, r, soft=0.0):
    i, j = np.mgrid[0:size, 0:size]
    d = np.hypot(i - ci, j - cj)
    picture = (d <= r).astype(np.float64) + soft
    return picture / picture.sum()


def ring(size, ci, cj, r0, r1, soft=0.0):
    i, j = np.mgrid[0:size, 0:size]
    d = np.hypot(i - ci, j - cj)
    picture = ((d >= r0) & (d <= r1)).astype(np.float64) + soft
    return picture / picture.sum()


def square(size, i0, i1, j0, j1, soft=0.0):
    picture = np.zeros((size, size)) + soft
    picture[i0:i1, j0:j1] += 1
    return picture / picture.sum()


# Strictly positive pictures (a small floor) keep every method's logarithms finite.
p32 = [disc(32, 10, 11, 6, 1e-3), ring(32, 20, 19, 5, 9, 1e-3), square(32, 5, 14, 18, 29, 1e-3)]
for k, picture in enumerate(p32):
    save("pic32_%d" % (k + 1), picture)
weights3 = np.array([0.5, 0.3, 0.2])
G = grid_points(32, 32)
M2 = ot.dist(G, G)
bregman["pic32"] = {"reg": 4e-3, "weights": weights3.tolist(), "iterations": 60}
for method in ("sinkhorn", "sinkhorn_log"):
    bar = ot.bregman.barycenter(np.vstack([p.ravel() for p in p32]).T, M2, 4e-3, weights=weights3, method=method,
                                numItermax=60, stopThr=0, warn=False)
    save("pic32_bar_" + method, bar.reshape(32, 32))
values["bregman"] = bregman

# ---------------------------------------------------------------- convolutional barycenters
p64 = [disc(64, 22, 24, 13), ring(64, 40, 38, 9, 18)]
for k, picture in enumerate(p64):
    save("pic64_%d" % (k + 1), picture)
conv = {
    "pic32": {"reg": 4e-3, "weights": weights3.tolist(), "iterations": 50},
    "pic64": {"reg": 2e-3, "weights": [0.5, 0.5], "iterations": 40},
}
for name, pictures, w in (("pic32", p32, weights3), ("pic64", p64, np.array([0.5, 0.5]))):
    A = np.stack(pictures)
    reg, iterations = conv[name]["reg"], conv[name]["iterations"]
    for method in ("sinkhorn", "sinkhorn_log"):
        bar = ot.bregman.convolutional_barycenter2d(A, reg, weights=w, method=method, numItermax=iterations,
                                                    stopThr=0, warn=False)
        save("%s_conv_%s" % (name, method), bar)
        bar = ot.bregman.convolutional_barycenter2d_debiased(A, reg, weights=w, method=method,
                                                             numItermax=iterations, stopThr=0, warn=False)
        save("%s_debiased_%s" % (name, method), bar)
# POT's own stopping rule: the iteration count and the barycenter at stopThr=1e-6.
A = np.stack(p64)
bar, log = ot.bregman.convolutional_barycenter2d(A, 2e-3, weights=np.array([0.5, 0.5]), stopThr=1e-6, log=True,
                                                 numItermax=10000, warn=False)
save("pic64_conv_stop", bar)
conv["pic64_stop"] = {"reg": 2e-3, "tol": 1e-6, "niter": int(log["niter"]) + 1, "last_err": float(log["err"][-1])}
values["convolutional"] = conv

# ---------------------------------------------------------------- free-support barycenter
rng = np.random.RandomState(5)
clouds, cloud_weights = [], []
for k, (count, centre, scale) in enumerate(((25, [0.0, 0.0], 1.0), (30, [4.0, 1.0], 0.6), (20, [1.0, 5.0], 1.4))):
    X = rng.randn(count, 2) * scale + centre
    w = rng.uniform(0.5, 1.5, count)
    w /= w.sum()
    clouds.append(X)
    cloud_weights.append(w)
    save("free_x%d" % (k + 1), X)
    save("free_w%d" % (k + 1), w)
X_init = rng.randn(15, 2)
save("free_init", X_init)
lam = np.array([0.2, 0.5, 0.3])
X, log = ot.lp.free_support_barycenter(clouds, cloud_weights, X_init, weights=lam, numItermax=100, stopThr=1e-7,
                                       log=True)
save("free_bar", X)
values["free_support"] = {
    "weights": lam.tolist(),
    "iterations": len(log["displacement_square_norms"]),
    "displacements": [float(v) for v in log["displacement_square_norms"]],
}

# The entropic variant, with the inner ot.sinkhorn run to stopThr=1e-12 (POT's module-level sinkhorn
# wrapped: free_support_sinkhorn_barycenter's own stopThr is the outer one) and
# checked to get there well before numInnerItermax, so the plans are the entropic plans to about
# 1e-12 and do not depend on where exactly each solver stops (otlab's inner sinkhorn stops at an L1
# marginal error of 1e-12).
inner_iterations = []
_sinkhorn = ot.bregman.sinkhorn


def _counting_sinkhorn(a, b, M, reg, **kwargs):
    plan, inner_log = _sinkhorn(a, b, M, reg, log=True, stopThr=1e-12, **kwargs)
    inner_iterations.append(int(inner_log["niter"]) + 1)
    assert inner_log["err"][-1] < 1e-12, inner_log["err"][-1]
    return plan


ot.bregman._barycenter.sinkhorn = _counting_sinkhorn
X, log = ot.bregman.free_support_sinkhorn_barycenter(clouds, cloud_weights, X_init, 0.5, weights=lam, numItermax=100,
                                                     stopThr=1e-7, log=True)
ot.bregman._barycenter.sinkhorn = _sinkhorn
save("free_sinkhorn_bar", X)
values["free_support_sinkhorn"] = {
    "weights": lam.tolist(),
    "reg": 0.5,
    "iterations": len(log["displacement_square_norms"]),
    "displacements": [float(v) for v in log["displacement_square_norms"]],
    "max_inner_iterations": max(inner_iterations),
}

with open(os.path.join(DATA, "values.json"), "w") as f:
    json.dump(values, f, indent=1)
    f.write("\n")
print("wrote", DATA)
