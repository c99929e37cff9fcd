"""Writes data/entropic/pot_small_reg.json: the small-reg case of POT's own test suite
(POT 0.9.7, test/test_bregman.py::test_sinkhorn_stabilization): two 1-D gaussians on the
integers 0..99, cost ot.utils.dist0(100) = (i - j)^2 (integers up to 9801), reg 1e-5.

The histograms are POT's exactly; the exact OT value (ot.emd2) is stored as a bound: the
entropic cost <P, C> of any plan with the right marginals is at least this. The entropic value at
reg 1e-5 that otlab's tests check, 99.31530572, is the figure issue 20 states for this case.

Run: python3 make_reference_small_reg.py  (needs POT 0.9.7 and NumPy)."""
import json
import os

import numpy as np
import ot

n = 100
a = ot.datasets.make_1D_gauss(n, m=30, s=10)
b = ot.datasets.make_1D_gauss(n, m=40, s=10)
M = ot.utils.dist0(n)
assert M.max() == 9801.0
emd = float(ot.emd2(a, b, M))
out = {
    "n": n,
    "reg": 1e-5,
    "a": [float(x) for x in a],
    "b": [float(x) for x in b],
    "emd": emd,
    "entropic_cost": 99.31530572,
    "pot_version": ot.__version__,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "entropic", "pot_small_reg.json")
with open(path, "w") as handle:
    json.dump(out, handle, indent=1)
    handle.write("\n")
print("wrote", path, "emd", repr(emd))
