"""Divergences of the Sinkhorn distillation lesson (SinKD, Cui et al., LREC-COLING 2024), computed
with numpy and POT 0.9.7 from the distillation generator's definition.

The generator (otlab's `distillation`): K classes at positions k/(K-1); a batch of B inputs; input b's
teacher logits z_b(k) = -(k - c_b)^2 / (2 w_b^2) with c_b = 1.5 + 2 u and w_b = width (0.75 + 0.5 u'),
u and u' the next two uniforms of otlab's SeededRandom(seed) (ported in make_wcfm_reference.py);
the student's logits are the teacher's moved by `shift` classes (c_b + shift). The teacher's and the student's class distributions over the batch are the means of
the softmaxes. Ground cost |x_i - x_j| (classes on a line, normalised to [0, 1]).

For every shift of the sweep: KL(teacher || student), reverse KL, Jensen-Shannon (natural log) and
the Sinkhorn distance <P, C> of POT's log-domain Sinkhorn plan at reg (stopThr 1e-13).
Run from the repository root: python3 Tests/Reference/lessons/make_distillation_reference.py
"""
import json
import os

import numpy as np
import ot

from make_wcfm_reference import SeededRandom

assert ot.__version__ == "0.9.7", ot.__version__
CLASSES, BATCH, WIDTH, REG, SEED = 16, 8, 0.8, 0.02, 1
SHIFTS = [0, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10]


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def batch_distribution(shift, classes=CLASSES, batch=BATCH, width=WIDTH, seed=SEED):
    rng = SeededRandom(seed)
    k = np.arange(classes, dtype=float)
    total = np.zeros(classes)
    for b in range(batch):
        c = 1.5 + 2 * rng.uniform()
        w = width * (0.75 + 0.5 * rng.uniform())
        total += softmax(-(k - c - shift) ** 2 / (2 * w * w))
    return total / batch


def kl(p, q):
    return float(np.sum(p * np.log(p / q)))


def main():
    positions = np.arange(CLASSES, dtype=float) / (CLASSES - 1)
    M = np.abs(positions[:, None] - positions[None, :])
    teacher = batch_distribution(0)
    rows = []
    for s in SHIFTS:
        student = batch_distribution(s)
        m = (teacher + student) / 2
        P = ot.sinkhorn(teacher, student, M, REG, method="sinkhorn_log", numItermax=1_000_000, stopThr=1e-13)
        rows.append({"shift": s, "kl": kl(teacher, student), "reverse_kl": kl(student, teacher),
                     "js": 0.5 * kl(teacher, m) + 0.5 * kl(student, m), "sinkhorn": float(np.sum(P * M)),
                     "emd": float(ot.emd2(teacher, student, M)), "student": student.tolist()})
        print(s, {k: v for k, v in rows[-1].items() if k != "student"})
    out = {"pot_version": ot.__version__, "classes": CLASSES, "batch": BATCH, "width": WIDTH, "reg": REG, "seed": SEED,
           "teacher": teacher.tolist(), "sweep": rows}
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "distillation_reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
