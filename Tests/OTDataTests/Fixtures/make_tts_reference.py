#!/usr/bin/env python3
"""Writes tts_reference.json: POT 0.9.7's view of problems of the time-to-solution suite
(TimeToSolutionSuiteTests reads it; `swift test` never runs this script).

- pot_small_reg: POT's test_sinkhorn_stabilization data at n = 100 (make_1D_gauss(100, 30, 10),
  make_1D_gauss(100, 40, 10), dist0(100)) and its exact cost ot.emd2.
- histograms: the 1-D histograms at n = 20 (bins i / 19; make_1D_gauss with mean and sd in bins),
  POT's sinkhorn plans at reg 0.05 after 3 iterations and to stopThr 1e-14, with their L1
  marginal errors sum|P1 - a| + sum|P^T 1 - b| computed by numpy.
"""
import json
import os

import numpy as np
import ot

out = {"pot_version": ot.__version__}
a = ot.datasets.make_1D_gauss(100, m=30, s=10)
b = ot.datasets.make_1D_gauss(100, m=40, s=10)
M = ot.utils.dist0(100)
out["pot_small_reg"] = {"a": a.tolist(), "b": b.tolist(), "max_cost": float(M.max()), "emd2": float(ot.emd2(a, b, M))}

n = 20
step = 1 / (n - 1)
x = np.arange(n) * step
ha = ot.datasets.make_1D_gauss(n, m=0.25 / step, s=0.06 / step)
hb = 0.6 * ot.datasets.make_1D_gauss(n, m=0.55 / step, s=0.08 / step) + 0.4 * ot.datasets.make_1D_gauss(n, m=0.8 / step, s=0.05 / step)
hb = hb / hb.sum()
C = (x[:, None] - x[None, :]) ** 2


def error(P):
    return float(np.abs(P.sum(1) - ha).sum() + np.abs(P.sum(0) - hb).sum())


early = ot.sinkhorn(ha, hb, C, 0.05, numItermax=3, stopThr=0, warn=False)
late = ot.sinkhorn(ha, hb, C, 0.05, numItermax=100_000, stopThr=1e-14, warn=False)
out["histograms"] = {"n": n, "a": ha.tolist(), "b": hb.tolist(),
                     "early_plan": early.ravel().tolist(), "early_error": error(early),
                     "late_plan": late.ravel().tolist(), "late_error": error(late)}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "tts_reference.json"), "w") as handle:
    json.dump(out, handle)
print({k: (v["emd2"] if k == "pot_small_reg" else v) for k, v in out.items() if k != "histograms"}, out["histograms"]["early_error"], out["histograms"]["late_error"])
