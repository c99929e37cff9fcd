"""OTT-JAX solves reported to an otlab stream through ``Sinkhorn(progress_fn=...)``.

``progress_fn(stream)`` returns a callable for OTT's ``progress_fn``: OTT calls it (through
``jax.debug.callback``, on the host) after every iteration with ``(iteration, inner_iterations,
max_iterations, state)``. It writes the header on the first call, a record whenever OTT has
computed the error (every ``inner_iterations``), and, when given the geometry, a plan snapshot
from the potentials every ``plan_every`` records. Call ``.finish(output)`` with the
``SinkhornOutput`` to write the plan, the potentials and the summary::

    progress = otlab_probe.ott.progress_fn("run.jsonl", geom=geom, plan_every=10)
    out = jax.jit(sinkhorn.Sinkhorn(progress_fn=progress))(linear_problem.LinearProblem(geom))
    progress.finish(out)
"""

import numpy as np

from .stream import Stream, marginal_error


class ProgressFunction:
    """The callback OTT calls; see the module documentation."""

    def __init__(self, stream=None, geom=None, a=None, b=None, plan_every=10, solver="ott-sinkhorn",
                 parameters=None, problem=None):
        try:
            import ott
            version = ott.__version__
        except ImportError:  # pragma: no cover
            version = None
        self.out = stream if isinstance(stream, Stream) else Stream(stream, engine="ott", engine_version=version)
        if self.out.engine == "python":
            self.out.engine, self.out.engine_version = "ott", version
        self.geom = geom
        self.a = None if a is None else np.asarray(a, dtype=float)
        self.b = None if b is None else np.asarray(b, dtype=float)
        self.plan_every = plan_every
        self.solver = solver
        self.parameters = dict(parameters or {})
        self.problem = problem
        self.records = 0
        self.started = False
        self.last_iteration = 0

    def _plan(self, state):
        if self.geom is None:
            return None
        f, g = state.potentials if hasattr(state, "potentials") else (state.fu, state.gv)
        return np.asarray(self.geom.transport_from_potentials(f, g), dtype=float)

    def _header(self, state, max_iterations):
        f, g = state.potentials if hasattr(state, "potentials") else (state.fu, state.gv)
        n, m = int(np.shape(f)[0]), int(np.shape(g)[0])
        parameters = dict(self.parameters)
        if self.geom is not None and "epsilon" not in parameters:
            parameters["epsilon"] = float(self.geom.epsilon)
        parameters.setdefault("max_iterations", int(max_iterations))
        self.out.header(self.solver, parameters, n, m, a=self.a, b=self.b, problem=self.problem)
        self.started = True

    def __call__(self, status, *args):
        iteration, inner, total, state = status
        iteration, inner = int(iteration) + 1, int(inner)
        if not self.started:
            self._header(state, total)
        if iteration % inner != 0:
            return
        errors = np.asarray(state.errors).ravel()
        error = float(errors[max(0, iteration // inner - 1)])
        self.last_iteration = iteration
        plan = None
        if self.geom is not None and self.plan_every and self.records % self.plan_every == 0:
            plan = self._plan(state)
        cost, mass, error = self._plan_figures(plan, error)
        self.out.record(iteration, error, cost=cost, objective=None, mass=mass, extras={"ott_error": float(errors[max(0, iteration // inner - 1)])})
        if plan is not None:
            self.out.plan(plan, iteration=iteration)
        self.records += 1

    def _plan_figures(self, plan, error):
        """``(cost, mass, error)`` of ``plan``: ``<P, C>``, its mass and its L1 marginal error
        (``error`` is kept where the marginals are not known); ``(None, None, error)`` without a plan."""
        if plan is None:
            return None, None, error
        cost = float(np.sum(plan * np.asarray(self.geom.cost_matrix)))
        mass = float(plan.sum())
        if self.a is not None and self.b is not None:
            error = marginal_error(plan, self.a, self.b)
        return cost, mass, error

    def finish(self, output):
        """Writes the final plan, the potentials and the summary from a ``SinkhornOutput``."""
        f, g = np.asarray(output.f, dtype=float), np.asarray(output.g, dtype=float)
        plan = np.asarray(output.matrix, dtype=float) if self.geom is not None else None
        iterations = int(output.n_iters) if hasattr(output, "n_iters") else self.last_iteration
        cost, mass, error = self._plan_figures(plan, None)
        if plan is not None:
            self.out.final_plan(plan, iteration=iterations)
        self.out.potentials(f, g, iteration=iterations)
        self.out.summary("converged" if bool(output.converged) else "max_iter", iterations=iterations, cost=cost,
                         objective=float(output.reg_ot_cost), marginal_error=error, mass=mass)


def progress_fn(stream=None, geom=None, a=None, b=None, plan_every=10, **kwargs):
    """A ``progress_fn`` for ``ott.solvers.linear.sinkhorn.Sinkhorn`` that writes otlab's stream."""
    return ProgressFunction(stream, geom=geom, a=a, b=b, plan_every=plan_every, **kwargs)
