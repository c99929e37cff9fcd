"""The OTT-JAX progress_fn writes a valid stream with plan snapshots; skipped without ott-jax."""

import io

import numpy as np
import pytest

try:
    import jax
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    from ott.geometry import geometry
    from ott.problems.linear import linear_problem
    from ott.solvers.linear import sinkhorn
except ImportError:  # pragma: no cover - depends on the machine
    pytest.skip("ott-jax is not installed here (pip install ott-jax); the OTT probe tests are skipped",
                allow_module_level=True)

import otlab_probe.ott as probe  # noqa: E402
from conftest import check_stream  # noqa: E402


def test_progress_fn_streams_records_plans_and_summary(problem):
    a, b, M = problem
    geom = geometry.Geometry(cost_matrix=jnp.asarray(M), epsilon=0.05)
    out = io.StringIO()
    progress = probe.progress_fn(out, geom=geom, a=a, b=b, plan_every=3)
    solver = sinkhorn.Sinkhorn(threshold=1e-9, max_iterations=5000, inner_iterations=10, progress_fn=progress)
    output = solver(linear_problem.LinearProblem(geom, a=jnp.asarray(a), b=jnp.asarray(b)))
    progress.finish(output)
    lines = check_stream(out.getvalue())
    assert lines[0]["engine"] == "ott"
    records = [line for line in lines if line["type"] == "record"]
    assert len(records) >= 5
    assert sum(1 for line in lines if line["type"] == "plan") >= 2, "plan snapshots every 3 records and at the end"
    summary = lines[-1]
    assert summary["status"] == ("converged" if bool(output.converged) else "max_iter")
    assert abs(summary["objective"] - float(output.reg_ot_cost)) <= 1e-12
    assert abs(summary["cost"] - float(np.sum(np.asarray(output.matrix) * M))) <= 1e-12
