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


def _sshd():
    """The sshd binary, or None."""
    found = shutil.which("sshd")
    if found:
        return found
    return "/usr/sbin/sshd" if os.path.exists("/usr/sbin/sshd") else None


def _free_port():
    import socket
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return probe_socket.getsockname()[1]


@pytest.fixture
def private_sshd(tmp_path):
    """A private sshd on 127.0.0.1 at a free high port, with its own host key and a fresh client
    key, run as the current user (root needs /run/sshd, made here; any other user serves only
    itself, which is all the test needs). Yields the OTLAB_SSH command and the host alias; the
    server is stopped at the end."""
    sshd = _sshd()
    if sshd is None:
        pytest.skip("no sshd on this machine (apt-get install openssh-server): the --host test is skipped")
    if os.geteuid() == 0 and not os.path.isdir("/run/sshd"):
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
    folder = tmp_path / "ssh"
    folder.mkdir()
    for name in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True)
    (folder / "authorized_keys").write_text((folder / "client.pub").read_text())
    port = _free_port()
    (folder / "sshd_config").write_text(
        "Port %d\nListenAddress 127.0.0.1\nHostKey %s\nAuthorizedKeysFile %s\nPidFile %s\nStrictModes no\n"
        "UsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\n"
        "PermitRootLogin prohibit-password\nSetEnv PATH=%s\n"
        % (port, folder / "host", folder / "authorized_keys", folder / "sshd.pid", os.environ.get("PATH", "/usr/bin:/bin")))
    (folder / "ssh_config").write_text(
        "Host otlab-test\n  HostName 127.0.0.1\n  Port %d\n  IdentityFile %s\n  IdentitiesOnly yes\n"
        "  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n" % (port, folder / "client"))
    server = subprocess.Popen([sshd, "-D", "-e", "-f", str(folder / "sshd_config")], stdout=subprocess.DEVNULL,
                              stderr=open(folder / "sshd.log", "w"))
    ssh = "ssh -F %s" % (folder / "ssh_config")
    try:
        deadline = time.time() + 20
        while True:
            check = subprocess.run(ssh.split() + ["-o", "BatchMode=yes", "otlab-test", "true"], capture_output=True, text=True,
                                   timeout=30)
            if check.returncode == 0:
                break
            if server.poll() is not None or time.time() > deadline:
                pytest.skip("the private sshd did not accept a login: %s %s" % (check.stderr.strip(),
                                                                                (folder / "sshd.log").read_text()[-300:]))
            time.sleep(0.2)
        yield ssh, "otlab-test"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_otlab_solve_engine_pot_over_ssh_localhost(otlab, files, problem, private_sshd):
    """otlab solve --engine pot --host: the problem goes over ssh (to a private sshd on localhost)
    as an .npz on the probe's stdin; the cost is POT's."""
    ssh, host = private_sshd
    probe_ssh = subprocess.run(ssh.split() + ["-o", "BatchMode=yes", host, "python3", "-c", "'import otlab_probe, ot'"],
                               capture_output=True, text=True, timeout=60)
    if probe_ssh.returncode != 0:
        pytest.skip("ssh localhost does not reach a python3 with otlab_probe and POT: %s" % probe_ssh.stderr.strip())
    a, b, M = problem
    result = subprocess.run([otlab, "solve", "a.npy", "b.npy", "--cost-matrix", "M.npy", "--engine", "pot", "--host", host,
                             "--solver", "sinkhorn-log", "--reg", "0.01", "--json", "--plan-out", "plan.npy"], cwd=files,
                            capture_output=True, text=True, timeout=300, env=dict(os.environ, OTLAB_SSH=ssh))
    assert result.returncode == 0, result.stderr
    expected_plan = ot.sinkhorn(a, b, M, 0.01, method="sinkhorn_log", numItermax=10000, stopThr=1e-9)
    summary = json.loads(result.stdout.splitlines()[-1])
    assert abs(summary["cost"] - float(np.sum(expected_plan * M))) <= 1e-12
    assert np.max(np.abs(np.load(files / "plan.npy") - expected_plan)) <= 1e-12


def test_otlab_solve_engine_pot_writes_plan_log_and_heatmap(otlab, files, problem):
    """--plan-out, --log-out and --heatmap-out with --engine pot: the probe sends the final plan
    whole (--final-plan); the plan equals POT's to 1e-12, the log has one row per chunk."""
    a, b, M = problem
    result = subprocess.run([otlab, "solve", "a.npy", "b.npy", "--cost-matrix", "M.npy", "--engine", "pot", "--solver", "sinkhorn-log",
                             "--reg", "0.01", "--plan-out", "plan.npy", "--log-out", "log.csv", "--heatmap-out", "plan.png"],
                            cwd=files, capture_output=True, text=True, timeout=300, env=dict(os.environ, SWIFT_BACKTRACE="interactive=no"))
    assert result.returncode == 0, result.stderr
    expected, log = ot.sinkhorn(a, b, M, 0.01, method="sinkhorn_log", numItermax=10000, stopThr=1e-9, log=True)
    plan = np.load(files / "plan.npy")
    assert plan.shape == (40, 30)
    assert np.max(np.abs(plan - expected)) <= 1e-12
    rows = (files / "log.csv").read_text().splitlines()
    assert rows[0].startswith("iteration")
    assert int(rows[-1].split(",")[0]) == log["niter"] + 1
    assert (files / "plan.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_final_plan_is_sent_whole_only_when_asked(tmp_path):
    rng = np.random.default_rng(11)
    x, y = rng.normal(size=(100, 2)), rng.normal(size=(80, 2))
    a, b = np.full(100, 1 / 100), np.full(80, 1 / 80)
    M = ((x[:, None, :] - y[None, :, :]) ** 2).sum(axis=2)
    np.savez(tmp_path / "p.npz", a=a, b=b, M=M)
    plain = probe("solve", "--engine", "pot", "p.npz", "--solver", "emd", cwd=tmp_path)
    whole = probe("solve", "--engine", "pot", "p.npz", "--solver", "emd", "--final-plan", cwd=tmp_path)
    assert plain.returncode == 0 and whole.returncode == 0, plain.stderr + whole.stderr
    plans = [[line for line in check_stream(result.stdout) if line["type"] == "plan"][-1] for result in (plain, whole)]
    assert (plans[0]["rows"], plans[0]["columns"]) == (64, 64)
    assert (plans[1]["rows"], plans[1]["columns"]) == (100, 80)
    assert np.max(np.abs(np.array(plans[1]["blocks"]).reshape(100, 80) - ot.emd(a, b, M))) <= 1e-15


class Tmux:
    """A private tmux server running one command (as Tests/otlabTests/TmuxSession.swift)."""

    def __init__(self, command, cwd):
        # The socket lives in the test's own temporary folder (-S), not in /tmp/tmux-UID, and is
        # removed on close: `kill-server` alone left one socket per run behind.
        self.socket = os.path.join(str(cwd), "tmux-%s" % uuid.uuid4().hex[:8])
        script = "cd '%s' && env -u NO_COLOR LANG=C.UTF-8 TERM=tmux-256color SWIFT_BACKTRACE=interactive=no %s; sleep 30" % (cwd, command)
        subprocess.run(["tmux", "-S", self.socket, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", script],
                       check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def screen(self):
        return subprocess.run(["tmux", "-S", self.socket, "capture-pane", "-p"], capture_output=True, text=True).stdout

    def wait_for(self, condition, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            screen = self.screen()
            if condition(screen):
                return screen
            time.sleep(0.1)
        return None

    def send(self, *keys):
        subprocess.run(["tmux", "-S", self.socket, "send-keys", *keys])

    def close(self):
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)
        if os.path.exists(self.socket):
            os.unlink(self.socket)


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


def test_the_header_carries_the_points_of_point_clouds(files):
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(6, 2)), rng.normal(size=(4, 2))
    np.save(files / "x.npy", x)
    np.save(files / "y.npy", y)
    clouds = probe("solve", "--engine", "pot", "x.npy", "y.npy", "--solver", "emd", cwd=files)
    assert clouds.returncode == 0, clouds.stderr
    header = check_stream(clouds.stdout)[0]
    assert np.array_equal(np.array(header["xs"]), x) and np.array_equal(np.array(header["xt"]), y)
    weights = probe("solve", "--engine", "pot", "a.npy", "b.npy", "--cost-matrix", "M.npy", "--solver", "emd", cwd=files)
    assert weights.returncode == 0, weights.stderr
    assert "xs" not in check_stream(weights.stdout)[0], "weight vectors have no points"
