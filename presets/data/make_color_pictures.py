"""Writes the two pictures of the color-transfer preset (run from this directory; Python only).

color-source.png: a cool daytime landscape (blue sky, white sun, green hills, a blue lake), 96 x 64.
color-target.png: a warm sunset (orange to purple sky, red sun, dark violet hills), 96 x 64.
Both are drawn procedurally, so they are small and need no outside data.
"""
import math
import struct
import zlib

W, H = 96, 64


def png(path, pixels):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def mix(a, b, t):
    t = min(1.0, max(0.0, t))
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def landscape(sky_top, sky_bottom, sun, sun_xy, hill_near, hill_far, water):
    pixels = []
    for y in range(H):
        row = []
        for x in range(W):
            colour = mix(sky_top, sky_bottom, y / (H * 0.6))
            if math.hypot(x - sun_xy[0], y - sun_xy[1]) < 7:
                colour = sun
            far = H * 0.50 + 5 * math.sin(x / 9.0)
            near = H * 0.66 + 6 * math.sin(x / 6.0 + 1.3)
            if y > far:
                colour = mix(hill_far, hill_near, (y - far) / 20)
            if y > near:
                colour = mix(hill_near, tuple(c // 2 for c in hill_near), (y - near) / 18 + 0.15 * math.sin(x * 0.7) ** 2)
            if y > H * 0.84 and 20 < x < 70:
                colour = mix(water, sky_bottom, 0.3 * math.sin(y * 1.7) ** 2)
            row.append(colour)
        pixels.append(row)
    return pixels


png("color-source.png", landscape(sky_top=(40, 110, 200), sky_bottom=(180, 215, 240), sun=(255, 255, 235), sun_xy=(72, 12),
                                  hill_near=(50, 150, 60), hill_far=(110, 170, 120), water=(30, 90, 170)))
png("color-target.png", landscape(sky_top=(70, 30, 110), sky_bottom=(250, 150, 60), sun=(235, 60, 40), sun_xy=(30, 30),
                                  hill_near=(60, 20, 60), hill_far=(140, 60, 90), water=(200, 100, 60)))
