"""Couplings of the weighted conditional flow matching lesson (W-CFM, Calvo-Ordonez et al., 2025),
computed with numpy and POT 0.9.7 on the batches of otlab's `flow-matching-batch` generator.

The batches are drawn exactly as otlab draws them: SeededRandom (xoshiro256** seeded by SplitMix64,
Box-Muller normals, reimplemented below from its definition), for i = 0..n-1: the source point
x_i = (N, N) (standard normal), then the target point's component j = floor(8 U) and
y_i = radius (cos 2 pi j/8, sin 2 pi j/8) + spread (N, N). So the batch of n is the first n pairs of
the stream: batches are nested. Each cloud is then sorted by angle (atan2), which does not change the
coupling's figures but shows its structure in a heatmap.

For each batch (uniform weights a = b = 1/n, cost C = squared Euclidean distance):
  gibbs       G = exp(-C / reg) / sum(exp(-C / reg)), W-CFM's weights of the n^2 pairs,
  bias        ||G 1 - a||_1 + ||G^T 1 - b||_1, the Gibbs coupling's marginal bias,
  sinkhorn    P, POT's log-domain Sinkhorn plan at reg (stopThr 1e-13),
  distance    ||G - P||_1, how far the Gibbs coupling is from the entropic OT coupling,
  costs       <G, C> and <P, C>.
Run from the repository root: python3 Tests/Reference/lessons/make_wcfm_reference.py
"""
import json
import math
import os

import numpy as np
import ot

assert ot.__version__ == "0.9.7", ot.__version__
MASK = (1 << 64) - 1
SEED, REG, RADIUS, SPREAD = 7, 2.0, 2.0, 0.4
SIZES = [8, 16, 32, 64, 128, 256, 512]


class SeededRandom:
    def __init__(self, seed):
        state = seed & MASK
        words = []
        for _ in range(4):
            state = (state + 0x9E3779B97F4A7C15) & MASK
            z = state
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            words.append(z ^ (z >> 31))
        self.s = words
        self.spare = None

    @staticmethod
    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & MASK

    def next(self):
        s0, s1, s2, s3 = self.s
        result = (self.rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = self.rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def normal(self):
        if self.spare is not None:
            value, self.spare = self.spare, None
            return value
        u1 = ((self.next() >> 11) + 1) * 2.0 ** -53
        u2 = self.uniform()
        radius = math.sqrt(-2 * math.log(u1))
        angle = 2 * math.pi * u2
        self.spare = radius * math.sin(angle)
        return radius * math.cos(angle)


def batch(n, seed=SEED, radius=RADIUS, spread=SPREAD):
    rng = SeededRandom(seed)
    xs, ys = [], []
    for _ in range(n):
        xs.append((rng.normal(), rng.normal()))
        j = int(rng.uniform() * 8)
        cx, cy = radius * math.cos(2 * math.pi * j / 8), radius * math.sin(2 * math.pi * j / 8)
        ys.append((cx + spread * rng.normal(), cy + spread * rng.normal()))
    def by_angle(points):
        return np.array(sorted(points, key=lambda p: (math.atan2(p[1], p[0]), p[0], p[1])))
    return by_angle(xs), by_angle(ys)


def figures(x, y, reg):
    n = len(x)
    a = np.full(n, 1.0 / n)
    C = ot.dist(x, y)
    K = np.exp(-C / reg)
    G = K / K.sum()
    P = ot.sinkhorn(a, a, C, reg, method="sinkhorn_log", numItermax=1_000_000, stopThr=1e-13)
    return {
        "n": n,
        "gibbs_marginal_bias": float(np.abs(G.sum(1) - a).sum() + np.abs(G.sum(0) - a).sum()),
        "gibbs_plan_distance": float(np.abs(G - P).sum()),
        "gibbs_cost": float(np.sum(G * C)),
        "plan_cost": float(np.sum(P * C)),
    }


def main():
    rows = []
    for n in SIZES:
        x, y = batch(n)
        rows.append(figures(x, y, REG))
        print(rows[-1])
    x, y = batch(4)
    out = {"pot_version": ot.__version__, "seed": SEED, "reg": REG, "radius": RADIUS, "spread": SPREAD,
           "first_batch_of_4": {"source": x.tolist(), "target": y.tolist()}, "sweep": rows}
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "wcfm_reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
