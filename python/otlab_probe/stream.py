"""The writer of otlab's record stream (``otlab/1``; docs/record-stream.md).

One JSON object per line, flushed after each, so a reader (``otlab watch``) sees every record as
soon as it is written. Non-finite numbers are written as the strings ``"inf"``, ``"-inf"``,
``"nan"`` (JSON has no such numbers); floats keep Python's shortest round-trip repr.
"""

import json
import math
import socket
import sys
import time

import numpy as np

VERSION = "otlab/1"
#: Largest n (or m) for which weights, potentials and plan marginals are written.
VECTOR_LIMIT = 10_000
#: Plan snapshots are summed into at most this many blocks a side.
PLAN_BLOCKS = 64
#: Most entries (n * m) of a final plan sent whole when the stream asks for it
#: (``Stream.whole_final_plan``, the CLI's ``--final-plan``): 10^6 entries is a line of about 20 MB.
WHOLE_PLAN_LIMIT = 1_000_000


def _number(x):
    """A JSON-ready number: finite floats as floats, non-finite as the stream's strings."""
    if x is None:
        return None
    x = float(x)
    if math.isfinite(x):
        return x
    return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")


def _numbers(xs):
    return [_number(x) for x in np.asarray(xs, dtype=float).ravel()]


def _parameter(value):
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return _number(value)
    return str(value)


def aggregate(plan, max_rows=PLAN_BLOCKS, max_columns=PLAN_BLOCKS):
    """Sums an n x m plan into at most max_rows x max_columns blocks, as otlab's BlockAggregation:
    row i of n goes to block i * R // n (contiguous ranges; the blocks sum to the plan's mass)."""
    plan = np.asarray(plan, dtype=float)
    n, m = plan.shape
    r, c = min(n, max_rows), min(m, max_columns)
    rows = np.arange(n) * r // n
    columns = np.arange(m) * c // m
    by_rows = np.zeros((r, m))
    np.add.at(by_rows, rows, plan)
    blocks = np.zeros((r, c))
    np.add.at(blocks.T, columns, by_rows.T)
    return blocks


class Stream:
    """Writes one run's lines to ``out`` (a text file object; default stdout).

    ``Stream(out)`` then ``header(...)``, ``record(...)`` per iteration or chunk, optionally
    ``plan(P)`` and ``potentials(f, g)``, and ``summary(status, ...)`` at the end. Pass a path
    string to write (and append) to a file.
    """

    def __init__(self, out=None, engine="python", engine_version=None, host=None):
        if isinstance(out, str):
            out = open(out, "a", encoding="utf-8")
        self.out = out if out is not None else sys.stdout
        self.engine = engine
        self.engine_version = engine_version
        self.host = host if host is not None else socket.gethostname()
        self.n = None
        self.m = None
        self.started = time.perf_counter()
        #: When true, ``final_plan`` sends the plan whole (n x m blocks) where n * m is at most
        #: ``WHOLE_PLAN_LIMIT``, so a reader can write the real plan (``otlab solve --engine ...
        #: --plan-out``); otherwise the final plan is a 64 x 64 snapshot like the others.
        self.whole_final_plan = False
        #: The source and target points (n x d and m x d arrays), written in the header as ``xs`` and
        #: ``xt`` for n, m <= VECTOR_LIMIT so ``otlab watch`` can draw the clouds; None for weight vectors.
        self.points = None

    def _write(self, obj):
        self.out.write(json.dumps(obj, allow_nan=False, separators=(",", ":")) + "\n")
        self.out.flush()

    def elapsed(self):
        """Seconds since the header."""
        return time.perf_counter() - self.started

    def header(self, solver, parameters, n, m, a=None, b=None, problem=None):
        self.n, self.m = int(n), int(m)
        line = {"stream": VERSION, "type": "header", "engine": self.engine}
        if self.engine_version is not None:
            line["engine_version"] = str(self.engine_version)
        if self.host:
            line["host"] = self.host
        line.update({
            "solver": solver,
            "parameters": {str(k): _parameter(v) for k, v in parameters.items() if v is not None},
            "n": self.n,
            "m": self.m,
        })
        if problem:
            line["problem"] = problem
        if a is not None and b is not None and self.n <= VECTOR_LIMIT and self.m <= VECTOR_LIMIT:
            line["a"], line["b"] = _numbers(a), _numbers(b)
        if self.points is not None and self.n <= VECTOR_LIMIT and self.m <= VECTOR_LIMIT:
            xs, xt = (np.asarray(p, dtype=float) for p in self.points)
            if xs.ndim == 2 and xt.ndim == 2 and xs.shape == (self.n, xs.shape[1]) and xt.shape == (self.m, xs.shape[1]):
                line["xs"] = [_numbers(row) for row in xs]
                line["xt"] = [_numbers(row) for row in xt]
        self.started = time.perf_counter()
        self._write(line)

    def record(self, iteration, marginal_error, seconds=None, cost=None, objective=None,
               dual_objective=None, mass=None, extras=None):
        line = {
            "type": "record",
            "iteration": int(iteration),
            "seconds": _number(self.elapsed() if seconds is None else seconds),
            "marginal_error": _number(marginal_error),
            "cost": _number(cost),
            "objective": _number(objective),
            "dual_objective": _number(dual_objective),
        }
        if mass is not None:
            line["mass"] = _number(mass)
        if extras:
            line["extras"] = {str(k): _number(v) for k, v in extras.items()}
        self._write(line)

    def plan(self, plan, iteration=None, max_blocks=PLAN_BLOCKS):
        plan = np.asarray(plan, dtype=float)
        n, m = plan.shape
        blocks = aggregate(plan, max_blocks, max_blocks)
        line = {"type": "plan"}
        if iteration is not None:
            line["iteration"] = int(iteration)
        line.update({"n": n, "m": m, "rows": blocks.shape[0], "columns": blocks.shape[1], "blocks": _numbers(blocks)})
        if n <= VECTOR_LIMIT and m <= VECTOR_LIMIT:
            line["row_sums"] = _numbers(plan.sum(axis=1))
            line["column_sums"] = _numbers(plan.sum(axis=0))
        self._write(line)

    def final_plan(self, plan, iteration=None):
        """The plan at the end of the run: whole when ``whole_final_plan`` is set and it has at most
        ``WHOLE_PLAN_LIMIT`` entries, else a snapshot of at most ``PLAN_BLOCKS`` blocks a side."""
        plan = np.asarray(plan, dtype=float)
        n, m = plan.shape
        whole = self.whole_final_plan and n * m <= WHOLE_PLAN_LIMIT
        self.plan(plan, iteration=iteration, max_blocks=max(n, m) if whole else PLAN_BLOCKS)

    def potentials(self, f, g, iteration=None):
        f, g = np.asarray(f, dtype=float).ravel(), np.asarray(g, dtype=float).ravel()
        if len(f) > VECTOR_LIMIT or len(g) > VECTOR_LIMIT:
            return
        line = {"type": "potentials"}
        if iteration is not None:
            line["iteration"] = int(iteration)
        line.update({"f": _numbers(f), "g": _numbers(g)})
        self._write(line)

    def summary(self, status, iterations=None, cost=None, objective=None, dual_objective=None,
                marginal_error=None, mass=None, reason=None, warning=None, **extra):
        line = {"type": "summary", "status": status}
        if reason:
            line["reason"] = reason
        if warning:
            line["warning"] = warning
        line.update({
            "iterations": None if iterations is None else int(iterations),
            "seconds": _number(self.elapsed()),
            "cost": _number(cost),
            "objective": _number(objective),
            "dual_objective": _number(dual_objective),
            "marginal_error": _number(marginal_error),
            "mass": _number(mass),
            "n": self.n,
            "m": self.m,
        })
        for key, value in extra.items():
            line[key] = _number(value) if isinstance(value, (float, np.floating)) else value
        self._write(line)


def marginal_error(plan, a, b):
    """L1 norm of the row-sum and column-sum violations (otlab's marginal error)."""
    plan = np.asarray(plan, dtype=float)
    return float(np.abs(plan.sum(axis=1) - a).sum() + np.abs(plan.sum(axis=0) - b).sum())


def kl(p, q):
    """Generalized KL divergence sum p log(p/q) - p + q (0 log 0 = 0)."""
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(p / q), 0.0)
    return float(terms.sum() - p.sum() + q.sum())
