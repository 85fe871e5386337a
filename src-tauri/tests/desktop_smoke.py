#!/usr/bin/env python3
"""Desktop smoke test, the Tauri way: tauri-driver + WebKitWebDriver drive the real app window
under Xvfb, with XDG_DATA_HOME/XDG_CONFIG_HOME/XDG_CACHE_HOME in a temporary directory so the
database, the window state and WebKit's caches all land there.

Run 1 (first start): the demo story is offered; add a snapshot through the UI; see its events in
the timeline; screenshot to test-artifacts/; move/resize the window; quit with the window's close
request (what a window manager's close button sends). Run 2: the window comes back where it was
left and the snapshot is still there. Run 3: SIGTERM quits as cleanly as the close request.

Needs the app built (`cargo build -p storyline-desktop`) and ui/dist; prints "N passed, N failed".
"""
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import ui_steps as ui  # noqa: E402
from harness import Session, wait_for  # noqa: E402
from x11_close import close_window  # noqa: E402

ARTIFACTS = os.path.join(harness.REPO, "test-artifacts")

# A story of its own with dates the tagger must resolve against the published date.
ARTICLE_TITLE = "Harbour bridge closes for repairs"
ARTICLE = (
    "The harbour bridge was closed on Monday morning after inspectors found cracks in two of its "
    "steel cables. The city council said on Tuesday that repairs would start on 15 March 2026. "
    "The bridge is expected to reopen in June 2026."
)
STORY = "Harbour bridge"
PUBLISHED = ("2026-03-04", "09:30", "UTC")  # a Wednesday: "on Monday" is 2 March 2026

results = []
session = None  # the live session, for a screenshot when a step fails


def check(name, fn):
    try:
        fn()
        results.append((name, None))
        print(f"ok   {name}", flush=True)
    except Exception as e:  # report every step, then fail at the end
        results.append((name, e))
        print(f"FAIL {name}: {e}", flush=True)
        try:
            shot = session.screenshot(os.path.join(ARTIFACTS, "desktop-smoke-failure.png"))
            print(f"     screenshot: {shot}", flush=True)
        except Exception:
            pass  # the window may be gone: that may be the failure itself
        raise


def quit_app(sb, s):
    """Closes the window like a user would and waits for the whole app to exit."""
    pids = harness.app_pids()
    assert pids, "the app is not running"
    assert close_window(sb.display, harness.TITLE) >= 1, "no window titled Storyline to close"
    wait_for("the app to exit", lambda: not any(os.path.exists(f"/proc/{p}") and
                                                open(f"/proc/{p}/stat").read().split()[2] != "Z"
                                                for p in pids), timeout=20)
    s.delete()


def main():
    os.makedirs(ARTIFACTS, exist_ok=True)
    assert os.access(harness.APP, os.X_OK), f"build the app first: {harness.APP} is missing"
    with harness.Sandbox(keep="--keep" in sys.argv) as sb:
        db = sb.path("data", "storyline", "storyline.db")
        driver = sb.driver()
        global session
        s = session = Session(driver, harness.APP)
        rect = {"x": 40, "y": 30, "width": 1100, "height": 720}

        check("window opens with the app's title", lambda: wait_for(
            "title", lambda: s.title().startswith(harness.TITLE), 30))
        check("database created in the data dir of the sandbox", lambda: wait_for(
            "db file", lambda: os.path.exists(db), 10))
        check("demo story offered on first start", lambda: ui.sees_demo_story(s))
        check("add a snapshot through the UI", lambda: ui.add_snapshot(
            s, STORY, ARTICLE_TITLE, ARTICLE, *PUBLISHED))
        # "on Monday morning" in an article of Wednesday 4 March 2026 happened on 2 March; the
        # reopening "in June 2026" is only expected.
        check("its events appear in the timeline, dated and with their status", lambda: ui.sees_events(
            s, ["cables", "monday 2 march 2026", "happened", "reopen", "june 2026", "expected"]))
        check("screenshot saved", lambda: s.screenshot(os.path.join(ARTIFACTS, "desktop-smoke.png")))
        check("window can be moved and resized", lambda: s.set_rect(**rect))
        check("quits cleanly on a close request", lambda: quit_app(sb, s))
        check("database closed (WAL checkpointed and removed)", lambda: wait_for(
            "no -wal file", lambda: not os.path.exists(db + "-wal"), 5))
        check("window state saved", lambda: wait_for(
            "window state", lambda: os.path.exists(sb.path("config", "org.storyline.desktop",
                                                           ".window-state.json")), 5))

        # A fresh driver for the second start: nothing left over from the first session.
        s = session = Session(sb.driver(), harness.APP)

        def restored():
            got = wait_for("a window", s.rect, 30)
            assert (got["width"], got["height"]) == (rect["width"], rect["height"]), got
            assert (got["x"], got["y"]) == (rect["x"], rect["y"]), got

        check("second start: window size and position restored", restored)
        check("second start: the added snapshot is still there", lambda: ui.sees_story(s, STORY, ARTICLE_TITLE))
        check("second start: quits cleanly", lambda: quit_app(sb, s))

        # Third start, ended by SIGTERM (a logout, `kill`): the app quits as on a close request.
        s = session = Session(sb.driver(), harness.APP)
        check("third start: the window opens", lambda: wait_for(
            "title", lambda: s.title().startswith(harness.TITLE), 30))

        def sigterm():
            wait_for("the database in use (a -wal file)", lambda: os.path.exists(db + "-wal"), 10)
            pids = harness.app_pids()
            assert pids, "the app is not running"
            for p in pids:
                os.kill(p, signal.SIGTERM)
            wait_for("the app to exit", lambda: not any(os.path.exists(f"/proc/{p}") and
                                                        open(f"/proc/{p}/stat").read().split()[2] != "Z"
                                                        for p in pids), timeout=20)
            wait_for("no -wal file", lambda: not os.path.exists(db + "-wal"), 5)
            try:
                s.delete()
            except Exception:
                pass  # the session's app is gone, as intended

        check("SIGTERM closes the database (WAL checkpointed and removed)", sigterm)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        if not any(err is e for _, err in results):  # a failure outside the named steps
            results.append(("setup", e))
            print(f"FAIL setup: {type(e).__name__}: {e}", flush=True)
    failed = sum(1 for _, e in results if e)
    print(f"desktop smoke: {len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed or not results else 0)
