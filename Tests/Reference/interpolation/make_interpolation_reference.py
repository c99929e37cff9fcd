"""Reference values for the displacement interpolation test (Tests/OTSessionTests).

POT 0.9.7: the exact plan between two weighted 2-D clouds of different sizes, McCann's interpolation
mu_t = sum_ij P_ij delta((1-t) x_i + t y_j) built from POT's plan, and POT's W2^2 from the source to
mu_t and from mu_t to the target. Along a W2 geodesic these are t^2 W and (1-t)^2 W.

Run from the repository root:  python3 Tests/Reference/interpolation/make_interpolation_reference.py
It writes interpolation_pot.json next to itself; `swift test` only reads that file.
"""
import json
import os

import numpy as np
import ot

rng = np.random.default_rng(8)
xs = rng.normal(size=(7, 2))
xt = rng.normal(size=(5, 2)) + np.array([3.0, 1.0])
a = rng.uniform(0.5, 2.0, size=7)
a /= a.sum()
b = rng.uniform(0.5, 2.0, size=5)
b /= b.sum()

M = ot.dist(xs, xt)  # squared Euclidean, POT's default
G = ot.emd(a, b, M)
w = float(ot.emd2(a, b, M))

cases = []
for t in (0.2, 0.5, 0.8):
    rows, cols = np.nonzero(G > 0)
    points = (1 - t) * xs[rows] + t * xt[cols]
    weights = G[rows, cols]
    cases.append({
        "t": t,
        "support": int(len(weights)),
        "w2_source_to_mid": float(ot.emd2(a, weights, ot.dist(xs, points))),
        "w2_mid_to_target": float(ot.emd2(weights, b, ot.dist(points, xt))),
    })

out = {
    "generator": "make_interpolation_reference.py, POT " + ot.__version__,
    "xs": xs.tolist(), "xt": xt.tolist(), "a": a.tolist(), "b": b.tolist(),
    "w2": w,
    "cases": cases,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "interpolation_pot.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path)
