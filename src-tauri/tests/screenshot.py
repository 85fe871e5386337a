#!/usr/bin/env python3
"""Takes the README's screenshot (docs/screenshot.png): the real app under Xvfb on a fresh
database, showing the demo story's timeline at 1280x800. Needs what the smoke test needs."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import ui_steps as ui  # noqa: E402
from harness import Session  # noqa: E402

OUT = os.path.join(harness.REPO, "docs", "screenshot.png")

# From Xvfb's framebuffer, not WebDriver's screenshot: WebKit's snapshot never answers when
# the app runs without accelerated compositing, as it does by default.
with harness.Sandbox(fbdir=True) as sb:
    s = Session(sb.driver(), harness.APP)
    ui.sees_demo_story(s)
    s.click(s.one("[data-tab=timeline]"))
    harness.wait_for("the timeline", lambda: ui.text_of(s, "[data-testid=timeline-list]"), 30)
    time.sleep(1)  # let the time axis finish drawing
    harness.Screen(sb).save_png(OUT)
    print(OUT)
    s.delete()
