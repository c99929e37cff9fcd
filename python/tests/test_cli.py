"""The probe's CLI on otlab's input formats, and otlab itself driving and watching it."""

import json
import os
import shutil
import subprocess
import sys
import time
import uuid

import numpy as np
import pytest

ot = pytest.importorskip("ot", reason="POT is not installed (pip install pot)")

from conftest import check_stream  # noqa: E402

PYTHON = sys.executable


@pytest.fixture
def files(tmp_path, problem):
    a, b, M = problem
    np.save(tmp_path / "a.npy", a)
    np.save(tmp_path / "b.npy", b)
    np.save(tmp_path / "M.npy", M)
    return tmp_path


def probe(*arguments, cwd, stdin=None):
    return subprocess.run([PYTHON, "-m", "otlab_probe", *arguments], cwd=cwd, capture_output=True, text=stdin is None,
                          input=stdin, timeout=300)


def test_cli_writes_the_stream_with_pots_cost(files, problem):
    a, b, M = problem
    result = probe("solve", "--engine", "pot", "a.npy", "b.npy", "--cost-matrix", "M.npy", "--solver", "sinkhorn-log",
                   "--reg", "0.01", cwd=files)
    assert result.returncode == 0, result.stderr
    lines = check_stream(result.stdout)
    assert lines[0]["engine"] == "pot" and lines[0]["solver"] == "sinkhorn_log"
    expected = ot.sinkhorn2(a, b, M, 0.01, method="sinkhorn_log", numItermax=10000, stopThr=1e-9)
    assert abs(lines[-1]["cost"] - expected) <= 1e-12


def test_cli_reads_csv_points_and_an_npz_on_stdin(files):
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(12, 2)), rng.normal(size=(9, 2))
    with open(files / "x.csv", "w") as handle:
        handle.write("x,y\n" + "".join("%r,%r\n" % (float(p[0]), float(p[1])) for p in x))
    with open(files / "y.csv", "w") as handle:
        handle.write("x,y,weight\n" + "".join("%r,%r,%r\n" % (float(p[0]), float(p[1]), 1 / 9) for p in y))
    result = probe("solve", "x.csv", "y.csv", "--solver", "emd", cwd=files)
    assert result.returncode == 0, result.stderr
    M = ((x[:, None, :] - y[None, :, :]) ** 2).sum(axis=2)
    expected = ot.emd2(np.full(12, 1 / 12), np.full(9, 1 / 9), M)
    assert abs(check_stream(result.stdout)[-1]["cost"] - expected) <= 1e-12
    import io
    buffer = io.BytesIO()
    np.savez(buffer, a=np.full(12, 1 / 12), b=np.full(9, 1 / 9), M=M)
    result = probe("solve", "-", "--solver", "emd", cwd=files, stdin=buffer.getvalue())
    assert result.returncode == 0, result.stderr
    assert abs(json.loads(result.stdout.decode().splitlines()[-1])["cost"] - expected) <= 1e-12


def test_bad_input_is_named_with_exit_2(files):
    result = probe("solve", "a.npy", "b.npy", "--solver", "sinkhorn", cwd=files)
    assert result.returncode == 2
    assert "--cost-matrix" in result.stderr


def test_otlab_solve_engine_pot_prints_pots_cost(otlab, files, problem):
    a, b, M = problem
    result = subprocess.run([otlab, "solve", "a.npy", "b.npy", "--cost-matrix", "M.npy", "--engine", "pot",
                             "--solver", "sinkhorn-log", "--reg", "0.01", "--json"], cwd=files, capture_output=True, text=True,
                            timeout=300, env=dict(os.environ, SWIFT_BACKTRACE="interactive=no"))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])
    expected = ot.sinkhorn2(a, b, M, 0.01, method="sinkhorn_log", numItermax=10000, stopThr=1e-9)
    assert summary["status"] == "converged"
    assert abs(summary["cost"] - expected) <= 1e-12
    assert summary["engine"].startswith("pot ")


def _sshd_available():
    return shutil.which("sshd") or os.path.exists("/usr/sbin/sshd")


def test_otlab_solve_engine_pot_over_ssh_localhost(otlab, files, problem):
    """Needs an ssh server on localhost that accepts this user's key without a password (see
    python/README.md, "ssh to localhost"); skipped otherwise."""
    if not _sshd_available():
        pytest.skip("no sshd on this machine: the --host test is skipped (see python/README.md for the one-time setup)")
    probe_ssh = subprocess.run(["ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "localhost", "python3", "-c",
                                "'import otlab_probe, ot'"], capture_output=True, text=True, timeout=60)
    if probe_ssh.returncode != 0:
        pytest.skip("ssh localhost does not reach a python3 with otlab_probe and POT: %s" % probe_ssh.stderr.strip())
    a, b, M = problem
    result = subprocess.run([otlab, "solve", "a.npy", "b.npy", "--cost-matrix", "M.npy", "--engine", "pot", "--host", "localhost",
                             "--solver", "sinkhorn-log", "--reg", "0.01", "--json"], cwd=files, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    expected = ot.sinkhorn2(a, b, M, 0.01, method="sinkhorn_log", numItermax=10000, stopThr=1e-9)
    assert abs(json.loads(result.stdout.splitlines()[-1])["cost"] - expected) <= 1e-12


class Tmux:
    """A private tmux server running one command (as Tests/otlabTests/TmuxSession.swift)."""

    def __init__(self, command, cwd):
        self.server = "otlab-py-%s" % uuid.uuid4().hex[:8]
        script = "cd '%s' && env -u NO_COLOR LANG=C.UTF-8 TERM=tmux-256color SWIFT_BACKTRACE=interactive=no %s; sleep 30" % (cwd, command)
        subprocess.run(["tmux", "-L", self.server, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", script],
                       check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def screen(self):
        return subprocess.run(["tmux", "-L", self.server, "capture-pane", "-p"], capture_output=True, text=True).stdout

    def wait_for(self, condition, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            screen = self.screen()
            if condition(screen):
                return screen
            time.sleep(0.1)
        return None

    def send(self, *keys):
        subprocess.run(["tmux", "-L", self.server, "send-keys", *keys])

    def close(self):
        subprocess.run(["tmux", "-L", self.server, "kill-server"], capture_output=True)


def _iteration(screen):
    for line in screen.splitlines():
        if "│iteration " in line:
            digits = line.split("│iteration ", 1)[1].strip().split(" ")[0]
            return int(digits) if digits.isdigit() else None
    return None


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_otlab_watch_shows_a_pot_solve_live_and_converged(otlab, files):
    # A solve of a few seconds (log-domain, reg 0.003, about 8000 iterations, a record every 10)
    # so the screen is caught mid-run.
    session = Tmux("%s watch -- %s -m otlab_probe solve --engine pot a.npy b.npy --cost-matrix M.npy --solver sinkhorn-log "
                   "--reg 0.003 --tol 1e-12 --max-iter 200000" % (otlab, PYTHON), files)
    try:
        live = session.wait_for(lambda s: "running" in s and (_iteration(s) or 0) > 0, timeout=60)
        assert live is not None, session.screen()
        assert "pot" in live and "sinkhorn" in live
        first = _iteration(live)
        later = session.wait_for(lambda s: (_iteration(s) or 0) > first or "converged" in s, timeout=60)
        assert later is not None, "the iteration count did not move:\n" + session.screen()
        done = session.wait_for(lambda s: "converged" in s or "max-iter" in s, timeout=240)
        assert done is not None, session.screen()
        assert "converged" in done, done
        assert "cost <P,C>" in done
        session.send("q")
    finally:
        session.close()
