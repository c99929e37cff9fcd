"""Entropic Gromov-Wasserstein, otlab against POT 0.9.7 in one run: ms per outer iteration.

Two seeded clouds of N points (2-D and 3-D, standard normal, seed 0), intra costs ot.dist divided by
their maximum, uniform weights; entropic_gromov_wasserstein (PGD) at epsilon REG for exactly K outer
steps (tol 0), inner ot.sinkhorn with its defaults. otlab runs the same problem from the same .npy
files: `otlab solve p.npy q.npy --solver entropic-gw --intra-costs C1.npy C2.npy --reg REG --tol 0
--max-iter K --progress`. Prints ms per outer step for both, their ratio, the Sinkhorn sweeps per
step of each (POT's counted through its log), and the two final GW losses.

Usage: python3 bench/gromov_pot.py [--otlab .build/release/otlab] [--n 500] [--reg 0.005] [--steps 20] [--repeats 3]
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

import numpy as np
import ot
import ot.gromov._bregman as gw_module


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--otlab", default=".build/release/otlab")
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--reg", type=float, default=0.005)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(args.n, 2)), rng.normal(size=(args.n, 3))
    C1, C2 = ot.dist(x, x), ot.dist(y, y)
    C1, C2 = C1 / C1.max(), C2 / C2.max()
    p, q = ot.unif(args.n), ot.unif(args.n)
    folder = tempfile.mkdtemp(prefix="otlab-gw-bench-")
    for name, value in dict(C1=C1, C2=C2, p=p, q=q).items():
        np.save(os.path.join(folder, name + ".npy"), value)

    # POT, counting the Sinkhorn sweeps of each step through its log.
    sweeps = []
    original = gw_module.sinkhorn

    def counting(*a, **k):
        plan, log = original(*a, log=True, **k)
        sweeps.append(log["niter"] + 1)
        return plan

    pot_times = []
    for _ in range(args.repeats):
        sweeps.clear()
        gw_module.sinkhorn = counting
        start = time.perf_counter()
        T, log = ot.gromov.entropic_gromov_wasserstein(C1, C2, p, q, epsilon=args.reg, tol=0, max_iter=args.steps, log=True)
        pot_times.append((time.perf_counter() - start) / args.steps * 1e3)
        gw_module.sinkhorn = original
    pot_loss = float(log["gw_dist"])
    pot_sweeps = float(np.mean(sweeps))

    otlab_times, otlab_sweeps, otlab_loss = [], 0.0, None
    for _ in range(args.repeats):
        command = [args.otlab, "solve", os.path.join(folder, "p.npy"), os.path.join(folder, "q.npy"),
                   "--solver", "entropic-gw", "--intra-costs", os.path.join(folder, "C1.npy"), os.path.join(folder, "C2.npy"),
                   "--reg", str(args.reg), "--tol", "0", "--max-iter", str(args.steps), "--progress"]
        lines = subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip().split("\n")
        objects = [json.loads(line) for line in lines]
        records = [o for o in objects if o.get("type", "record") == "record" and "extras" in o]
        summary = objects[-1]
        otlab_times.append(summary["seconds"] / summary["iterations"] * 1e3)
        otlab_sweeps = float(np.mean([r["extras"]["inner_iterations"] for r in records]))
        otlab_loss = summary["cost"]

    pot_ms, otlab_ms = float(np.median(pot_times)), float(np.median(otlab_times))
    print(f"entropic GW, n = m = {args.n}, reg {args.reg}, {args.steps} outer steps, median of {args.repeats} runs")
    print(f"  POT 0.9.7 : {pot_ms:8.2f} ms/step  ({pot_sweeps:.0f} Sinkhorn sweeps/step)  GW loss {pot_loss:.10g}")
    print(f"  otlab     : {otlab_ms:8.2f} ms/step  ({otlab_sweeps:.0f} Sinkhorn sweeps/step)  GW loss {otlab_loss:.10g}")
    print(f"  otlab / POT = {otlab_ms / pot_ms:.3f}")


if __name__ == "__main__":
    main()
