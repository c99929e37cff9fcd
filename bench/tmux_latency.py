#!/usr/bin/env python3
"""Input latency of the workbench on a large problem, measured from outside through tmux.

Opens `otlab --preset PRESET` in a private tmux server (120 x 36), waits until the first iteration
is under way, then for each key sends it and polls the screen (capture-pane every 2 ms) until the
change the key should cause appears; prints the milliseconds from send to visible change. This is
the whole path: tmux -> terminal input -> UI thread -> runner command -> redraw -> tmux screen.

    python3 bench/tmux_latency.py [--otlab .build-tiled/release/otlab] [--preset large-clouds]
"""
import argparse, subprocess, time, uuid

def tmux(server, *args):
    return subprocess.run(["tmux", "-L", server, "-f", "/dev/null", *args], capture_output=True, text=True).stdout

def screen(server):
    return tmux(server, "capture-pane", "-p", "-t", "0")

def wait_for(server, predicate, timeout):
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        text = screen(server)
        if predicate(text):
            return time.perf_counter() - start, text
        time.sleep(0.002)
    return None, screen(server)

def header(text):
    return text.splitlines()[0] if text else ""

def otlab_pid(server):
    shell = tmux(server, "list-panes", "-t", "0", "-F", "#{pane_pid}").strip()
    children = subprocess.run(["ps", "--ppid", shell, "-o", "pid="], capture_output=True, text=True).stdout.split()
    return children[0] if children else None

def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks of 1/100 s

def cpu_share(pid, seconds=1.0):
    before = cpu_seconds(pid)
    time.sleep(seconds)
    return (cpu_seconds(pid) - before) / seconds

def iteration_line(text):
    return next((l for l in text.splitlines() if l.startswith("│iteration")), "")

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--otlab", default=".build-tiled/release/otlab")
    parser.add_argument("--preset", default="large-clouds")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    server = "otlab-latency-" + uuid.uuid4().hex[:8]
    tmux(server, "new-session", "-d", "-x", "120", "-y", "36",
         f"env -u NO_COLOR LANG=C.UTF-8 TERM=tmux-256color {args.otlab} --preset {args.preset}; sleep 30")
    try:
        opened, text = wait_for(server, lambda t: "running" in header(t), 120)
        print(f"workbench open and running after {opened:.2f} s" if opened else "never showed 'running'")
        pid = otlab_pid(server)
        time.sleep(1.0)  # well inside the first iteration's sweep
        print(f"CPU while sweeping: {cpu_share(pid):.2f} cores")
        results = {"space (pause)": [], "space (resume)": [], "l (colour scale)": []}
        paused_cpu = []
        for _ in range(args.repeats):
            tmux(server, "send-keys", "-t", "0", "Space")
            t, _ = wait_for(server, lambda t: "paused" in header(t), 10)
            results["space (pause)"].append(t)
            time.sleep(0.1)
            paused_cpu.append(cpu_share(pid, 0.5))
            tmux(server, "send-keys", "-t", "0", "Space")
            t, _ = wait_for(server, lambda t: "running" in header(t), 10)
            results["space (resume)"].append(t)
            time.sleep(0.3)
            before = [line for line in screen(server).splitlines() if "colour scale" in line]
            tmux(server, "send-keys", "-t", "0", "l")
            t, _ = wait_for(server, lambda t: [l for l in t.splitlines() if "colour scale" in l] != before, 10)
            results["l (colour scale)"].append(t)
            time.sleep(0.3)
        for key, values in results.items():
            shown = [f"{1000 * v:.0f}" if v is not None else "timeout" for v in values]
            good = sorted(v for v in values if v is not None)
            median = f"{1000 * good[len(good) // 2]:.0f} ms" if good else "-"
            print(f"{key:18s} median {median:>8s}   runs (ms): {', '.join(shown)}")
        print("CPU 0.1-0.6 s after each pause (the sweep stopped part-way): " + ", ".join(f"{c:.2f}" for c in paused_cpu) + " cores")
        # Restart after the first iteration has been published: the counter goes back to blank.
        done, _ = wait_for(server, lambda t: iteration_line(t).split()[1:2] not in (["—"], []), 600)
        if done is not None:
            tmux(server, "send-keys", "-t", "0", "r")
            t, _ = wait_for(server, lambda t: iteration_line(t).split()[1:2] == ["—"], 10)
            print(f"r (restart)        {1000 * t:.0f} ms to a fresh run on screen" if t else "r (restart)        timeout")
        tmux(server, "send-keys", "-t", "0", "q")
        time.sleep(0.5)
    finally:
        tmux(server, "kill-server")

if __name__ == "__main__":
    main()
