"""Point clouds of the Gromov-Wasserstein presets (run from the repository root; numpy only).

  gw-spiral-2d.csv / gw-spiral-3d.csv   a 2-D spiral of 120 points and the same spiral turned
                                        rigidly into 3-D (rotation about two axes), rows shuffled
                                        with seed 5: GW finds the hidden permutation.
  gw-blobs-a.csv / gw-blobs-b.csv       two clouds of 40 and 50 points (three blobs in 2-D, four in
                                        3-D) on which two starts of gw stop at different answers.
  fgw-ring-a.csv / fgw-ring-b.csv       a lobed ring of 80 points and the ring turned by 90 degrees,
  fgw-ring-M.npy                        and the feature cost M[i,j] = (sin s_i - sin s_j)^2 of a
                                        scalar feature sin(s) carried by each point: the ring's
                                        mirror symmetry fools GW, the feature's ambiguity fools OT.
Coordinates are scaled so that the largest distance within a cloud is about 1.
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, points):
    header = ",".join("xyz"[: points.shape[1]])
    np.savetxt(os.path.join(HERE, name), points, delimiter=",", header=header, comments="", fmt="%.10f")


def rotation(a, b):
    ca, sa, cb, sb = np.cos(a), np.sin(a), np.cos(b), np.sin(b)
    rz = np.array([[ca, -sa, 0], [sa, ca, 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, cb, -sb], [0, sb, cb]])
    return rx @ rz


def main():
    t = np.linspace(0.5, 3 * np.pi, 120)
    spiral = np.stack([t * np.cos(t), t * np.sin(t)], axis=1)
    spiral /= np.max(np.linalg.norm(spiral[:, None] - spiral[None], axis=2))
    lifted = np.concatenate([spiral, np.zeros((120, 1))], axis=1) @ rotation(0.8, 1.1).T
    order = np.random.default_rng(5).permutation(120)
    write("gw-spiral-2d.csv", spiral)
    write("gw-spiral-3d.csv", lifted[order])

    rng = np.random.default_rng(11)
    a = np.concatenate([rng.normal(c, 0.08, size=(k, 2)) for c, k in [((0, 0), 15), ((1, 0.2), 15), ((0.4, 0.9), 10)]])
    b = np.concatenate([rng.normal(c, 0.08, size=(k, 3)) for c, k in
                        [((0, 0, 0), 14), ((0.9, 0, 0.3), 12), ((0.3, 0.8, 0), 12), ((0.5, 0.4, 0.8), 12)]])
    write("gw-blobs-a.csv", a / 1.4)
    write("gw-blobs-b.csv", b / 1.4)

    s = np.linspace(0, 2 * np.pi, 80, endpoint=False)
    ring = 0.5 * np.stack([np.cos(s) * (1 + 0.3 * np.cos(3 * s)), np.sin(s)], axis=1)
    turned = ring @ np.array([[0, -1], [1, 0]]).T
    write("fgw-ring-a.csv", ring)
    write("fgw-ring-b.csv", turned)
    feature = np.sin(s)
    np.save(os.path.join(HERE, "fgw-ring-M.npy"), (feature[:, None] - feature[None, :]) ** 2)


if __name__ == "__main__":
    main()
