"""The smoke test's steps in the UI, by the `data-testid`s and `data-tab`s the UI exposes (the
Playwright e2e tests use the same hooks). Each step waits for what it expects to see."""
from harness import wait_for


def text_of(s, css):
    els = s.find(css)
    return s.text(els[0]) if els else ""


def sees_demo_story(s):
    wait_for("the demo story in the sidebar",
             lambda: "Storm Orla" in text_of(s, "[data-testid=story-list]"), 30)


def set_value(s, css, value):
    """Sets a form control the way typing would (date/time/select inputs take no keystrokes
    reliably across WebDriver implementations)."""
    ok = s.js("""
        const el = document.querySelector(arguments[0]);
        if (!el) return false;
        if (el.tagName === 'SELECT' && ![...el.options].some(o => o.value === arguments[1])) return false;
        el.value = arguments[1];
        el.dispatchEvent(new Event('input', {bubbles: true}));
        el.dispatchEvent(new Event('change', {bubbles: true}));
        return true;""", css, value)
    assert ok, f"cannot set {css} to {value!r}"


def add_snapshot(s, story, title, text, date, time, zone):
    """Creates `story` from the sidebar, then adds one pasted snapshot through the Add form."""
    s.type(s.one("[data-testid=new-story-title]"), story)
    s.click(s.one("[data-testid=create-story]"))
    wait_for("the new story to open", lambda: text_of(s, "[data-testid=story-title]") == story)
    s.click(s.one("[data-tab=add]"))
    s.type(s.one("[data-testid=add-text]"), text)
    s.type(s.one("[data-testid=add-title]"), title)
    set_value(s, "[data-testid=add-date]", date)
    set_value(s, "[data-testid=add-time]", time)
    set_value(s, "[data-testid=add-tz]", zone)
    s.click(s.one("[data-testid=add-submit]"))
    wait_for("the add result", lambda: text_of(s, "[data-testid=add-result]"), 30)
    s.click(s.one("[data-tab=snapshots]"))
    wait_for("the snapshot in the Snapshots view",
             lambda: title in text_of(s, "[data-testid=snapshots]"))


def sees_events(s, phrases):
    """Opens the timeline and waits for every phrase (any case) to show in its list."""
    s.click(s.one("[data-tab=timeline]"))
    wait_for(f"timeline events mentioning {phrases}", lambda: all(
        p in text_of(s, "[data-testid=timeline-list]").lower() for p in phrases), 30)


def sees_story(s, story, title):
    """Opens `story` from the sidebar and checks the snapshot `title` is listed."""
    wait_for(f"{story!r} in the sidebar", lambda: story in text_of(s, "[data-testid=story-list]"), 30)
    item = wait_for("its sidebar entry", lambda: next(
        (e for e in s.find("[data-testid=story-list] .story-item") if story in s.text(e)), None))
    s.click(item)
    wait_for("the story to open", lambda: text_of(s, "[data-testid=story-title]") == story)
    s.click(s.one("[data-tab=snapshots]"))
    wait_for("its snapshot", lambda: title in text_of(s, "[data-testid=snapshots]"))
