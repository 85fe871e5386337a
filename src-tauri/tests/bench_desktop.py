#!/usr/bin/env python3
"""Desktop benchmark (prints figures, asserts nothing): time to first paint and idle memory of the
app with its WebKit processes, next to a trivial Tauri window (`examples/baseline.rs`) measured
the same way in the same run.

Each run starts the binary under a fresh Xvfb (with -fbdir, so the screen can be read as a file),
on a fresh temporary database (the app seeds it with the demo story), and watches the screen:
  mapped       - the window first appears (the screen stops being all black);
  first paint  - the page first shows content (text: many distinct colours in the sampled grid);
  settled      - the screen stops changing (the last change before 1.5 s of stillness).
Then, after 3 s idle, it sums PSS (proportional set size, so pages shared between the app, the
WebKitWebProcess and the WebKitNetworkProcess are not counted twice) and RSS over the process
tree, from /proc/<pid>/smaps_rollup.

Usage: bench_desktop.py [--runs N] APP [BASELINE]
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

STILL = 1.5
IDLE = 3.0


def one_run(app):
    with harness.Sandbox(fbdir=True) as sb:
        screen = harness.Screen(sb)
        harness.wait_for("the Xvfb framebuffer file", lambda: os.path.exists(screen.file), 10)
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
        settled = last_change - t0
        time.sleep(IDLE)
        procs = harness.tree(proc.pid)
        pss = rss = 0
        for pid, _ in procs:
            try:
                p, r = harness.memory(pid)
            except OSError:
                continue
            pss, rss = pss + p, rss + r
        names = sorted(name for _, name in procs)
        return {"mapped": mapped, "first": first, "settled": settled, "pss": pss / 1024,
                "rss": rss / 1024, "procs": names}


def report(label, runs):
    med = {k: statistics.median(r[k] for r in runs) for k in ("mapped", "first", "settled", "pss", "rss")}
    print(f"{label:<10} mapped {med['mapped'] * 1000:6.0f} ms   first paint {med['first'] * 1000:6.0f} ms   "
          f"settled {med['settled'] * 1000:6.0f} ms   idle PSS {med['pss']:6.1f} MiB   "
          f"(RSS sum {med['rss']:6.1f} MiB)   processes: {', '.join(runs[0]['procs'])}")
    return med


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("app")
    ap.add_argument("baseline", nargs="?")
    a = ap.parse_args()
    print(f"desktop bench: median of {a.runs} cold starts each, Xvfb 1280x800, fresh database with the demo story")
    app = report("storyline", [one_run(a.app) for _ in range(a.runs)])
    if a.baseline:
        base = report("baseline", [one_run(a.baseline) for _ in range(a.runs)])
        print(f"ratio      first paint x{app['first'] / base['first']:.2f}   "
              f"settled x{app['settled'] / base['settled']:.2f}   idle PSS x{app['pss'] / base['pss']:.2f}")


if __name__ == "__main__":
    main()
