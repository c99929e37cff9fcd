#!/usr/bin/env python3
"""Time to solution: POT and OTT-JAX against otlab on the problems of `otlab bench --tts`.

The problems are read from the .npy files that `otlab bench --tts --export-problems DIR` writes
(DIR/<name>/M.npy, a.npy, b.npy and problem.json with reg, tol and the reference cost), so every
engine solves exactly the same numbers. Each method is timed to the problem's tolerance, and the
tolerance is checked on the plan the method returns: the L1 marginal error
sum_i |P 1 - a|_i + sum_j |P^T 1 - b|_j. Neither POT nor OTT-JAX stops on that figure (POT checks an
L2 norm of one marginal every 10 iterations, OTT one marginal every `inner_iterations`), so each
method's own threshold is first set to the tolerance and divided by 10 until the returned plan
meets it (at most 4 tries), then raised by half a decade if the plan still meets it there; the
method is then timed at that threshold.

    otlab bench --tts --export-problems /tmp/tts
    otlab bench --tts --json-out /tmp/otlab-tts.json
    python3 bench/compare_tts.py /tmp/tts --otlab-json /tmp/otlab-tts.json

or let the script run otlab's suite itself (`--otlab PATH/TO/otlab`, which also exports the
problems when DIR is empty). Timing: POT in process, from the call (its exp(-M/reg) included) to
its return; OTT-JAX on the CPU with 64-bit floats, the jitted solve timed after a first call that
compiles it (compile time excluded), `block_until_ready` on the plan. Each method runs in its own
subprocess with a time budget, so a method that does not converge is stopped and reported as
`budget`. Medians of --repeats runs (one run when the first takes over a quarter of the budget).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np

POT_METHODS = ["sinkhorn", "sinkhorn_log", "sinkhorn_stabilized", "sinkhorn_epsilon_scaling"]
OTT_SETTINGS = ["default", "anderson"]
CALIBRATION_TRIES = 4


def load(folder):
    with open(os.path.join(folder, "problem.json")) as handle:
        meta = json.load(handle)
    a = np.load(os.path.join(folder, "a.npy"))
    b = np.load(os.path.join(folder, "b.npy"))
    M = np.load(os.path.join(folder, "M.npy"))
    return meta, a, b, M


def marginal_error(P, a, b):
    """The L1 marginal error of a plan, as otlab checks it."""
    P = np.asarray(P, dtype=np.float64)
    return float(np.abs(P.sum(axis=1) - a).sum() + np.abs(P.sum(axis=0) - b).sum())


def pot_solver(method, a, b, M, reg, threshold):
    import ot

    def solve():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if method == "sinkhorn_epsilon_scaling":
                return ot.sinkhorn(a, b, M, reg, method=method, numItermax=100_000, stopThr=threshold)
            return ot.sinkhorn(a, b, M, reg, method=method, numItermax=100_000_000, stopThr=threshold)
    return solve


def ott_solver(setting, a, b, M, reg, threshold):
    import jax
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    from ott.geometry import geometry
    from ott.problems.linear import linear_problem
    from ott.solvers.linear import acceleration, sinkhorn

    anderson = acceleration.AndersonAcceleration(memory=5) if setting == "anderson" else None
    solver = sinkhorn.Sinkhorn(threshold=threshold, max_iterations=10_000_000, anderson=anderson)

    @jax.jit
    def run(M, a, b):
        geom = geometry.Geometry(cost_matrix=M, epsilon=reg)
        out = solver(linear_problem.LinearProblem(geom, a=a, b=b))
        return out.matrix, out.converged

    Mj, aj, bj = jnp.asarray(M), jnp.asarray(a), jnp.asarray(b)
    run(Mj, aj, bj)[0].block_until_ready()  # compile (excluded from the time)

    def solve():
        plan, _ = run(Mj, aj, bj)
        return np.asarray(plan.block_until_ready())
    return solve


def worker(args):
    """One method on one problem at one threshold; prints one JSON line."""
    meta, a, b, M = load(args.worker_problem)
    engine, method = args.worker_method.split(":", 1)
    make = pot_solver if engine == "pot" else ott_solver
    try:
        solve = make(method, a, b, M, meta["reg"], args.worker_threshold)
    except Exception as error:  # an engine that cannot set up (e.g. a missing package)
        print(json.dumps({"status": "refused", "reason": str(error)[:200]}))
        return
    times, error, cost = [], None, None
    for _ in range(max(1, args.repeats)):
        start = time.perf_counter()
        try:
            P = solve()
        except Exception as failure:
            print(json.dumps({"status": "failed", "reason": str(failure)[:200]}))
            return
        times.append(time.perf_counter() - start)
        if error is None:
            P = np.asarray(P, dtype=np.float64)
            error = marginal_error(P, a, b)
            cost = float(np.sum(P * M))
            if not np.isfinite(error):
                break
        if times[-1] > args.budget / 4:
            break
    print(json.dumps({"status": "ok", "seconds": statistics.median(times), "runs": len(times),
                      "error": error if np.isfinite(error) else None, "cost": cost if cost is not None and np.isfinite(cost) else None}))


def run_worker(script, folder, method, threshold, repeats, budget, overhead):
    command = [sys.executable, script, "--worker-problem", folder, "--worker-method", method,
               "--worker-threshold", repr(threshold), "--repeats", str(repeats), "--budget", str(budget)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=budget + overhead)
    except subprocess.TimeoutExpired:
        return {"status": "budget"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"status": "failed", "reason": (done.stderr.strip().splitlines() or ["no output"])[-1][:200]}
    return json.loads(lines[-1])


def time_method(script, folder, meta, method, repeats, budget, overhead):
    """Calibrates the method's threshold to the tolerance, then times it there."""
    tol = meta["tol"]
    threshold = tol
    for _ in range(CALIBRATION_TRIES):
        result = run_worker(script, folder, method, threshold, 1, budget, overhead)
        if result["status"] != "ok":
            return dict(result, threshold=threshold)
        if result["error"] is None:
            return dict(result, status="failed", reason="NaN or inf in the plan", threshold=threshold)
        if result["error"] <= tol:
            break
        threshold /= 10
    else:
        return dict(result, status="over tol", threshold=threshold * 10)
    if threshold < tol:
        # One step back up (half a decade): the loosest threshold that still meets the tolerance.
        looser = threshold * 10 ** 0.5
        retry = run_worker(script, folder, method, looser, 1, budget, overhead)
        if retry["status"] == "ok" and retry["error"] is not None and retry["error"] <= tol:
            threshold, result = looser, retry
    if repeats > 1 and result["seconds"] <= budget / 4:
        timed = run_worker(script, folder, method, threshold, repeats, budget, overhead)
        if timed["status"] == "ok" and timed["error"] is not None and timed["error"] <= tol:
            result = timed
    result["threshold"] = threshold
    result["status"] = "converged" if result["seconds"] <= budget else "budget"
    return result


def otlab_results(path):
    with open(path) as handle:
        data = json.load(handle)
    return {p["name"]: p for p in data["problems"]}


def fmt(x, digits=4):
    return "-" if x is None else f"{x:.{digits}f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("problems", nargs="?", help="directory written by `otlab bench --tts --export-problems`")
    parser.add_argument("--otlab-json", help="JSON written by `otlab bench --tts --json-out`")
    parser.add_argument("--otlab", help="an otlab binary: export the problems (when the directory is empty) and run its suite")
    parser.add_argument("--repeats", type=int, default=3, help="runs per timing (median); default 3")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds a method may take on a problem; default 60")
    parser.add_argument("--only", help="only problems whose name contains this text")
    parser.add_argument("--no-ott", action="store_true", help="leave OTT-JAX out")
    parser.add_argument("--json-out", help="write every figure and ratio as JSON")
    parser.add_argument("--worker-problem", help=argparse.SUPPRESS)
    parser.add_argument("--worker-method", help=argparse.SUPPRESS)
    parser.add_argument("--worker-threshold", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker_problem:
        worker(args)
        return

    directory = args.problems or tempfile.mkdtemp(prefix="otlab-tts-")
    if args.otlab and not os.listdir(directory):
        subprocess.run([args.otlab, "bench", "--tts", "--export-problems", directory], check=True)
    names = sorted(d for d in os.listdir(directory) if os.path.exists(os.path.join(directory, d, "problem.json")))
    if args.only:
        names = [n for n in names if args.only in n]
    if not names:
        sys.exit(f"no problems in {directory}; write them with `otlab bench --tts --export-problems {directory}`")

    otlab = {}
    if args.otlab_json:
        otlab = otlab_results(args.otlab_json)
    elif args.otlab:
        out = os.path.join(directory, "otlab-tts.json")
        command = [args.otlab, "bench", "--tts", "--json-out", out, "--repeats", str(args.repeats)]
        if args.only:
            command += ["--tts-only", args.only]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        otlab = otlab_results(out)

    try:
        import ott  # noqa: F401
        has_ott = not args.no_ott
    except ImportError:
        has_ott = False
    import ot
    print(f"POT {ot.__version__}, numpy {np.__version__}" + (f", ott-jax {__import__('ott').__version__} (CPU, float64)" if has_ott else ", OTT-JAX not timed")
          + f"; median of {args.repeats}, budget {args.budget:g} s a method; load average {os.getloadavg()[0]:.2f}")
    script = os.path.abspath(__file__)
    methods = [f"pot:{m}" for m in POT_METHODS] + ([f"ott:{s}" for s in OTT_SETTINGS] if has_ott else [])
    summary = []
    for name in names:
        folder = os.path.join(directory, name)
        meta, a, b, M = load(folder)
        print(f"\n{name}: {meta['summary']}; reg {meta['reg']:g}, tol {meta['tol']:g}")
        rows = {}
        for method in methods:
            overhead = 120 if method.startswith("ott") else 30
            rows[method] = time_method(script, folder, meta, method, args.repeats, args.budget, overhead)
            r = rows[method]
            print(f"  {method:32s} {r['status']:>10s} {fmt(r.get('seconds')):>10s} s  error {r.get('error') or float('nan'):.2e}"
                  f"  threshold {r.get('threshold', float('nan')):.1e}  cost {r.get('cost') if r.get('cost') is not None else '-'}"
                  + (f"  ({r['reason']})" if r.get("reason") else ""))

        def best(prefix):
            done = [(r["seconds"], m) for m, r in rows.items() if m.startswith(prefix) and r["status"] == "converged"]
            return min(done) if done else (None, None)

        pot_best, pot_method = best("pot:")
        ott_best, ott_method = best("ott:")
        entry = {"name": name, "pot_best": pot_best, "pot_best_method": pot_method, "ott_best": ott_best,
                 "ott_best_method": ott_method, "rows": rows}
        o = otlab.get(name)
        if o:
            if o.get("reg") != meta["reg"] or o.get("tol") != meta["tol"]:
                print(f"  WARNING: otlab's JSON has reg {o.get('reg')}, tol {o.get('tol')} for {name}; the files say {meta['reg']}, {meta['tol']}")
            outcomes = {x["label"]: x for x in o["outcomes"]}
            auto = outcomes.get("auto")
            hand, hand_seconds = o.get("best_by_hand"), o.get("best_by_hand_seconds")
            auto_seconds = auto["seconds"] if auto and auto.get("met") else None
            print(f"  otlab best by hand: {hand} {fmt(hand_seconds)} s; otlab auto: "
                  + (f"{fmt(auto_seconds)} s" if auto_seconds else ("did not reach the tolerance" if auto else "not in this build")))
            figure, label = (auto_seconds, "auto") if auto_seconds else (hand_seconds, "otlab best by hand")

            def ratio(x, y):
                return x / y if x and y else None
            entry.update({"otlab_auto": auto_seconds, "otlab_best_by_hand": hand_seconds, "otlab_best_by_hand_label": hand,
                          "compared": label,
                          "over_best_pot": ratio(figure, pot_best), "over_best_ott": ratio(figure, ott_best),
                          "auto_over_best_by_hand": ratio(auto_seconds, hand_seconds)})
            print(f"  ratios ({label}): / best POT ({pot_method}) {fmt(entry['over_best_pot'], 3)} (goal <= 0.5),"
                  f" / best OTT ({ott_method}) {fmt(entry['over_best_ott'], 3)} (goal <= 0.5),"
                  f" auto / best otlab by hand {fmt(entry['auto_over_best_by_hand'], 3)} (goal <= 1.2)")
        summary.append(entry)

    if otlab:
        print("\nproblem                    otlab(s)    best POT (s)   best OTT (s)   /POT    /OTT   auto/hand")
        for e in summary:
            if "compared" not in e:
                continue
            figure = e["otlab_auto"] or e["otlab_best_by_hand"]
            print(f"{e['name']:26s} {fmt(figure):>9s} {fmt(e['pot_best']):>14s} {fmt(e['ott_best']):>14s}"
                  f" {fmt(e['over_best_pot'], 2):>7s} {fmt(e['over_best_ott'], 2):>7s} {fmt(e['auto_over_best_by_hand'], 2):>10s}")
    if args.json_out:
        with open(args.json_out, "w") as handle:
            json.dump({"problems": summary, "repeats": args.repeats, "budget": args.budget}, handle, indent=1)


if __name__ == "__main__":
    main()
