"""The POT probe returns what POT returns (to 1e-12) and writes a valid stream while it runs."""

import io
import json

import numpy as np
import pytest

ot = pytest.importorskip("ot", reason="POT is not installed (pip install pot)")

from otlab_probe import pot as probe  # noqa: E402
from otlab_probe.stream import aggregate  # noqa: E402
from conftest import check_stream  # noqa: E402


@pytest.mark.parametrize("method", ["sinkhorn", "sinkhorn_log"])
def test_sinkhorn_equals_plain_pot(problem, method):
    a, b, M = problem
    out = io.StringIO()
    plan, log = probe.sinkhorn(a, b, M, 0.05, method=method, numItermax=5000, stopThr=1e-10, log=True, stream=out)
    reference, reference_log = ot.sinkhorn(a, b, M, 0.05, method=method, numItermax=5000, stopThr=1e-10, log=True)
    assert np.max(np.abs(plan - reference)) <= 1e-12 * max(1.0, np.max(reference))
    assert abs(np.sum(plan * M) - ot.sinkhorn2(a, b, M, 0.05, method=method, numItermax=5000, stopThr=1e-10)) <= 1e-12
    assert log["niter"] == reference_log["niter"], "stops at POT's iteration"
    lines = check_stream(out.getvalue())
    records = [line for line in lines if line["type"] == "record"]
    assert len(records) >= 10, "one record per chunk of 10 iterations"
    assert records[-1]["iteration"] == reference_log["niter"] + 1
    summary = lines[-1]
    assert summary["status"] == "converged"
    assert abs(summary["cost"] - np.sum(reference * M)) <= 1e-12
    potentials = next(line for line in lines if line["type"] == "potentials")
    f = np.array(potentials["f"])
    if method == "sinkhorn":
        expected = 0.05 * np.log(reference_log["u"])
    else:
        expected = 0.05 * reference_log["log_u"]
    assert np.max(np.abs(f - expected)) <= 1e-10


def test_chunk_records_show_the_error_falling(problem):
    a, b, M = problem
    out = io.StringIO()
    probe.sinkhorn_log(a, b, M, 0.05, numItermax=3000, stopThr=1e-10, stream=out, chunk=50)
    errors = [json.loads(line)["marginal_error"] for line in out.getvalue().splitlines() if '"type":"record"' in line]
    assert errors[-1] < errors[0] * 1e-3
    assert errors[-1] < 1e-9


def test_unbalanced_equals_plain_pot(problem):
    a, b, M = problem
    out = io.StringIO()
    plan, log = probe.sinkhorn_unbalanced(a, b * 2, M, 0.05, 0.5, numItermax=2000, stopThr=1e-9, log=True, stream=out)
    reference, reference_log = ot.unbalanced.sinkhorn_unbalanced(a, b * 2, M, 0.05, 0.5, numItermax=2000, stopThr=1e-9, log=True)
    assert np.max(np.abs(plan - reference)) <= 1e-12 * max(1.0, np.max(reference))
    summary = check_stream(out.getvalue())[-1]
    assert abs(summary["objective"] - float(reference_log["total_cost"])) <= 1e-12
    assert abs(summary["cost"] - float(reference_log["cost"])) <= 1e-12


def test_emd_gives_plan_potentials_and_cost(problem):
    a, b, M = problem
    out = io.StringIO()
    plan, log = probe.emd(a, b, M, log=True, stream=out)
    reference, reference_log = ot.emd(a, b, M, log=True)
    assert np.array_equal(plan, reference)
    lines = check_stream(out.getvalue())
    assert abs(lines[-1]["cost"] - ot.emd2(a, b, M)) <= 1e-12
    potentials = next(line for line in lines if line["type"] == "potentials")
    assert np.allclose(potentials["f"], reference_log["u"], rtol=0, atol=1e-14)


def test_plan_snapshots_use_otlabs_blocks():
    plan = np.arange(20.0).reshape(5, 4)
    blocks = aggregate(plan, 2, 3)
    # Row i of 5 goes to block i * 2 // 5 (rows 0-2, 3-4); column j of 4 to j * 3 // 4 (0-1, 2, 3).
    assert blocks.tolist() == [[27.0, 18.0, 21.0], [58.0, 32.0, 34.0]]
    assert blocks.sum() == plan.sum()


def test_non_finite_numbers_are_written_as_strings():
    from otlab_probe import Stream
    out = io.StringIO()
    stream = Stream(out, engine="test")
    stream.header("x", {"reg": float("inf")}, 1, 1)
    stream.record(1, float("inf"), cost=float("nan"))
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[0]["parameters"]["reg"] == "inf"
    assert lines[1]["marginal_error"] == "inf" and lines[1]["cost"] == "nan"
