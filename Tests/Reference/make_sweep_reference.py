"""POT's answers for the regularization sweep test (Tests/OTSessionTests/Sweep/RegularizationSweepTests.swift).

The problem is the runner tests' `gridProblem(n: 30)`: 30 source and 30 target points in the plane,
uniform weights, squared Euclidean cost. For each reg, POT's log-domain Sinkhorn gives the transport
cost <P, C> (ot.sinkhorn2's value); ot.emd2 gives the exact cost. Run: python3 make_sweep_reference.py
"""
import json
import os

import numpy as np
import ot

n = 30
xs = np.array([[i / n, (i % 5) / 5] for i in range(n)])
xt = np.array([[(n - i) / n + 0.3, (i % 7) / 7] for i in range(n)])
a = np.full(n, 1 / n)
b = np.full(n, 1 / n)
M = ot.dist(xs, xt)  # squared Euclidean

regs = [1.0, 0.3, 0.1, 0.03]
costs = []
for reg in regs:
    P = ot.sinkhorn(a, b, M, reg, method="sinkhorn_log", numItermax=100000, stopThr=1e-13)
    costs.append(float(np.sum(P * M)))
exact = float(ot.emd2(a, b, M))

out = {"pot_version": ot.__version__, "n": n, "regs": regs, "sinkhorn_costs": costs, "emd_cost": exact}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sweep_reference.json"), "w") as f:
    json.dump(out, f, indent=2)
    f.write("\n")
print(json.dumps(out, indent=2))
