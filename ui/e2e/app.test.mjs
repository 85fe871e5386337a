// End to end: the built UI in Debian's Chromium against a real `storyline serve` on a temporary
// database. Screenshots go to test-artifacts/.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { screenshotPath, startBrowser, startServer, startSite } from "./harness.mjs";
import { HOSTILE, SNAPSHOTS, STORY } from "./fixtures/articles.mjs";

let server;
let browser;
let page;
const pageErrors = [];

before(async () => {
  server = await startServer({ env: { STORYLINE_NOW: "2026-03-12T09:00:00Z" } });
  browser = await startBrowser();
  browser.context.setDefaultTimeout(10_000);
  page = await browser.context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("dialog", (d) => {
    pageErrors.push(`unexpected dialog: ${d.message()}`);
    void d.dismiss();
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A full page load at `hash` (page.goto to the same URL with another hash would not reload). */
async function load(hash) {
  await page.goto("about:blank");
  await page.goto(`${server.url}${hash}`);
}

async function addPasted(s) {
  await page.click('[data-tab="add"]');
  await page.click('[data-source="paste"]');
  await page.fill('[data-testid="add-text"]', s.text);
  await page.fill('[data-testid="add-title"]', s.title);
  await page.fill('[data-testid="add-outlet"]', s.outlet);
  await page.fill('[data-testid="add-url"]', s.url ?? "");
  await page.fill('[data-testid="add-date"]', s.date);
  await page.fill('[data-testid="add-time"]', s.time);
  await page.selectOption('[data-testid="add-tz"]', s.tz);
  await page.click('[data-testid="add-submit"]');
  await page.waitForFunction(() => /Added snapshot|Unchanged/.test(document.querySelector('[data-testid="add-result"]')?.textContent ?? ""));
  return page.textContent('[data-testid="add-result"]');
}

describe("Storyline in a browser", () => {
  test("create a story and add three snapshots through the UI", async () => {
    await page.goto(server.url);
    await page.waitForSelector("text=Follow a developing story");
    await page.screenshot({ path: screenshotPath("01-welcome") });

    // An empty title is refused inline.
    await page.click('[data-testid="create-story"]');
    await page.waitForSelector("text=Give the story a title.");

    await page.fill('[data-testid="new-story-title"]', STORY);
    await page.click('[data-testid="create-story"]');
    await page.waitForSelector('[data-testid="add-form"]');
    assert.equal(await page.textContent('[data-testid="story-title"]'), STORY);

    // Empty text is refused inline, and nothing is stored.
    await page.click('[data-testid="add-submit"]');
    await page.waitForSelector("text=The article text is empty");
    assert.equal((await server.api("snapshots", { story: STORY })).length, 0);

    assert.match(await addPasted(SNAPSHOTS[0]), /version 1/);
    // The tab counts follow the add at once.
    assert.equal(await page.textContent('[data-tab="snapshots"] .count'), "1");
    await page.screenshot({ path: screenshotPath("02-add-snapshot") });
    assert.match(await addPasted(SNAPSHOTS[1]), /version 2/);
    assert.match(await addPasted(SNAPSHOTS[2]), /version 1/);

    // The same text again stores nothing.
    assert.match(await addPasted(SNAPSHOTS[1]), /Unchanged/);

    const snaps = await server.api("snapshots", { story: STORY });
    assert.equal(snaps.length, 3);
    // The form's published date defaulted to the core's "now".
    await page.click('[data-tab="add"]');
    assert.equal(await page.inputValue('[data-testid="add-date"]'), "12 Mar 2026");
    // The time zone picked in the form reached the core.
    const first = snaps.find((s) => s.version === 1 && s.outlet === "Ellis Herald");
    assert.equal(Date.parse(first.published_at), Date.parse("2026-03-10T08:15:00Z"));
    assert.equal(first.published_assumed, false);
  });

  test("the snapshots view lists articles with their versions", async () => {
    await page.click('[data-tab="snapshots"]');
    await page.waitForSelector('[data-testid="snapshots"]');
    assert.equal(await page.locator(".article-card").count(), 2);
    assert.equal(await page.locator("tr[data-snapshot-id]").count(), 3);
    const text = await page.textContent('[data-testid="snapshots"]');
    assert.match(text, /2 articles, 3 snapshots/);
    // Versions: the updated article's row v2 offers a comparison with v1.
    assert.equal(await page.locator('[data-testid="diff-prev"]').count(), 1);
    assert.match(text, /Ellis Herald/);
    assert.match(text, /Coast Courier/);
    await page.screenshot({ path: screenshotPath("03-snapshots") });
  });

  test("the timeline shows dated events with their statuses", async (t) => {
    const commands = await server.api("commands");
    if (!commands.includes("timeline")) {
      t.skip("this build has no events yet");
      return;
    }
    await page.click('[data-tab="timeline"]');
    await page.waitForSelector('[data-testid="timeline-list"] .event');
    const statuses = await page.$$eval(".event[data-status]", (els) => els.map((e) => e.getAttribute("data-status")));
    assert.ok(statuses.length >= 4, `events shown: ${statuses}`);
    assert.ok(statuses.includes("happened"), `statuses: ${statuses}`);
    assert.ok(statuses.some((s) => s === "expected" || s === "expected_then_happened"), `statuses: ${statuses}`);
    const listText = await page.textContent('[data-testid="timeline-list"]');
    assert.match(listText, /1968/);
    assert.match(listText, /Monday 9 March 2026/);
    await page.screenshot({ path: screenshotPath("04-timeline") });

    // A source chip opens the snapshot with the sentence highlighted.
    await page.click(".event .source-chip");
    await page.waitForSelector('[data-testid="highlight"]');
    assert.ok((await page.textContent('[data-testid="highlight"]')).length > 10);
    await page.screenshot({ path: screenshotPath("05-reader-highlight") });
    await page.keyboard.press("Escape");
    await page.waitForSelector('[data-testid="reader"]', { state: "detached" });

    // An event announced, then reported done, shows that history.
    await page.click('.event[data-status="expected_then_happened"] [data-testid="event-history"]');
    await page.waitForSelector('[data-testid="event-detail"]');
    const detail = await page.textContent('[data-testid="event-detail"]');
    assert.match(detail, /announced/);
    assert.match(detail, /confirmed/);
    await page.screenshot({ path: screenshotPath("05b-event-history") });
    await page.keyboard.press("Escape");
    await page.waitForSelector('[data-testid="event-detail"]', { state: "detached" });

    // Filter by status.
    await page.click('[data-status-filter="happened"]');
    const filtered = await page.$$eval(".event[data-status]", (els) => els.map((e) => e.getAttribute("data-status")));
    assert.ok(filtered.length > 0 && filtered.every((s) => s === "happened"), `filtered: ${filtered}`);
    await page.click('[data-status-filter="happened"]');

    // j selects the next event.
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    assert.equal(await page.locator(".event.selected").count(), 1);

    // Expected events still ahead of "now" (STORYLINE_NOW, 12 March 2026) are set apart.
    await page.waitForSelector('[data-testid="upcoming"]');
    // The list is virtualised: bring its end (where what is ahead sits) into view first.
    await page.evaluate(() => {
      const list = document.querySelector('[data-testid="timeline-list"]');
      list.scrollTop = list.scrollHeight;
    });
    await page.waitForTimeout(100);
    const ahead = await page.$$eval(".event.upcoming", (els) => els.map((e) => e.textContent));
    assert.ok(ahead.some((t) => /traders/.test(t)), `upcoming: ${ahead}`);
    assert.ok(ahead.every((t) => !/1968/.test(t)));

    // The time axis scrolls the list to the period clicked.
    const periods = await page.$$eval("[data-period]", (els) => els.map((e) => e.getAttribute("data-period")));
    assert.ok(periods.length >= 2, `periods: ${periods}`);
    await page.click(`[data-period="${periods[periods.length - 1]}"]`);
    assert.ok(await page.evaluate(() => document.querySelector('[data-testid="timeline-list"]').scrollTop > 0));
  });

  test("events from a snapshot added since the last look are highlighted", async (t) => {
    const commands = await server.api("commands");
    if (!commands.includes("timeline")) {
      t.skip("this build has no events yet");
      return;
    }
    // The timeline was seen above; a new snapshot arrives (as if from another window).
    await server.api("add_snapshot", {
      story: STORY,
      outlet: "Coast Courier",
      published: "2026-03-12T08:30:00Z",
      content: "Police arrested a 19-year-old man on Wednesday evening in connection with the Port Ellis warehouse fire.",
    });
    await load(`#/story/${(await server.api("stories")).find((s) => s.title === STORY).id}/timeline`);
    await page.waitForSelector('[data-testid="new-count"]');
    assert.match(await page.textContent('[data-testid="new-count"]'), /^1 new since you last looked$/);
    assert.match(await page.textContent(".event.is-new"), /arrested/);
    await page.screenshot({ path: screenshotPath("04b-timeline-new") });
    // Seen now: the next visit shows nothing new.
    await load(`#/story/${(await server.api("stories")).find((s) => s.title === STORY).id}/timeline`);
    await page.waitForSelector(".event");
    assert.equal(await page.locator(".event.is-new").count(), 0);
    // The mark is stored in the database, not in this browser: the API (so the CLI and the app
    // too) has it.
    const story = (await server.api("stories")).find((s) => s.title === STORY);
    const latest = Math.max(...(await server.api("snapshots", { story: story.id })).map((s) => s.id));
    assert.equal((await server.api("timeline", { story: story.id })).seen_snapshot, latest);
  });

  test("compare shows the changed words, inline and side by side", async () => {
    await page.click('[data-tab="diff"]');
    await page.waitForSelector('[data-testid="diff-text"] ins');
    const dels = await page.$$eval('[data-testid="diff-text"] del', (els) => els.map((e) => e.textContent).join("|"));
    const ins = await page.$$eval('[data-testid="diff-text"] ins', (els) => els.map((e) => e.textContent).join("|"));
    assert.match(dels, /Two/);
    assert.match(ins, /Three/);
    assert.match(ins, /arson/);
    const stats = await page.textContent('[data-testid="diff-stats"]');
    assert.match(stats, /\+\d+ words/);
    await page.click('[data-testid="next-change"]');
    assert.equal(await page.locator(".current-change").count() > 0, true);
    await page.screenshot({ path: screenshotPath("06-diff-inline") });
    await page.click('[data-mode="side"]');
    await page.waitForSelector('[data-testid="side-by-side"]');
    assert.match(await page.textContent('[data-testid="side-by-side"]'), /Three people/);
    await page.screenshot({ path: screenshotPath("07-diff-side") });
    await page.click('[data-mode="inline"]');
  });

  test("search finds a word and opens the snapshot with it marked", async () => {
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "search");
    await page.keyboard.type("compensation");
    await page.waitForSelector('[data-testid="search-results"] .search-hit');
    assert.equal(await page.locator(".search-hit").count(), 1);
    assert.match(await page.textContent(".search-hit mark"), /compensation/i);
    await page.screenshot({ path: screenshotPath("08-search") });
    await page.click(".search-hit");
    await page.waitForSelector('[data-testid="reader-text"] mark');
    assert.match(await page.textContent('[data-testid="reader-title"]'), /Quay closed/);
    await page.keyboard.press("Escape");
    await page.waitForSelector('[data-testid="reader"]', { state: "detached" });
  });

  test("a hostile article shows its markup as text and runs nothing", async () => {
    // Its own story and a fresh page load, so this test stands alone.
    const story = await server.api("create_story", { title: "Hostile input" });
    await load(`#/story/${story.id}/add`);
    await page.waitForSelector('[data-testid="add-form"]');
    await page.fill('[data-testid="add-text"]', HOSTILE.text);
    await page.fill('[data-testid="add-title"]', HOSTILE.title);
    await page.fill('[data-testid="add-outlet"]', HOSTILE.outlet);
    await page.click('[data-testid="add-submit"]');
    await page.waitForFunction(() => /Added snapshot/.test(document.querySelector('[data-testid="add-result"]')?.textContent ?? ""));

    await page.click('[data-tab="snapshots"]');
    const card = page.locator(".article-card", { hasText: "<script>" });
    assert.equal(await card.count(), 1, "the title shows its <script> as text");
    assert.match(await card.textContent(), /onerror="window.__pwned='title-img'"/);
    await card.locator("button", { hasText: "Read" }).click();
    await page.waitForSelector('[data-testid="reader-text"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="reader-text"]')?.textContent?.includes("quay"));
    const reader = await page.textContent('[data-testid="reader-text"]');
    assert.match(reader, /<img src=x onerror="window.__pwned='img'">/);
    assert.match(reader, /<a href="javascript:window.__pwned='link'">/);
    assert.match(await page.textContent('[data-testid="reader-title"]'), /<script>/);
    await page.screenshot({ path: screenshotPath("09-hostile-article") });

    // Search for it, so its snippet and title render too.
    await page.keyboard.press("Escape");
    await page.fill('[data-testid="search"]', "Harbourmaster");
    await page.waitForSelector(".search-hit");
    assert.match(await page.textContent(".search-hit"), /<script>/);
    await page.keyboard.press("Escape");

    const commands = await server.api("commands");
    if (commands.includes("timeline")) {
      await page.click('[data-tab="timeline"]');
      await page.waitForSelector('[data-testid="timeline-list"] .event');
    }
    // No element came out of the article's markup anywhere in the page, and nothing ran.
    const injected = await page.evaluate(() =>
      document.querySelectorAll("script:not([src]), img, iframe, svg [onload], a[href^='javascript'], [onerror], [onmouseover], [onload], style").length,
    );
    assert.equal(injected, 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(pageErrors, []);

    // A search hit in another story opens that story and the snapshot.
    await page.fill('[data-testid="search"]', "compensation");
    await page.waitForSelector(".search-hit");
    await page.click(".search-hit");
    await page.waitForSelector('[data-testid="reader-text"] mark');
    assert.match(await page.textContent('[data-testid="reader-title"]'), /Quay closed/);
    assert.equal(await page.textContent('[data-testid="story-title"]'), STORY);
    await page.keyboard.press("Escape");
  });

  test("files: several at once, with progress, a bad one reported and the rest added", async () => {
    const story = await server.api("create_story", { title: "From files" });
    await load(`#/story/${story.id}/add`);
    await page.click('[data-source="file"]');
    await page.setInputFiles('[data-testid="add-file"]', [
      { name: "herald.html", mimeType: "text/html", buffer: Buffer.from("<html><head><title>Quay reopens</title></head><body><article><h1>Quay reopens</h1><p>The Port Ellis quay reopened on Friday.</p><script>window.__pwned='file'</script></article></body></html>") },
      { name: "notes.md", mimeType: "text/markdown", buffer: Buffer.from("# Traders meet\n\nThe council met traders on Saturday.") },
      { name: "broken.txt", mimeType: "text/plain", buffer: Buffer.from([0x54, 0x68, 0xff, 0xfe, 0x65]) },
    ]);
    await page.click('[data-testid="add-submit"]');
    await page.waitForSelector("text=Done: 2 added, 1 failed.");
    assert.match(await page.textContent(".file-list"), /broken\.txt.*not valid UTF-8/);
    await page.screenshot({ path: screenshotPath("11-add-files") });
    const snaps = await server.api("snapshots", { story: story.id });
    assert.equal(snaps.length, 2);
    const html = await server.api("snapshot", { id: snaps.find((s) => s.title.includes("Quay")).id });
    assert.match(html.text, /reopened on Friday/);
    assert.doesNotMatch(html.text, /<p>|<script>/);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
  });

  test("rename and delete the story, with confirmation", async () => {
    const { id } = (await server.api("stories")).find((s) => s.title === STORY);
    await load(`#/story/${id}/timeline`);
    await page.waitForSelector('[data-testid="story-title"]');
    await page.click('[data-testid="rename-story"]');
    await page.fill('[data-testid="rename-input"]', "Port Ellis fire");
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-testid="story-title"]:has-text("Port Ellis fire")');
    assert.match(await page.textContent('[data-testid="story-list"]'), /Port Ellis fire/);

    // Cancel keeps it.
    await page.click('[data-testid="delete-story"]');
    await page.click('[data-testid="confirm-cancel"]');
    assert.equal((await server.api("stories")).length, 3);

    await page.click('[data-testid="delete-story"]');
    await page.waitForSelector("dialog >> text=cannot be undone");
    await page.click('[data-testid="confirm-ok"]');
    await page.waitForFunction(() => !document.querySelector('[data-testid="story-list"]')?.textContent?.includes("Port Ellis"));
    assert.deepEqual((await server.api("stories")).map((s) => s.title).sort(), ["From files", "Hostile input"]);
  });

  test("the dark theme and the 1024×700 layout", async () => {
    await page.fill('[data-testid="new-story-title"]', "Dark check");
    await page.click('[data-testid="create-story"]');
    await page.waitForSelector('[data-testid="add-form"]');
    await page.click('[data-testid="theme"]');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    // Nothing wider than the window: no horizontal scrolling at 1024 px.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    await page.screenshot({ path: screenshotPath("10-dark-add") });
    // ? shows the shortcuts; Esc closes them.
    await page.locator("body").click({ position: { x: 600, y: 690 } });
    await page.keyboard.press("?");
    await page.waitForSelector("dialog >> text=Keyboard shortcuts");
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog", { state: "detached" });
    await page.click('[data-testid="theme"]');
    assert.deepEqual(pageErrors, []);
  });

  test("add by URL: the fetched title, outlet and date are shown, then saved", async () => {
    const site = await startSite();
    try {
      const story = await server.api("create_story", { title: "Storm Ingrid" });
      await load(`#/story/${story.id}/add`);
      await page.click('[data-source="url"]');
      await page.fill('[data-testid="fetch-url"]', site.url("/nav.html?utm_source=newsletter"));
      await page.click('[data-testid="add-submit"]');
      await page.waitForSelector('[data-testid="preview-title"]');
      assert.equal(await page.textContent('[data-testid="preview-title"]'), "Harbour bridge closed after storm damage");
      assert.match(await page.textContent('[data-testid="preview-outlet"]'), /The Coast Post/);
      assert.match(await page.textContent('[data-testid="preview-published"]'), /2026/);
      assert.match(await page.textContent('[data-testid="fetch-preview"]'), /closed to all traffic on Monday/);
      await page.screenshot({ path: screenshotPath("11-add-by-url") });
      // Nothing is stored before the user confirms.
      assert.equal((await server.api("snapshots", { story: story.id })).length, 0);
      await page.click('[data-testid="add-submit"]');
      await page.waitForFunction(() => /Added snapshot/.test(document.querySelector('[data-testid="add-result"]')?.textContent ?? ""));
      const snaps = await server.api("snapshots", { story: story.id });
      assert.equal(snaps.length, 1);
      assert.equal(snaps[0].published_at, "2026-03-09T07:30:00+01:00");
      assert.equal(snaps[0].outlet, "The Coast Post");

      // A bad address is a clear error, and nothing is stored.
      await page.fill('[data-testid="fetch-url"]', site.url("/no-such-page"));
      await page.click('[data-testid="add-submit"]');
      await page.waitForSelector('[data-testid="add-error"] >> text=HTTP 404');
      assert.equal((await server.api("snapshots", { story: story.id })).length, 1);
      assert.deepEqual(pageErrors, []);
    } finally {
      await site.close();
    }
  });

  test("the Sources panel follows pages and feeds, refreshes them and shows errors", async () => {
    const site = await startSite();
    try {
      const live = site.page("liveblog.html");
      site.put("/live", { body: live });
      site.put("/flaky", { body: site.page("comments.html") });
      const story = await server.api("create_story", { title: "Followed" });
      await load(`#/story/${story.id}/sources`);
      await page.waitForSelector('[data-testid="sources-list"] >> text=follows no pages');
      // Scheduled refresh is off for a new story.
      assert.equal(await page.isChecked('[data-testid="auto-refresh"]'), false);
      for (const path of ["/live", "/flaky"]) {
        await page.fill('[data-testid="follow-url"]', site.url(path));
        await page.click('[data-testid="follow-submit"]');
        await page.waitForSelector(`[data-testid="source-row"] >> text=${site.url(path)}`);
      }
      await page.fill('[data-testid="follow-url"]', site.url("/feed.xml"));
      await page.selectOption('[data-testid="follow-kind"]', "feed");
      await page.fill('[data-testid="follow-match"]', "ferry");
      await page.click('[data-testid="follow-submit"]');
      await page.waitForSelector('[data-testid="refresh-report"] >> text=1 matching');
      // The list reloads after the notice: wait for the feed's row.
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="source-row"]').length === 3);

      // The live page gets news, the other page breaks: Refresh now stores one and shows the other's error.
      site.put("/live", { body: live.replace("Nobody was hurt, officers said.", "Two drivers were taken to hospital with minor injuries, officers said.") });
      site.put("/flaky", { status: 500, body: "<p>oops</p>" });
      await page.click('[data-testid="refresh-now"]');
      await page.waitForSelector('[data-testid="refresh-report"] >> text=/3 checked, 2 changed, 1 failed/');
      const flakyRow = page.locator('[data-testid="source-row"]', { hasText: site.url("/flaky") });
      await flakyRow.locator('[data-testid="source-error"] >> text=HTTP 500').waitFor();
      const snaps = await server.api("snapshots", { story: story.id });
      // live v1 + v2, flaky v1, the feed's ferry article.
      assert.equal(snaps.length, 4);
      await page.screenshot({ path: screenshotPath("12-sources") });

      // Unfollow, with confirmation; the articles stay.
      await flakyRow.locator('[data-testid="unfollow"]').click();
      await page.click('[data-testid="confirm-ok"]');
      await page.waitForFunction((u) => ![...document.querySelectorAll('[data-testid="source-row"]')].some((r) => r.textContent.includes(u)), site.url("/flaky"));
      assert.equal((await server.api("sources", { story: story.id })).length, 3, "the feed's item page is followed too");
      assert.equal((await server.api("snapshots", { story: story.id })).length, 4);
      // Turning the schedule on is remembered for this story.
      await page.check('[data-testid="auto-refresh"]');
      await load(`#/story/${story.id}/sources`);
      assert.equal(await page.isChecked('[data-testid="auto-refresh"]'), true);
      assert.deepEqual(pageErrors, []);
    } finally {
      await site.close();
    }
  });
});
