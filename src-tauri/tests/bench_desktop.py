#!/usr/bin/env python3
"""Desktop benchmark (prints figures, asserts nothing): time to first paint and idle memory of the
app with its WebKit processes, next to a trivial Tauri window (`examples/baseline.rs`) measured
the same way in the same run.

Each run uses a fresh Xvfb (with -fbdir, so the screen can be read as a file) and fresh XDG
directories, and starts the binary twice: the first start creates the database and loads the demo
story; the second is an ordinary start on it. Each start watches the screen:
  mapped       - the window first appears (the screen stops being all black);
  first paint  - the page first shows content (text: many distinct colours in the sampled grid);
  settled      - the screen stops changing (the last change before 1.5 s of stillness).
After the second start has been idle for 3 s it sums PSS (proportional set size, so pages shared
between the app, the WebKitWebProcess and the WebKitNetworkProcess are not counted twice) and RSS
over the process tree, from /proc/<pid>/smaps_rollup. Then, with the window still untouched, it
measures the idle CPU: the CPU time (utime + stime from /proc/<pid>/stat) the whole tree uses
over --idle seconds (default 15), as a share of one core. An idle window should cost about 0 %.

Usage: bench_desktop.py [--runs N] [--idle SECONDS] APP [BASELINE]
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from x11_close import close_window  # noqa: E402

STILL = 1.5
IDLE = 3.0
IDLE_CPU = 15.0
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    """utime + stime of one process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        rest = f.read().rsplit(")", 1)[1].split()  # the name may hold spaces or ")"
    return int(rest[11]) + int(rest[12])


def idle_cpu(root, seconds):
    """Share of one core (%) the process tree of `root` uses over `seconds` while idle."""
    def sample():
        out = {}
        for pid, _ in harness.tree(root):
            try:
                out[pid] = cpu_ticks(pid)
            except OSError:
                continue
        return out
    t0, before = time.monotonic(), sample()
    time.sleep(seconds)
    t1, after = time.monotonic(), sample()
    used = sum(after[p] - before.get(p, 0) for p in after)
    return 100.0 * used / TICKS / (t1 - t0)


def launch(sb, screen, app, memory):
    """Starts `app`, watches the screen until it settles; optionally measures memory; closes it."""
    blank = screen.sample()
    t0 = time.monotonic()
    proc = sb.spawn([app])
    mapped = first = None
    last, last_change = blank, t0
    while True:
        now = time.monotonic()
        frame = screen.sample()
        if frame != last:
            last, last_change = frame, now
            if mapped is None:
                mapped = now - t0
            if first is None and len(set(frame)) >= 8:
                first = now - t0
        if first is not None and now - last_change >= STILL:
            break
        if now - t0 > 60:
            raise RuntimeError(f"{app}: nothing painted within 60 s (see {sb.log.name})")
        if proc.poll() is not None:
            raise RuntimeError(f"{app} exited with {proc.returncode}")
        time.sleep(0.005)
    out = {"mapped": mapped, "first": first, "settled": last_change - t0}
    if memory:
        time.sleep(IDLE)
        procs = harness.tree(proc.pid)
        pss = rss = 0
        for pid, _ in procs:
            try:
                p, r = harness.memory(pid)
            except OSError:
                continue
            pss, rss = pss + p, rss + r
        out.update(pss=pss / 1024, rss=rss / 1024, procs=sorted(name for _, name in procs))
        out["cpu"] = idle_cpu(proc.pid, IDLE_CPU)
    # Quit like a user (the window's close request) so the next start finds a closed database.
    close_window(sb.display, "")
    proc.wait(30)
    harness.wait_for("a blank screen", lambda: screen.sample() == blank, 10)
    return out


def one_run(app):
    """Two starts in one fresh sandbox: the first creates the database (the app loads the demo
    story); the second is an ordinary start on that database, and is where memory is measured."""
    with harness.Sandbox(fbdir=True) as sb:
        screen = harness.Screen(sb)
        harness.wait_for("the Xvfb framebuffer file", lambda: os.path.exists(screen.file), 10)
        first = launch(sb, screen, app, memory=False)
        again = launch(sb, screen, app, memory=True)
        return first, again


def report(label, runs):
    keys = [k for k in ("mapped", "first", "settled", "pss", "rss", "cpu") if k in runs[0]]
    med = {k: statistics.median(r[k] for r in runs) for k in keys}
    line = (f"{label:<22} mapped {med['mapped'] * 1000:6.0f} ms   first paint {med['first'] * 1000:6.0f} ms   "
            f"settled {med['settled'] * 1000:6.0f} ms")
    if "pss" in med:
        line += (f"   idle PSS {med['pss']:6.1f} MiB   idle CPU {med['cpu']:5.1f} % of a core"
                 f" over {IDLE_CPU:.0f} s (RSS sum {med['rss']:6.1f} MiB; {', '.join(runs[0]['procs'])})")
    print(line)
    return med


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--idle", type=float, default=IDLE_CPU, help="seconds of idle CPU measurement")
    ap.add_argument("app")
    ap.add_argument("baseline", nargs="?")
    a = ap.parse_args()
    global IDLE_CPU
    IDLE_CPU = a.idle
    print(f"desktop bench: median of {a.runs} runs, Xvfb 1280x800, the demo story")
    runs = [one_run(a.app) for _ in range(a.runs)]
    report("storyline, first start", [r[0] for r in runs])
    app = report("storyline", [r[1] for r in runs])
    if a.baseline:
        base = report("baseline", [one_run(a.baseline)[1] for _ in range(a.runs)])
        print(f"{'storyline / baseline':<22} first paint x{app['first'] / base['first']:.2f}   "
              f"settled x{app['settled'] / base['settled']:.2f}   idle PSS x{app['pss'] / base['pss']:.2f}   "
              f"idle CPU {app['cpu']:.1f} % vs {base['cpu']:.1f} %")


if __name__ == "__main__":
    main()
