"""Shared helpers: the otlab binary (built by `swift build`), a stream validator, small problems."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

REPOSITORY = Path(__file__).resolve().parents[2]


def otlab_binary():
    """`.build/debug/otlab` (or where `swift build --show-bin-path` says), or None when not built."""
    candidate = REPOSITORY / ".build" / "debug" / "otlab"
    if candidate.is_file():
        return str(candidate)
    if shutil.which("swift"):
        try:
            path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=REPOSITORY, capture_output=True, text=True,
                                  timeout=120).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return None
        if path and (Path(path) / "otlab").is_file():
            return str(Path(path) / "otlab")
    return None


@pytest.fixture
def otlab():
    binary = otlab_binary()
    if binary is None:
        pytest.skip("the otlab binary is not built (run `swift build` first)")
    return binary


def check_stream(text):
    """Parses a record stream and checks it against docs/record-stream.md; returns the lines."""
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert lines, "an empty stream"
    header = lines[0]
    assert header["type"] == "header" and header["stream"] == "otlab/1"
    assert isinstance(header["n"], int) and isinstance(header["m"], int) and header["n"] > 0 and header["m"] > 0
    assert lines[-1]["type"] == "summary"
    assert lines[-1]["status"] in ("converged", "max_iter", "diverged", "cancelled")
    previous = 0
    for line in lines[1:-1]:
        assert line["type"] in ("record", "plan", "potentials")
        if line["type"] == "record":
            assert isinstance(line["iteration"], int) and line["iteration"] > previous
            previous = line["iteration"]
            assert isinstance(line["marginal_error"], (int, float)) or line["marginal_error"] in ("inf", "nan")
        elif line["type"] == "plan":
            assert len(line["blocks"]) == line["rows"] * line["columns"]
            whole = (line["rows"], line["columns"]) == (line["n"], line["m"])  # a final plan sent whole (--final-plan)
            assert whole or (line["rows"] <= min(64, line["n"]) and line["columns"] <= min(64, line["m"]))
        else:
            assert len(line["f"]) == header["n"] and len(line["g"]) == header["m"]
    return lines


@pytest.fixture
def problem():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(40, 2))
    y = rng.normal(size=(30, 2)) + 0.5
    a = rng.random(40) + 0.1
    a /= a.sum()
    b = rng.random(30) + 0.1
    b /= b.sum()
    M = ((x[:, None, :] - y[None, :, :]) ** 2).sum(axis=2)
    return a, b, M
