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

# NPZ archives (np.savez stores members, np.savez_compressed deflates them).
import zipfile

npz_a = np.array([0.25, 0.75])
npz_b = np.array([0.5, 0.25, 0.25])
npz_M = base  # 2 x 3, M[i, j] = 10 * i + j - 3
np.savez("problem_M.npz", a=npz_a, b=npz_b, M=npz_M)
np.savez_compressed("problem_M_compressed.npz", a=npz_a, b=npz_b, M=npz_M)
np.savez_compressed("problem_xs.npz", xs=np.array([[0.0, 0.0], [1.0, 0.0]]), xt=np.array([[0.0, 2.0], [1.0, 2.0], [3.0, 0.0]]))
np.savez("only_xs.npz", xs=np.array([[0.0, 0.0], [1.0, 0.0]]))
with open("not_zip.npz", "wb") as f:
    f.write(b"this is not a zip archive\n")
with open("truncated.npz", "wb") as f:
    f.write(open("problem_M.npz", "rb").read()[:-30])
with zipfile.ZipFile("bzip2.npz", "w", compression=zipfile.ZIP_BZIP2) as z:
    member = zipfile.ZipInfo("M.npy", date_time=(1980, 1, 1, 0, 0, 0))  # fixed, so reruns give the same bytes
    member.compress_type = zipfile.ZIP_BZIP2
    z.writestr(member, open("matrix_f8.npy", "rb").read())
# Flip the last data byte of the stored member M.npy, so only its CRC-32 gives it away.
raw = bytearray(open("problem_M.npz", "rb").read())
with zipfile.ZipFile("problem_M.npz") as z:
    info = z.getinfo("M.npy")
header = info.header_offset
data_start = header + 30 + int.from_bytes(raw[header + 26:header + 28], "little") + int.from_bytes(raw[header + 28:header + 30], "little")
raw[data_start + info.compress_size - 1] ^= 0x40
with open("bad_crc.npz", "wb") as f:
    f.write(bytes(raw))

# Netpbm pictures: the same 4 x 3 picture (0 = black, no mass) as ASCII and binary PGM, 16-bit PGM,
# and a colour PPM whose luminance is that picture in its grey pixels.
picture = [[0, 51, 102, 0],
           [255, 0, 0, 153],
           [0, 204, 0, 0]]
with open("picture_ascii.pgm", "wb") as f:
    f.write(b"P2\n# a 4 x 3 test picture\n4 3\n# maxval follows\n255\n")
    for row in picture:
        f.write((" ".join(str(v) for v in row) + "\n").encode())
with open("picture_binary.pgm", "wb") as f:
    f.write(b"P5 4 3 255\n" + bytes(v for row in picture for v in row))
with open("picture_16bit.pgm", "wb") as f:
    f.write(b"P5\n4 3\n65535\n" + b"".join((v * 257).to_bytes(2, "big") for row in picture for v in row))
with open("picture_grey.ppm", "wb") as f:
    f.write(b"P6\n4 3\n255\n" + bytes(c for row in picture for v in row for c in (v, v, v)))
with open("primaries_ascii.ppm", "wb") as f:
    f.write(b"P3\n3 1\n255\n255 0 0   0 255 0   0 0 255\n")

# An archive whose member is a valid .npy the loader refuses (3-D), to check errors name the member.
np.savez("cube_member.npz", M=np.zeros((2, 2, 2)))
