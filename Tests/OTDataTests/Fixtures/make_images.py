"""Writes the picture fixtures for the PNG, JPEG and Netpbm readers (run from this directory; needs
only Python and a C compiler with libjpeg for the JPEGs, through make_jpeg.c).

`scene` is one 16 x 12 grey picture, smooth so that JPEG keeps it within a few levels, written as
PGM, PPM (grey in all channels), grey PNG, 16-bit grey PNG, RGB PNG, RGBA PNG (opaque), palette PNG
and a quality-100 greyscale JPEG. `colour` is a 16 x 12 colour picture written as PPM, RGB PNG and a
quality-100 4:4:4 JPEG. `alpha` is a 2 x 1 grey + alpha PNG (grey 200 at alpha 255 and 0).
"""
import math
import os
import struct
import subprocess
import zlib

W, H = 16, 12
scene = [[round(255 * (0.5 + 0.45 * math.sin(c / 4.0) * math.cos(r / 3.0))) for c in range(W)] for r in range(H)]
colour = [[(16 * c + 8, 20 * r + 10, 200 - 6 * c) for c in range(W)] for r in range(H)]


def png(path, width, height, colour_type, bit_depth, rows, palette=None):
    """A PNG of `rows` (each a bytes object of one scanline without the filter byte)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + row for row in rows)
    body = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0))
    if palette is not None:
        body += chunk(b"PLTE", b"".join(bytes(entry) for entry in palette))
    body += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + body)


with open("scene.pgm", "wb") as f:
    f.write(b"P5\n%d %d\n255\n" % (W, H) + bytes(v for row in scene for v in row))
with open("scene.ppm", "wb") as f:
    f.write(b"P6\n%d %d\n255\n" % (W, H) + bytes(c for row in scene for v in row for c in (v, v, v)))
png("scene_grey.png", W, H, 0, 8, [bytes(row) for row in scene])
png("scene_grey16.png", W, H, 0, 16, [b"".join(struct.pack(">H", v * 257) for v in row) for row in scene])
png("scene_rgb.png", W, H, 2, 8, [bytes(c for v in row for c in (v, v, v)) for row in scene])
png("scene_rgba.png", W, H, 6, 8, [bytes(c for v in row for c in (v, v, v, 255)) for row in scene])
levels = sorted({v for row in scene for v in row})
png("scene_palette.png", W, H, 3, 8, [bytes(levels.index(v) for v in row) for row in scene],
    palette=[(v, v, v) for v in levels])

with open("colour.ppm", "wb") as f:
    f.write(b"P6\n%d %d\n255\n" % (W, H) + bytes(c for row in colour for px in row for c in px))
png("colour_rgb.png", W, H, 2, 8, [bytes(c for px in row for c in px) for row in colour])
png("alpha_grey.png", 2, 1, 4, 8, [bytes([200, 255, 200, 0])])

subprocess.run(["cc", "make_jpeg.c", "-ljpeg", "-o", "/tmp/otlab_make_jpeg"], check=True)
subprocess.run(["/tmp/otlab_make_jpeg", "scene.pgm", "scene_grey.jpg", "100"], check=True)
subprocess.run(["/tmp/otlab_make_jpeg", "colour.ppm", "colour.jpg", "100"], check=True)
with open("scene_truncated.jpg", "wb") as f:
    f.write(open("scene_grey.jpg", "rb").read()[:200])
with open("scene_truncated.png", "wb") as f:
    f.write(open("scene_rgb.png", "rb").read()[:120])
os.remove("/tmp/otlab_make_jpeg")
