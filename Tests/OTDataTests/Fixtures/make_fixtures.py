"""Writes the small .npy fixtures used by OTDataTests (run from this directory with numpy installed).

Every array holds the values base[i, j] = 10 * i + j - 3 (or base[i] = i - 3 for vectors) so the
tests know what to expect without reading this script; `points_f8` is a 4 x 2 point cloud.
"""
import numpy as np

base = np.array([[10 * i + j - 3 for j in range(3)] for i in range(2)], dtype=np.float64)  # 2 x 3
vector = np.arange(5, dtype=np.float64) - 3                                                # 5

np.save("matrix_f8.npy", base)
np.save("matrix_f4.npy", base.astype("<f4"))
np.save("matrix_i8.npy", base.astype("<i8"))
np.save("matrix_i4.npy", base.astype("<i4"))
np.save("matrix_i2.npy", base.astype("<i2"))
np.save("matrix_f8_fortran.npy", np.asfortranarray(base))
np.save("vector_f8.npy", vector)
np.save("vector_u1.npy", np.arange(5, dtype=np.uint8))
np.save("weights_f8.npy", np.array([0.25, 0.5, 0.25]))
np.save("points_f8.npy", np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]))
with open("matrix_f8_v2.npy", "wb") as f:
    np.lib.format.write_array(f, base, version=(2, 0))
with open("matrix_f8_v3.npy", "wb") as f:
    np.lib.format.write_array(f, base, version=(3, 0))
np.save("fraction_f4.npy", np.array([0.1, 1e-3], dtype="<f4"))

# Inputs the reader must refuse with a clear message.
np.save("complex_c16.npy", np.array([1 + 2j, 3 - 1j]))
np.save("strings_U3.npy", np.array(["abc", "de"]))
np.save("bigendian_f8.npy", base.astype(">f8"))
np.save("cube_f8.npy", np.zeros((2, 2, 2)))
np.save("scalar_f8.npy", np.float64(1.5))
np.save("nan_f8.npy", np.array([[0.0, 1.0], [np.nan, 2.0]]))
with open("truncated_f8.npy", "wb") as f:
    f.write(open("matrix_f8.npy", "rb").read()[:-8])
