#!/usr/bin/env python3
"""Reference W2^2 between two small pictures, from POT, for the image-density path of otlab.

Run from the repository root:  python3 Tests/OTSolversTests/Reference/make_reference_images.py
Writes Tests/OTSolversTests/Reference/data/images/{disc_12x12.pgm, letter_14x10.pgm, images_w2.json}.

Pictures are read as DESIGN.md "Inputs" says: pixel (col, row) is a point at its centre
(col + 0.5, row + 0.5) in pixel units, with mass proportional to its brightness (sample / maxval);
zero pixels carry no mass; weights are normalized to total mass 1. The cost is the squared
Euclidean distance between pixel centres, and the value is ot.emd2 (exact OT).
"""
import json
import os

import numpy as np
import ot

DATA = os.path.join("Tests", "OTSolversTests", "Reference", "data", "images")
MAXVAL = 255


def disc_picture():
    """A 12 x 12 disc of radius 4.5 whose brightness falls off from the centre (non-uniform)."""
    height, width = 12, 12
    picture = np.zeros((height, width), dtype=int)
    for row in range(height):
        for col in range(width):
            r = np.hypot(col + 0.5 - 6.2, row + 0.5 - 5.7)
            if r <= 4.5:
                picture[row, col] = int(round(255 - 35 * r))
    return picture


def letter_picture():
    """A 14 wide x 10 high letter-like shape (an 'F' with a slanted foot), brightness varying by column."""
    height, width = 10, 14
    picture = np.zeros((height, width), dtype=int)
    for row in range(1, 9):
        for col in (2, 3):                      # the stem
            picture[row, col] = 120 + 10 * row
    for col in range(2, 12):                    # the top bar
        picture[1, col] = 90 + 12 * col
    for col in range(4, 9):                     # the middle bar
        picture[4, col] = 200 - 9 * col
    for k in range(4):                          # a slanted foot
        picture[8 - k, 9 + k] = 60 + 40 * k
    return picture


def write_pgm(path, picture):
    """Plain (P2) PGM, one text row per picture row."""
    height, width = picture.shape
    with open(path, "w") as handle:
        handle.write("P2\n# written by make_reference_images.py\n%d %d\n%d\n" % (width, height, MAXVAL))
        for row in picture:
            handle.write(" ".join(str(int(v)) for v in row) + "\n")


def density(picture):
    """Pixel-centre points and normalized weights, zero pixels left out (row-major order)."""
    rows, cols = np.nonzero(picture)
    points = np.stack([cols + 0.5, rows + 0.5], axis=1).astype(float)
    weights = picture[rows, cols].astype(float) / MAXVAL
    return points, weights / weights.sum()


def main():
    os.makedirs(DATA, exist_ok=True)
    source, target = disc_picture(), letter_picture()
    write_pgm(os.path.join(DATA, "disc_12x12.pgm"), source)
    write_pgm(os.path.join(DATA, "letter_14x10.pgm"), target)
    xs, a = density(source)
    xt, b = density(target)
    M = ot.dist(xs, xt, metric="sqeuclidean")
    plan, log = ot.emd(a, b, M, numItermax=10_000_000, log=True)
    payload = {
        "description": "W2^2 (ot.emd2, squared Euclidean between pixel centres (col+0.5, row+0.5), weights = brightness normalized) from disc_12x12.pgm to letter_14x10.pgm",
        "pot_version": ot.__version__,
        "source": "disc_12x12.pgm",
        "target": "letter_14x10.pgm",
        "n": int(len(a)),
        "m": int(len(b)),
        "emd2": float(ot.emd2(a, b, M, numItermax=10_000_000)),
        "plan_cost": float(np.sum(plan * M)),
        "warning": log.get("warning"),
    }
    with open(os.path.join(DATA, "images_w2.json"), "w") as handle:
        json.dump(payload, handle, indent=1)
        handle.write("\n")
    print("wrote", DATA, payload)


if __name__ == "__main__":
    main()
