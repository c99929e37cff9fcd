"""POT solvers that report as they go: each runs POT in warm-started chunks of iterations and
writes one record (and, every few chunks, a plan snapshot) per chunk to an otlab stream.

The result is POT's: a chunk is POT's own function called with ``numItermax=chunk`` and
``warmstart`` = the previous chunk's scalings, so the iterates are POT's. Chunks are a multiple of
10 iterations, POT's error-check period, so the convergence test runs at the same iterations and
the run stops where POT alone stops. What can differ is rounding: POT takes ``log u`` as the warm
start of ``sinkhorn``/``sinkhorn_unbalanced`` and re-exponentiates it (a relative change of about
1e-16 per chunk); the tests check the plans and costs against plain POT calls to 1e-12.

Each function returns what the POT function returns (the plan, or ``(plan, log)`` with
``log=True``), and writes to ``stream`` (an ``otlab_probe.Stream``, a file path, or None for
standard output).
"""

import warnings

import numpy as np

from .stream import Stream, marginal_error, kl


def _import_ot():
    try:
        import ot
    except ImportError as error:  # pragma: no cover - the CLI explains it
        raise ImportError("otlab_probe.pot needs POT: pip install pot") from error
    return ot


def _stream(stream):
    ot = _import_ot()
    if isinstance(stream, Stream):
        if stream.engine == "python":
            stream.engine, stream.engine_version = "pot", ot.__version__
        return stream
    return Stream(stream, engine="pot", engine_version=ot.__version__)


def _chunk_size(chunk):
    return max(10, int(round(chunk / 10.0)) * 10)


def _entropic_figures(plan, a, b, M, reg):
    cost = float(np.sum(plan * M))
    objective = cost + reg * kl(plan, np.outer(a, b))
    return cost, objective, float(plan.sum())


def _run_chunks(name, parameters, a, b, M, stream, step, finish, numItermax, chunk, plan_every, problem):
    """The chunk loop shared by the iterative solvers. ``step(warm, iterations)`` runs POT for
    ``iterations`` and returns (plan, log, converged, iterations_done, warm)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    M = np.asarray(M, dtype=float)
    out = _stream(stream)
    out.header(name, parameters, len(a), len(b), a=a, b=b, problem=problem)
    chunk = _chunk_size(chunk)
    done, warm, chunks = 0, None, 0
    plan, log, converged = None, None, False
    while done < numItermax:
        iterations = min(chunk, numItermax - done)
        plan, log, converged, used, warm = step(warm, iterations)
        done += used
        chunks += 1
        cost, objective, mass = finish(plan)
        out.record(done, marginal_error(plan, a, b), cost=cost, objective=objective, mass=mass,
                   extras={"pot_err": log["err"][-1]} if log.get("err") else None)
        if converged or done >= numItermax:
            break
        if plan_every and chunks % plan_every == 0:
            out.plan(plan, iteration=done)
    return out, plan, log, converged, done


def _end(out, plan, a, b, f, g, converged, done, figures, numItermax):
    cost, objective, mass = figures
    out.final_plan(plan, iteration=done)
    if f is not None:
        out.potentials(f, g, iteration=done)
    out.summary("converged" if converged else "max_iter", iterations=done, cost=cost, objective=objective,
                marginal_error=marginal_error(plan, a, b), mass=mass, nnz=int(np.count_nonzero(plan)))


def _log_scalings(info):
    """``sinkhorn_knopp``'s state as a warm start: POT takes ``log u``, ``log v``."""
    return np.log(info["u"]), np.log(info["v"])


def _log_domain_state(info):
    """``sinkhorn_log``'s own log-domain state, so warm-started iterates are exactly POT's."""
    return info["log_u"], info["log_v"]


# method -> (the POT function's name in ``ot.bregman``, its warm start read from its log)
_BALANCED_SINKHORN = {
    "sinkhorn": ("sinkhorn_knopp", _log_scalings),
    "sinkhorn_log": ("sinkhorn_log", _log_domain_state),
}


def _sinkhorn_step(solve, warm_state, a, b, M, reg, stopThr):
    """The chunk step of ``_run_chunks`` for a balanced POT Sinkhorn ``solve`` (a function of
    ``ot.bregman``); ``warm_state(info)`` is the ``(log u, log v)`` the next chunk starts from."""

    def step(warm, iterations):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plan, info = solve(a, b, M, reg, numItermax=iterations, stopThr=stopThr, log=True,
                               warn=False, warmstart=warm)
        converged = bool(info["err"]) and info["err"][-1] < stopThr
        return plan, info, converged, info["niter"] + 1, warm_state(info)

    return step


def _balanced_sinkhorn(method, a, b, M, reg, numItermax, stopThr, log, stream, chunk, plan_every, problem):
    """``ot.sinkhorn(a, b, M, reg, method=method)`` in reported chunks; the potentials written at
    the end are ``reg`` times the final warm-start state."""
    ot = _import_ot()
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    function_name, warm_state = _BALANCED_SINKHORN[method]
    step = _sinkhorn_step(getattr(ot.bregman, function_name), warm_state, a, b, M, reg, stopThr)
    parameters = {"reg": reg, "numItermax": numItermax, "stopThr": stopThr, "method": method}
    out, plan, info, converged, done = _run_chunks(
        method, parameters, a, b, M, stream, step, lambda P: _entropic_figures(P, a, b, M, reg),
        numItermax, chunk, plan_every, problem)
    log_u, log_v = warm_state(info)
    _end(out, plan, a, b, reg * log_u, reg * log_v, converged, done, _entropic_figures(plan, a, b, M, reg), numItermax)
    if log:
        return plan, dict(info, niter=done - 1)
    return plan


def sinkhorn_knopp(a, b, M, reg, numItermax=1000, stopThr=1e-9, log=False, stream=None, chunk=10,
                   plan_every=5, problem=None):
    """``ot.sinkhorn(a, b, M, reg, method="sinkhorn")``, reporting every ``chunk`` iterations."""
    return _balanced_sinkhorn("sinkhorn", a, b, M, reg, numItermax, stopThr, log, stream, chunk, plan_every, problem)


def sinkhorn_log(a, b, M, reg, numItermax=1000, stopThr=1e-9, log=False, stream=None, chunk=10,
                 plan_every=5, problem=None):
    """``ot.sinkhorn(a, b, M, reg, method="sinkhorn_log")``, reporting every ``chunk`` iterations
    (the warm start is POT's own log-domain state, so the iterates are exactly POT's)."""
    return _balanced_sinkhorn("sinkhorn_log", a, b, M, reg, numItermax, stopThr, log, stream, chunk, plan_every,
                              problem)


def sinkhorn(a, b, M, reg, method="sinkhorn", numItermax=1000, stopThr=1e-9, log=False, stream=None, **kwargs):
    """``ot.sinkhorn`` with ``method`` ``sinkhorn`` or ``sinkhorn_log``, reporting to ``stream``."""
    if method == "sinkhorn":
        return sinkhorn_knopp(a, b, M, reg, numItermax=numItermax, stopThr=stopThr, log=log, stream=stream, **kwargs)
    if method == "sinkhorn_log":
        return sinkhorn_log(a, b, M, reg, numItermax=numItermax, stopThr=stopThr, log=log, stream=stream, **kwargs)
    raise ValueError("otlab_probe.pot.sinkhorn reports method 'sinkhorn' or 'sinkhorn_log', not %r" % (method,))


def sinkhorn_unbalanced(a, b, M, reg, reg_m, numItermax=1000, stopThr=1e-6, log=False, stream=None, chunk=10,
                        plan_every=5, problem=None):
    """``ot.unbalanced.sinkhorn_unbalanced(a, b, M, reg, reg_m)`` (method ``sinkhorn``, KL), reporting
    every ``chunk`` iterations; the objective is POT's ``total_cost``."""
    ot = _import_ot()
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    state = {}

    def step(warm, iterations):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plan, info = ot.unbalanced.sinkhorn_unbalanced(a, b, M, reg, reg_m, method="sinkhorn", numItermax=iterations,
                                                           stopThr=stopThr, log=True, warmstart=warm)
        converged = bool(info["err"]) and info["err"][-1] < stopThr
        state["info"] = info
        return plan, info, converged, len(info["err"]), (info["logu"], info["logv"])

    def figures(plan):
        info = state["info"]
        return float(info["cost"]), float(info["total_cost"]), float(plan.sum())

    parameters = {"reg": reg, "reg_m": reg_m, "numItermax": numItermax, "stopThr": stopThr}
    out, plan, info, converged, done = _run_chunks(
        "sinkhorn_unbalanced", parameters, a, b, M, stream, step, figures, numItermax, chunk, plan_every, problem)
    _end(out, plan, a, b, reg * info["logu"], reg * info["logv"], converged, done, figures(plan), numItermax)
    if log:
        return plan, info
    return plan


def emd(a, b, M, numItermax=100000, log=False, stream=None, problem=None):
    """``ot.emd(a, b, M)``: the network simplex has no iterations to report, so the stream has one
    record, the plan, the potentials and the summary."""
    ot = _import_ot()
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    M = np.asarray(M, dtype=float)
    out = _stream(stream)
    out.header("emd", {"numItermax": numItermax}, len(a), len(b), a=a, b=b, problem=problem)
    plan, info = ot.emd(a, b, M, numItermax=numItermax, log=True)
    cost = float(info["cost"])
    error = marginal_error(plan, a, b)
    out.record(1, error, cost=cost, objective=cost, mass=float(plan.sum()))
    out.final_plan(plan, iteration=1)
    out.potentials(info["u"], info["v"], iteration=1)
    status = "converged" if info.get("result_code", 1) == 1 else "max_iter"
    out.summary(status, iterations=1, cost=cost, objective=cost, marginal_error=error, mass=float(plan.sum()),
                nnz=int(np.count_nonzero(plan)), warning=info.get("warning") or None)
    if log:
        return plan, info
    return plan
