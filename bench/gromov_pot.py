"""Entropic Gromov-Wasserstein, otlab against POT 0.9.7 in one run: ms per outer iteration.

Two seeded clouds of N points (2-D and 3-D, standard normal, seed 0), intra costs ot.dist divided by
their maximum, uniform weights; entropic_gromov_wasserstein (PGD, square loss) at epsilon REG, inner
ot.sinkhorn with its defaults. otlab runs the same problem from the same .npy files:
`otlab solve p.npy q.npy --solver entropic-gw --intra-costs C1.npy C2.npy --reg REG --tol 0
--max-iter K --progress`.

The figure is the marginal cost of outer steps SKIP+1 ... STEPS, so that neither side's setup is
counted (POT: init_matrix and the final gwloss; otlab: reading the files, the decomposition and the
low-rank check of the costs): POT's is (time of a STEPS-step call - time of a SKIP-step call) /
(STEPS - SKIP); otlab's is the difference of its records' solver clock at those steps. Each side is
run with the inner Sinkhorn started from ones (POT's default warmstart=False; otlab
--param warm-start=false) and warm-started (POT's warmstart=True; otlab's default), the four in
alternation, REPEATS times; medians are printed with the Sinkhorn sweeps per step (POT's counted
through its log) and the final GW losses. The load average is printed before and after: the
machine may be shared.

Usage: python3 bench/gromov_pot.py [--otlab .build/release/otlab] [--n 500] [--reg 0.005] [--steps 20] [--skip 10] [--repeats 3]
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
    parser.add_argument("--skip", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    assert 0 <= args.skip < args.steps

    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(args.n, 2)), rng.normal(size=(args.n, 3))
    C1, C2 = ot.dist(x, x), ot.dist(y, y)
    C1, C2 = C1 / C1.max(), C2 / C2.max()
    p, q = ot.unif(args.n), ot.unif(args.n)
    folder = tempfile.mkdtemp(prefix="otlab-gw-bench-")
    for name, value in dict(C1=C1, C2=C2, p=p, q=q).items():
        np.save(os.path.join(folder, name + ".npy"), value)

    original = gw_module.sinkhorn
    sweeps = []

    def counting(*a, **k):
        k.pop("log", None)
        plan, log = original(*a, log=True, **k)
        sweeps.append(log["niter"] + 1)
        return (plan, log) if "warmstart" in k else plan

    def pot(steps, warm):
        sweeps.clear()
        gw_module.sinkhorn = counting
        start = time.perf_counter()
        T, log = ot.gromov.entropic_gromov_wasserstein(C1, C2, p, q, epsilon=args.reg, tol=0, max_iter=steps, log=True, warmstart=warm)
        seconds = time.perf_counter() - start
        gw_module.sinkhorn = original
        return seconds, list(sweeps), float(log["gw_dist"])

    def otlab(warm):
        command = [args.otlab, "solve", os.path.join(folder, "p.npy"), os.path.join(folder, "q.npy"),
                   "--solver", "entropic-gw", "--intra-costs", os.path.join(folder, "C1.npy"), os.path.join(folder, "C2.npy"),
                   "--reg", str(args.reg), "--tol", "0", "--max-iter", str(args.steps), "--progress",
                   "--param", "warm-start=" + ("true" if warm else "false")]
        lines = subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip().split("\n")
        objects = [json.loads(line) for line in lines]
        records = [o for o in objects if o.get("type") == "record"]
        at = {r["iteration"]: r for r in records}
        begin = at[args.skip]["seconds"] if args.skip > 0 else 0.0
        ms = (at[args.steps]["seconds"] - begin) / (args.steps - args.skip) * 1e3
        window = [at[k]["extras"]["inner_iterations"] for k in range(args.skip + 1, args.steps + 1)]
        return ms, float(np.mean(window)), objects[-1]["cost"]

    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    results = {key: [] for key in ["pot", "pot-warm", "otlab", "otlab-warm"]}
    sweep_counts, losses = {}, {}
    for _ in range(args.repeats):
        for warm in (False, True):
            long_seconds, long_sweeps, loss = pot(args.steps, warm)
            short_seconds, _, _ = pot(args.skip, warm) if args.skip > 0 else (0.0, [], 0.0)
            key = "pot-warm" if warm else "pot"
            results[key].append((long_seconds - short_seconds) / (args.steps - args.skip) * 1e3)
            sweep_counts[key] = float(np.mean(long_sweeps[args.skip:]))
            losses[key] = loss
            ms, mean_sweeps, loss = otlab(warm)
            key = "otlab-warm" if warm else "otlab"
            results[key].append(ms)
            sweep_counts[key], losses[key] = mean_sweeps, loss
    print(f"load average after:  {' '.join(f'{v:.2f}' for v in os.getloadavg())}")

    median = {key: float(np.median(values)) for key, values in results.items()}
    print(f"entropic GW, n = m = {args.n}, reg {args.reg}: ms per outer step over steps {args.skip + 1}-{args.steps}, "
          f"median of {args.repeats} alternating runs")
    names = {"pot": "POT 0.9.7 (warmstart=False, default)", "pot-warm": "POT 0.9.7 (warmstart=True)",
             "otlab": "otlab (warm-start=false)", "otlab-warm": "otlab (warm-start=true, default)"}
    for key in ["pot", "pot-warm", "otlab", "otlab-warm"]:
        runs = ", ".join(f"{v:.2f}" for v in results[key])
        print(f"  {names[key]:38s}: {median[key]:8.2f} ms/step  ({sweep_counts[key]:.0f} Sinkhorn sweeps/step; runs {runs})  "
              f"GW loss after {args.steps} steps {losses[key]:.10g}")
    print(f"  otlab default / POT default = {median['otlab-warm'] / median['pot']:.3f}")
    print(f"  otlab cold / POT cold       = {median['otlab'] / median['pot']:.3f}")
    print(f"  otlab warm / POT warm       = {median['otlab-warm'] / median['pot-warm']:.3f}")


if __name__ == "__main__":
    main()
