#!/usr/bin/env python3
"""Writes the binary .npy files of the bad-input corpus (run from this folder)."""
import os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))

def save(name, array):
    np.save(os.path.join(here, name), array, allow_pickle=True)

save("weights3.npy", np.full(3, 1 / 3))
save("weights4.npy", np.full(4, 0.25))
save("weights3_heavy.npy", np.array([1.0, 2.0, 1.0]))
save("cost3x4.npy", np.arange(12, dtype=np.float64).reshape(3, 4))
save("cost4x4.npy", np.arange(16, dtype=np.float64).reshape(4, 4))
nan_cost = np.arange(12, dtype=np.float64).reshape(3, 4)
nan_cost[1, 2] = np.nan
save("cost_nan.npy", nan_cost)
save("complex.npy", np.array([[1 + 2j, 3], [4, 5]], dtype=np.complex128))
save("strings.npy", np.array([["a", "b"], ["c", "d"]]))
save("object.npy", np.array([[1.0, None], [2.0, "x"]], dtype=object))
save("three_d.npy", np.zeros((2, 2, 2)))
save("big_endian.npy", np.arange(6, dtype=">f8").reshape(3, 2))
np.save(os.path.join(here, "full.tmp.npy"), np.arange(40, dtype=np.float64).reshape(20, 2))
with open(os.path.join(here, "full.tmp.npy"), "rb") as f:
    data = f.read()
with open(os.path.join(here, "truncated.npy"), "wb") as f:
    f.write(data[: len(data) - 100])
os.remove(os.path.join(here, "full.tmp.npy"))
with open(os.path.join(here, "not_npy.npy"), "wb") as f:
    f.write(b"x,y\n0,0\n1,1\n")

# Numerical-failure fixtures: a cost whose every entry in row 2 is huge, so exp(-C/reg) underflows
# for that row at any moderate reg (plain Sinkhorn diverges, log-domain Sinkhorn copes).
save("huge_range_cost.npy", np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 1.0], [1e6, 1e6 + 1, 1e6 + 2]]))
