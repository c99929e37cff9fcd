#!/usr/bin/env python3
"""Times POT on the problems of `otlab bench` and prints the ratios otlab/POT.

The problems are read from the .npy files written by `otlab bench --export-problems DIR`
(DIR/n<size>/M.npy, a.npy, b.npy), so both sides solve exactly the same problems.

    otlab bench --export-problems /tmp/otlab-problems --sizes 500,1000,2000
    otlab bench --sizes 500,1000,2000 --json-out /tmp/otlab-bench.json
    python3 bench/compare_pot.py /tmp/otlab-problems --otlab-json /tmp/otlab-bench.json
"""
import argparse
import json
import os
import statistics
import sys
import time
import warnings

import numpy as np

try:
    import ot
except ImportError:  # pragma: no cover
    sys.exit("POT is not installed (pip install pot)")

# The same regularizations as otlab bench (on the cost scaled to max 1).
REG = {"sinkhorn": 0.05, "sinkhorn-log": 0.01}
METHOD = {"sinkhorn": "sinkhorn", "sinkhorn-log": "sinkhorn_log"}
# POT's time per iteration is the marginal cost of extra iterations: the median time of a run of
# SHORT iterations subtracted from that of a run of SHORT + EXTRA[solver], divided by EXTRA. This
# leaves out the one-time setup (forming exp(-M/reg), allocations), as otlab's figure does (the
# median of single timed iterations), and keeps POT's periodic error check, which is part of its
# loop. Dividing one short run's time by its iteration count instead would charge the setup to the
# iterations: at n = 1000 that makes POT's Sinkhorn iteration look 3x slower than it is.
SHORT = 10
EXTRA = {"sinkhorn": 200, "sinkhorn-log": 20}


def run_seconds(a, b, M, solver, iterations):
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "did not converge" is expected with stopThr=0
        ot.sinkhorn(a, b, M, REG[solver], method=METHOD[solver], numItermax=iterations, stopThr=0.0)
    return time.perf_counter() - start


def ms_per_iteration(a, b, M, solver, repeats):
    short, long = [], []
    for _ in range(repeats):
        short.append(run_seconds(a, b, M, solver, SHORT))
        long.append(run_seconds(a, b, M, solver, SHORT + EXTRA[solver]))
    return (statistics.median(long) - statistics.median(short)) * 1000 / EXTRA[solver]


def emd_seconds(a, b, M, repeats):
    times, cost = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        G = ot.emd(a, b, M, numItermax=100_000_000)
        times.append(time.perf_counter() - start)
        cost = float(np.sum(G * M))
    return statistics.median(times), cost


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("problems", help="directory written by `otlab bench --export-problems`")
    parser.add_argument("--otlab-json", help="JSON written by `otlab bench --json-out`; prints otlab/POT ratios")
    parser.add_argument("--repeats", type=int, default=5, help="repeats per measurement (median; 3 for emd at n>=2000)")
    parser.add_argument("--json-out", help="write POT's figures as JSON")
    args = parser.parse_args()

    sizes = sorted(int(d[1:]) for d in os.listdir(args.problems)
                   if d.startswith("n") and d[1:].isdigit())
    if not sizes:
        sys.exit(f"no n<size> folders in {args.problems}")

    print(f"POT {ot.__version__}, numpy {np.__version__}; sinkhorn reg {REG['sinkhorn']}, "
          f"sinkhorn_log reg {REG['sinkhorn-log']}; ms/iter = (median time of {SHORT}+EXTRA iterations - "
          f"median time of {SHORT}) / EXTRA, EXTRA = {EXTRA}, {args.repeats} runs each (stopThr=0)")
    pot = {}
    print(f"{'solver':<14}{'n':>6}{'ms/iter':>11}{'emd s':>10}  cost")
    for n in sizes:
        folder = os.path.join(args.problems, f"n{n}")
        M = np.load(os.path.join(folder, "M.npy"))
        a = np.load(os.path.join(folder, "a.npy"))
        b = np.load(os.path.join(folder, "b.npy"))
        for solver in ("sinkhorn", "sinkhorn-log"):
            ms = ms_per_iteration(a, b, M, solver, args.repeats)
            pot[(solver, n)] = {"ms_per_iter": ms}
            print(f"{solver:<14}{n:>6}{ms:>11.3f}{'-':>10}")
        seconds, cost = emd_seconds(a, b, M, min(args.repeats, 3) if n >= 2000 else args.repeats)
        pot[("emd", n)] = {"seconds": seconds, "cost": cost}
        print(f"{'emd':<14}{n:>6}{'-':>11}{seconds:>10.4f}  {cost:.15g}")

    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump([{"solver": s, "n": n, **v} for (s, n), v in pot.items()], f, indent=1)

    if args.otlab_json:
        with open(args.otlab_json) as f:
            otlab = json.load(f)
        print()
        print("ratios otlab/POT (< 1: otlab faster)")
        print(f"{'solver':<14}{'n':>6}{'otlab':>12}{'POT':>12}{'ratio':>9}  note")
        for row in otlab["results"]:
            # The f32 kernel row is compared with POT's (f64) sinkhorn on the same problem.
            key = ("sinkhorn" if row["solver"] == "sinkhorn-f32" else row["solver"], row["n"])
            if key not in pot:
                continue
            if row["solver"] == "emd":
                mine, theirs = row["seconds"], pot[key]["seconds"]
                unit = "s"
                diff = abs(row["cost"] - pot[key]["cost"])
                note = f"cost |otlab-POT| = {diff:.2e}" + (" (equal to 1e-9)" if diff <= 1e-9 else " (DIFFERS)")
            else:
                mine, theirs = row["ms_per_iter"], pot[key]["ms_per_iter"]
                unit = "ms/it"
                note = ""
            ratio = mine / theirs if mine and theirs else float("nan")
            print(f"{row['solver']:<14}{row['n']:>6}{mine:>10.4f}{unit[:2]:>2}{theirs:>10.4f}{unit[:2]:>2}{ratio:>9.3f}  {note}")


if __name__ == "__main__":
    main()
