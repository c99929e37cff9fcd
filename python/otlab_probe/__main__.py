"""``python -m otlab_probe solve --engine pot|ott A B [--cost-matrix M] --solver S --reg R``.

Reads otlab's input formats (NPY: 1-D weights or 2-D points; NPZ: a, b, M or xs, xt; CSV: points,
optional ``weight``/``w`` column) and writes the record stream to standard output (or ``--out``).
``-`` as the only input reads an NPZ archive from standard input (how ``otlab solve --host`` sends a
problem over ssh). Exit status: 0 finished, 1 numerical failure, 2 bad input or missing engine.
"""

import argparse
import io
import sys

import numpy as np

SOLVERS = {
    "sinkhorn": "sinkhorn", "sinkhorn-log": "sinkhorn_log", "sinkhorn_log": "sinkhorn_log",
    "unbalanced": "sinkhorn_unbalanced", "sinkhorn-unbalanced": "sinkhorn_unbalanced",
    "sinkhorn_unbalanced": "sinkhorn_unbalanced", "emd": "emd", "exact": "emd", "network-simplex": "emd",
}


class InputProblem(Exception):
    pass


def _read_csv(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    delimiter = "\t" if "\t" in text.splitlines()[0] else ","
    rows = [line.split(delimiter) for line in text.splitlines() if line.strip()]
    header = [name.strip().lower() for name in rows[0]]
    try:
        data = np.array([[float(cell) for cell in row] for row in rows[1:]])
    except ValueError as error:
        raise InputProblem("%s: %s" % (path, error))
    weight = next((k for k, name in enumerate(header) if name in ("weight", "w")), None)
    columns = [k for k in range(len(header)) if k != weight]
    points = data[:, columns]
    weights = data[:, weight] if weight is not None else np.full(len(data), 1.0 / len(data))
    return weights, points


def _read_measure(path):
    lower = path.lower()
    if lower.endswith(".csv") or lower.endswith(".tsv"):
        return _read_csv(path)
    if lower.endswith(".npy"):
        array = np.load(path, allow_pickle=False)
        if array.ndim == 1:
            return np.asarray(array, dtype=float), None
        if array.ndim == 2:
            return np.full(array.shape[0], 1.0 / array.shape[0]), np.asarray(array, dtype=float)
        raise InputProblem("%s: a %d-D array; expected 1-D weights or 2-D points" % (path, array.ndim))
    raise InputProblem("%s: expected .npy, .npz or .csv" % path)


def _sqeuclidean(x, y):
    return ((x[:, None, :] - y[None, :, :]) ** 2).sum(axis=2)


def load_problem(inputs, cost_matrix=None):
    """(a, b, M, description) from otlab's input formats; ``load_problem_and_points`` also gives the points."""
    return load_problem_and_points(inputs, cost_matrix)[:4]


def load_problem_and_points(inputs, cost_matrix=None):
    """(a, b, M, description, points): points is (xs, xt) for point clouds, else None."""
    if len(inputs) == 1:
        source = inputs[0]
        data = np.load(io.BytesIO(sys.stdin.buffer.read()) if source == "-" else source, allow_pickle=False)
        names = set(data.files)
        if {"a", "b", "M"} <= names:
            points = (np.asarray(data["xs"], float), np.asarray(data["xt"], float)) if {"xs", "xt"} <= names else None
            return np.asarray(data["a"], float), np.asarray(data["b"], float), np.asarray(data["M"], float), source, points
        if {"xs", "xt"} <= names:
            xs, xt = np.asarray(data["xs"], float), np.asarray(data["xt"], float)
            a = np.asarray(data["a"], float) if "a" in names else np.full(len(xs), 1.0 / len(xs))
            b = np.asarray(data["b"], float) if "b" in names else np.full(len(xt), 1.0 / len(xt))
            return a, b, _sqeuclidean(xs, xt), source, (xs, xt)
        raise InputProblem("%s: an archive needs a, b, M or xs, xt" % source)
    if len(inputs) != 2:
        raise InputProblem("give SOURCE and TARGET, or one .npz archive (- for standard input)")
    (a, xs), (b, xt) = _read_measure(inputs[0]), _read_measure(inputs[1])
    if cost_matrix is not None:
        M = np.asarray(np.load(cost_matrix, allow_pickle=False), dtype=float)
        if M.shape != (len(a), len(b)):
            raise InputProblem("%s: shape %s; expected (%d, %d)" % (cost_matrix, M.shape, len(a), len(b)))
    elif xs is not None and xt is not None:
        M = _sqeuclidean(xs, xt)
    else:
        raise InputProblem("weight vectors need --cost-matrix M.npy")
    points = (xs, xt) if xs is not None and xt is not None and xs.shape[1] == xt.shape[1] else None
    return a, b, M, "%s -> %s" % (inputs[0], inputs[1]), points


def solve_pot(args, a, b, M, description, out):
    from . import pot
    solver = SOLVERS[args.solver]
    common = dict(stream=out, problem=description)
    tol = args.tol
    if solver in ("sinkhorn", "sinkhorn_log"):
        pot.sinkhorn(a, b, M, args.reg, method=solver, numItermax=args.max_iter, stopThr=1e-9 if tol is None else tol,
                     chunk=args.chunk, **common)
    elif solver == "sinkhorn_unbalanced":
        pot.sinkhorn_unbalanced(a, b, M, args.reg, args.reg_m, numItermax=args.max_iter,
                                stopThr=1e-6 if tol is None else tol, chunk=args.chunk, **common)
    else:
        pot.emd(a, b, M, **common)


def solve_ott(args, a, b, M, description, out):
    import jax
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    from ott.geometry import geometry
    from ott.problems.linear import linear_problem
    from ott.solvers.linear import sinkhorn
    from . import ott as probe
    solver = SOLVERS[args.solver]
    if solver not in ("sinkhorn", "sinkhorn_log"):
        raise InputProblem("--engine ott runs sinkhorn (log domain); %s is a POT solver here" % args.solver)
    geom = geometry.Geometry(cost_matrix=jnp.asarray(M), epsilon=args.reg)
    progress = probe.progress_fn(out, geom=geom, a=a, b=b, plan_every=args.plan_every, problem=description,
                                 parameters={"reg": args.reg, "threshold": args.tol or 1e-9})
    tol = 1e-9 if args.tol is None else args.tol
    solver_fn = sinkhorn.Sinkhorn(threshold=tol, max_iterations=args.max_iter, inner_iterations=10,
                                  progress_fn=progress, lse_mode=(solver == "sinkhorn_log" or True))
    output = solver_fn(linear_problem.LinearProblem(geom, a=jnp.asarray(a), b=jnp.asarray(b)))
    progress.finish(output)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m otlab_probe", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    solve = commands.add_parser("solve", help="solve with POT or OTT-JAX and write the record stream")
    solve.add_argument("inputs", nargs="+", help="SOURCE TARGET, or one .npz (- for standard input)")
    solve.add_argument("--engine", choices=["pot", "ott"], default="pot")
    solve.add_argument("--cost-matrix", dest="cost_matrix")
    solve.add_argument("--solver", default="sinkhorn", choices=sorted(SOLVERS))
    solve.add_argument("--reg", type=float, default=0.05)
    solve.add_argument("--reg-m", dest="reg_m", type=float, default=1.0)
    solve.add_argument("--tol", type=float, default=None)
    solve.add_argument("--max-iter", dest="max_iter", type=int, default=10000)
    solve.add_argument("--chunk", type=int, default=10, help="POT iterations per record (a multiple of 10)")
    solve.add_argument("--plan-every", dest="plan_every", type=int, default=10, help="records between plan snapshots (OTT)")
    solve.add_argument("--final-plan", dest="final_plan", action="store_true",
                       help="send the final plan whole (n x m, up to 10^6 entries) instead of a 64 x 64 snapshot")
    solve.add_argument("--out", help="write the stream to this file instead of standard output")
    args = parser.parse_args(argv)
    out = open(args.out, "w", encoding="utf-8") if args.out else None
    try:
        a, b, M, description, points = load_problem_and_points(args.inputs, args.cost_matrix)
        from .stream import Stream
        stream = Stream(out)
        stream.whole_final_plan = args.final_plan
        stream.points = points
        if args.engine == "pot":
            try:
                import ot  # noqa: F401
            except ImportError:
                print("otlab_probe: --engine pot needs POT: pip install pot", file=sys.stderr)
                return 2
            solve_pot(args, a, b, M, description, stream)
        else:
            try:
                import ott  # noqa: F401
            except ImportError:
                print("otlab_probe: --engine ott needs OTT-JAX: pip install ott-jax", file=sys.stderr)
                return 2
            solve_ott(args, a, b, M, description, stream)
    except InputProblem as problem:
        print("otlab_probe: %s" % problem, file=sys.stderr)
        return 2
    except (OSError, ValueError) as error:
        print("otlab_probe: %s" % error, file=sys.stderr)
        return 2
    finally:
        if out is not None:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
