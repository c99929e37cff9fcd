#!/usr/bin/env python3
"""Soak test of the otlab workbench: random keys, resizes, mouse events and presets for MINUTES.

Runs the workbench in a private tmux server (working directory: a fresh temp dir, so `x` exports
land there) and fails, with exit status 1 and what happened, on:
  - the process dying (crash, trap, non-zero exit status);
  - a hang: every PROBE seconds the screen is brought to a known state (120 x 40, Esc x3) and `?`
    must show the help within --probe-timeout s and Esc must close it again (the UI thread is
    alive); then, without typing, the solver must make progress (iteration count moves, or the
    status leaves "running") within --stall seconds, unless the problem is large
    (>= 5000 points a side, where one iteration legitimately takes tens of seconds);
  - growing memory: every PROBE cycle the `welcome` preset is reopened and VmRSS is sampled after
    it settles, so the reference samples are of the same problem; the run fails when the median of
    the last third of them is > 1.5x the first third's and > +100 MB (all RSS samples reported).
At the end it quits with q and expects exit status 0. Stdlib only.
"""
import argparse
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The key table of README.md, minus q and Ctrl-C (those end the run), in tmux send-keys names.
KEYS = ["Space", "n", "r", "s", "e", "+", "-", "<", ">", "p", "o", "l", "E", "t", "c", "C", "x",
        "Tab", "BTab", "1", "2", "3", "4", "5", "?", "Escape", "[", "]", "a", "f", "b", "m", "w",
        "Up", "Down", "Left", "Right", "Enter", "BSpace"]
# Values typed into the parameter form: bad ones must give a message, good ones restart the run.
FORM_VALUES = ["abc", "nan", "NaN", "-1", "1e400", "-inf", "inf", "0", "1/0", "0/0", "", "1e-300",
               "99999999999999999999", "0.05", "1", "2", "100", "true", "maybe", "log", "1/1200"]
HELP_TEXT = "keep this run for comparison"
LARGE_PROBLEM_POINTS = 5000


class SoakFailure(Exception):
    pass


class Tmux:
    """A private tmux server running one command."""

    def __init__(self, name):
        self.name = name

    def run(self, *arguments, check=False):
        result = subprocess.run(["tmux", "-L", self.name, *arguments], capture_output=True, text=True)
        if check and result.returncode != 0:
            raise SoakFailure(f"tmux {' '.join(arguments)} failed: {result.stderr.strip()}")
        return result.stdout

    def send(self, *keys):
        self.run("send-keys", "-t", "soak", *keys)

    def send_literal(self, text):
        self.run("send-keys", "-t", "soak", "-l", text)

    def screen(self):
        return self.run("capture-pane", "-t", "soak", "-p")

    def resize(self, width, height):
        self.run("resize-window", "-t", "soak", "-x", str(width), "-y", str(height))

    def kill(self):
        self.run("kill-server")


def child_pid(parent):
    """The first child of `parent` (the shell in the pane runs otlab as its child)."""
    try:
        for task in os.listdir(f"/proc/{parent}/task"):
            with open(f"/proc/{parent}/task/{task}/children") as handle:
                children = handle.read().split()
            if children:
                return int(children[0])
    except OSError:
        pass
    return None


def proc_status(pid, field):
    """A number from /proc/PID/status, e.g. VmRSS (kB) or Threads; None once the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_megabytes(pid):
    kilobytes = proc_status(pid, "VmRSS")
    return None if kilobytes is None else kilobytes / 1024


def status_word(screen):
    """The run status at the right end of the title line."""
    first = screen.split("\n", 1)[0].split()
    return first[-1] if first else ""


def statistic(screen, label):
    """The value after `label` in the statistics pane, e.g. 'iteration' -> '359'."""
    match = re.search(r"[│┃]" + re.escape(label) + r"\s+(\S+(?: × \S+)?)", screen)
    return match.group(1) if match else None


def problem_points(screen):
    value = statistic(screen, "problem")
    if not value:
        return 0
    numbers = [int(x) for x in re.findall(r"\d+", value.replace(",", ""))]
    return max(numbers) if numbers else 0


class Soak:
    def __init__(self, options):
        self.options = options
        self.random = random.Random(options.seed)
        self.directory = tempfile.mkdtemp(prefix="otlab-soak-")
        self.tmux = Tmux(f"otlab-soak-{os.getpid()}")
        self.status_file = os.path.join(self.directory, "exit-status")
        self.stderr_file = os.path.join(self.directory, "stderr.txt")
        self.width, self.height = 120, 40
        self.counts = {"keys": 0, "resizes": 0, "mouse": 0, "presets": 0, "forms": 0, "file dialogs": 0, "probes": 0,
                       "progress checks": 0}
        self.slow_probes = []
        self.rss_samples = []  # (seconds since start, MB)
        self.thread_samples = []  # threads of the otlab process, sampled with the RSS
        self.anonymous_samples = []  # RssAnon (MB): the heap and stacks, without mapped code and files
        self.reference_rss = []  # (seconds, MB) with the welcome preset open and settled
        self.preset_order = None
        self.log_lines = []
        self.pid = None
        self.started = time.monotonic()

    # -- setup -------------------------------------------------------------------------------

    def write_input_files(self):
        """Good and bad files for the open-files dialog (`o`)."""
        rng = random.Random(self.options.seed)
        with open(os.path.join(self.directory, "a.csv"), "w") as handle:
            handle.write("x,y\n" + "".join(f"{rng.gauss(0, 1):.4f},{rng.gauss(0, 1):.4f}\n" for _ in range(60)))
        with open(os.path.join(self.directory, "b.csv"), "w") as handle:
            handle.write("x,y,weight\n" + "".join(f"{rng.gauss(2, 1):.4f},{rng.gauss(0, 2):.4f},{rng.random() + 0.1:.3f}\n" for _ in range(80)))
        with open(os.path.join(self.directory, "bad.csv"), "w") as handle:
            handle.write("x,y\n1,2\n3\nfoo,bar\n")
        with open(os.path.join(self.directory, "empty.csv"), "w") as handle:
            handle.write("")
        with open(os.path.join(self.directory, "bad.npy"), "wb") as handle:
            handle.write(b"\x93NUMPY\x01\x00garbage")
        with open(os.path.join(self.directory, "one.csv"), "w") as handle:
            handle.write("x\n0.5\n")

    def start(self):
        self.write_input_files()
        presets = os.environ.get("OTLAB_PRESETS") or os.path.join(REPOSITORY, "presets")
        command = (f"cd '{self.directory}' && env -u NO_COLOR LANG=C.UTF-8 TERM=tmux-256color "
                   f"SWIFT_BACKTRACE=interactive=no OTLAB_PRESETS='{presets}' "
                   f"'{self.options.otlab}' --preset welcome 2>'{self.stderr_file}'; "
                   f"echo $? > '{self.status_file}'; sleep 100000")
        subprocess.run(["tmux", "-L", self.tmux.name, "-f", "/dev/null", "new-session", "-d", "-s", "soak",
                        "-x", str(self.width), "-y", str(self.height), command], check=True)
        shell = int(self.tmux.run("list-panes", "-t", "soak", "-F", "#{pane_pid}").split()[0])
        deadline = time.monotonic() + 10
        while self.pid is None and time.monotonic() < deadline:
            self.pid = child_pid(shell)
            time.sleep(0.05)
        if self.pid is None:
            raise SoakFailure("otlab did not start")
        if not self.wait_for(lambda s: "Transport plan" in s, 20):
            raise SoakFailure("the workbench did not come up")

    # -- checks ------------------------------------------------------------------------------

    def elapsed(self):
        return time.monotonic() - self.started

    def log(self, text):
        line = f"[{self.elapsed():7.1f}s] {text}"
        self.log_lines.append(line)
        if self.options.verbose:
            print(line, flush=True)

    def check_alive(self):
        if os.path.exists(self.status_file) or not os.path.exists(f"/proc/{self.pid}"):
            time.sleep(0.3)
            status = self.read_status()
            raise SoakFailure(f"otlab died (exit status {status})")

    def read_status(self):
        try:
            with open(self.status_file) as handle:
                return handle.read().strip()
        except OSError:
            return "unknown"

    def wait_for(self, condition, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.tmux.screen()
            if condition(screen):
                return screen
            time.sleep(0.05)
        return None

    def sample_rss(self):
        value = rss_megabytes(self.pid)
        if value is not None:
            self.rss_samples.append((self.elapsed(), value))
        anonymous = proc_status(self.pid, "RssAnon")
        if anonymous is not None:
            self.anonymous_samples.append(anonymous / 1024)
        threads = proc_status(self.pid, "Threads")
        if threads is not None:
            self.thread_samples.append(threads)
        return value

    def calm_down(self):
        """Back to the plain five-pane view at 120 x 40: closes dialogs, paint, compare, sweep."""
        if (self.width, self.height) != (120, 40):
            self.width, self.height = 120, 40
            self.tmux.resize(120, 40)
        for _ in range(3):
            self.tmux.send("Escape")
            time.sleep(0.1)

    def probe(self):
        """The UI must answer `?` and Esc; a running solver must make progress."""
        self.counts["probes"] += 1
        self.calm_down()
        started = time.monotonic()
        self.tmux.send("?")
        shown = self.wait_for(lambda s: HELP_TEXT in s, self.options.probe_timeout)
        if shown is None:
            shown = self.wait_for(lambda s: HELP_TEXT in s, 2 * self.options.probe_timeout)
            if shown is None:
                raise SoakFailure(f"hang: `?` showed no help within {3 * self.options.probe_timeout:.0f} s")
            self.slow_probes.append(round(time.monotonic() - started, 1))
        self.tmux.send("Escape")
        if self.wait_for(lambda s: HELP_TEXT not in s, 3 * self.options.probe_timeout) is None:
            raise SoakFailure("hang: Esc did not close the help")
        self.check_progress()

    def check_progress(self):
        screen = self.tmux.screen()
        if status_word(screen) != "running" or problem_points(screen) >= LARGE_PROBLEM_POINTS:
            return
        first = statistic(screen, "iteration")
        self.counts["progress checks"] += 1
        moved = self.wait_for(lambda s: status_word(s) != "running" or statistic(s, "iteration") != first,
                              self.options.stall)
        if moved is None:
            raise SoakFailure(f"hang: status running, iteration stuck at {first} for {self.options.stall:.0f} s "
                              f"(problem {statistic(screen, 'problem')}, speed {statistic(screen, 'speed')})")

    # -- actions -----------------------------------------------------------------------------

    def key(self):
        self.tmux.send(self.random.choice(KEYS))
        self.counts["keys"] += 1

    def resize(self):
        self.width = self.random.randint(60, 200)
        self.height = self.random.randint(20, 60)
        self.tmux.resize(self.width, self.height)
        self.counts["resizes"] += 1

    def mouse(self):
        """An X10 mouse report: press, release, drag or wheel at a random cell."""
        button = self.random.choice([0, 1, 2, 3, 32, 34, 64, 65])
        x = self.random.randint(1, min(self.width, 94))
        y = self.random.randint(1, min(self.height, 94))
        self.tmux.send_literal("\x1b[M" + chr(32 + button) + chr(32 + x) + chr(32 + y))
        self.counts["mouse"] += 1

    def learn_preset_order(self):
        names = {os.path.splitext(f)[0] for f in os.listdir(os.environ.get("OTLAB_PRESETS") or os.path.join(REPOSITORY, "presets"))
                 if f.endswith(".yaml")}
        self.calm_down()
        self.tmux.send("p")
        screen = self.wait_for(lambda s: "Open a preset" in s, 10) or ""
        order = []
        for line in screen.split("\n"):
            match = re.search(r"(?:▶ |  )([a-z0-9-]+)\s", line)
            if match and match.group(1) in names and match.group(1) not in order:
                order.append(match.group(1))
        self.tmux.send("Escape")
        time.sleep(0.1)
        self.preset_order = order or None

    def open_preset(self, name=None):
        """`p`, down to the preset, Enter: the solver restarts on another problem."""
        if self.preset_order is None:
            self.learn_preset_order()
            if self.preset_order is None:
                return
        if name is None:
            name = self.random.choice(self.preset_order)
        self.calm_down()
        self.tmux.send("p")
        if self.wait_for(lambda s: "Open a preset" in s, 5) is None:
            return
        for _ in range(self.preset_order.index(name)):
            self.tmux.send("Down")
        self.tmux.send("Enter")
        self.counts["presets"] += 1
        self.log(f"preset {name}")

    def edit_form(self):
        """`e`, a random field, a random (often bad) value, Enter, then Esc."""
        self.tmux.send("e")
        for _ in range(self.random.randint(0, 4)):
            self.tmux.send("Down")
        for _ in range(12):
            self.tmux.send("BSpace")
        value = self.random.choice(FORM_VALUES)
        if value:
            self.tmux.send_literal(value)
        self.tmux.send("Enter")
        time.sleep(0.1)
        self.tmux.send("Escape")
        self.counts["forms"] += 1

    def open_files(self):
        """`o` with good, missing and broken files."""
        names = ["a.csv", "b.csv", "bad.csv", "empty.csv", "bad.npy", "one.csv", "missing.csv", "", "/", ".."]
        self.tmux.send("o")
        self.tmux.send_literal(self.random.choice(names) or " ")
        self.tmux.send("Tab")
        self.tmux.send_literal(self.random.choice(names) or " ")
        self.tmux.send("Enter")
        time.sleep(0.1)
        self.tmux.send("Escape")
        self.counts["file dialogs"] += 1

    def tidy_exports(self):
        """Keeps the temp dir small: exports older than a minute go."""
        now = time.time()
        for name in os.listdir(self.directory):
            if name.startswith("otlab-"):
                path = os.path.join(self.directory, name)
                try:
                    if now - os.path.getmtime(path) > 60:
                        os.remove(path)
                except OSError:
                    pass

    # -- the run -----------------------------------------------------------------------------

    def reference_sample(self):
        """RSS with the welcome preset open and settled: comparable across the run."""
        self.open_preset("welcome")
        time.sleep(3)
        self.check_alive()
        value = rss_megabytes(self.pid)
        if value is not None:
            self.reference_rss.append((self.elapsed(), value))
            self.log(f"reference RSS {value:.1f} MB")

    def check_memory(self):
        values = [v for _, v in self.reference_rss]
        if len(values) < 6:
            return None
        third = len(values) // 3
        first, last = statistics.median(values[:third]), statistics.median(values[-third:])
        if last > 1.5 * first and last - first > 100:
            return f"memory grows: reference RSS median {first:.1f} MB in the first third, {last:.1f} MB in the last"
        return None

    def run(self):
        end = self.started + self.options.minutes * 60
        self.start()
        self.reference_sample()
        next_probe = time.monotonic() + self.options.probe
        next_rss = time.monotonic()
        actions = [(self.key, 70), (self.mouse, 14), (self.resize, 5), (self.edit_form, 2),
                   (self.open_files, 2), (self.open_preset, 2)]
        functions, weights = zip(*actions)
        while time.monotonic() < end:
            self.random.choices(functions, weights)[0]()
            time.sleep(self.random.uniform(0.02, 0.15))
            self.check_alive()
            now = time.monotonic()
            if now >= next_rss:
                self.sample_rss()
                next_rss = now + self.options.rss_interval
            if now >= next_probe:
                self.probe()
                self.reference_sample()
                self.tidy_exports()
                next_probe = time.monotonic() + self.options.probe
        self.probe()
        self.reference_sample()
        failure = self.check_memory()
        if failure:
            raise SoakFailure(failure)
        self.quit()

    def quit(self):
        self.calm_down()
        self.tmux.send("q")
        deadline = time.monotonic() + 15
        while not os.path.exists(self.status_file) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.2)
        status = self.read_status()
        if status != "0":
            raise SoakFailure(f"q ended otlab with exit status {status}")

    def summary(self):
        values = [v for _, v in self.rss_samples]
        lines = [f"soak: {self.elapsed() / 60:.1f} minutes, seed {self.options.seed}, {self.options.otlab}",
                 "events: " + ", ".join(f"{count} {name}" for name, count in self.counts.items())]
        if values:
            lines.append(f"RSS (MB, {len(values)} samples every {self.options.rss_interval:g} s): "
                         f"min {min(values):.1f}, median {statistics.median(values):.1f}, max {max(values):.1f}")
            lines.append("RSS samples: " + " ".join(f"{v:.0f}" for v in values))
        if self.anonymous_samples:
            anonymous = self.anonymous_samples
            lines.append(f"RssAnon (MB): min {min(anonymous):.1f}, median {statistics.median(anonymous):.1f}, "
                         f"max {max(anonymous):.1f}, last {anonymous[-1]:.1f}")
        if self.thread_samples:
            lines.append(f"threads: min {min(self.thread_samples)}, median {statistics.median(self.thread_samples):g}, "
                         f"max {max(self.thread_samples)}, last {self.thread_samples[-1]}")
        if self.reference_rss:
            lines.append("reference RSS (welcome preset reopened): " + " ".join(f"{v:.1f}" for _, v in self.reference_rss))
        if self.slow_probes:
            lines.append(f"slow probes (help shown after s): {self.slow_probes}")
        lines.append("load average: " + open("/proc/loadavg").read().strip())
        return "\n".join(lines)

    def report_failure(self, failure):
        print(f"FAIL: {failure}", file=sys.stderr)
        screen = self.tmux.screen()
        if screen.strip():
            print("last screen:\n" + screen, file=sys.stderr)
        try:
            with open(self.stderr_file, errors="replace") as handle:
                text = handle.read()
            if text.strip():
                print("otlab stderr (last 60 lines):\n" + "\n".join(text.splitlines()[-60:]), file=sys.stderr)
        except OSError:
            pass
        print("last actions:\n" + "\n".join(self.log_lines[-10:]), file=sys.stderr)

    def cleanup(self):
        self.tmux.kill()
        if not self.options.keep:
            shutil.rmtree(self.directory, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("minutes", nargs="?", type=float, default=10)
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock; printed)")
    parser.add_argument("--otlab", default=os.environ.get("OTLAB", os.path.join(REPOSITORY, ".build/release/otlab")))
    parser.add_argument("--probe", type=float, default=30, help="seconds between liveness probes")
    parser.add_argument("--probe-timeout", type=float, default=5, help="seconds the help may take to show")
    parser.add_argument("--stall", type=float, default=20, help="seconds a running solver may show no progress")
    parser.add_argument("--rss-interval", type=float, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    parser.add_argument("--verbose", action="store_true")
    options = parser.parse_args()
    if options.seed is None:
        options.seed = int(time.time() * 1000) % 1_000_000
    options.otlab = os.path.abspath(options.otlab)
    if not os.access(options.otlab, os.X_OK):
        sys.exit(f"soak: no otlab at {options.otlab} (swift build -c release --product otlab, or --otlab PATH)")
    print(f"soak: {options.minutes:g} minutes, seed {options.seed} (rerun with --seed {options.seed})", flush=True)
    soak = Soak(options)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    try:
        soak.run()
    except SoakFailure as failure:
        soak.report_failure(failure)
        print(soak.summary())
        soak.options.keep = True
        print(f"temp dir kept: {soak.directory}", file=sys.stderr)
        soak.cleanup()
        sys.exit(1)
    except BaseException:
        soak.cleanup()
        raise
    print(soak.summary())
    print("soak: PASS")
    soak.cleanup()


if __name__ == "__main__":
    main()
