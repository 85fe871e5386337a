// End to end, for the app as a daily tool (issue 16): an idle page runs no animation; dates as
// people read them (part of day, date-only publications, a locale-free date field that a pasted
// "Published:" line fills); versions; one source chip per snapshot; a real time axis with zoom;
// Compare opening at the first change; a word about an empty export; exact phrases first.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { screenshotPath, startBrowser, startServer } from "./harness.mjs";

let server;
let browser;
let page;
const pageErrors = [];
const STORY = "Harbour road closure";
const URL_A = "https://coastpost.example/road";

const V1 = `Harbour road shut after landslip

On Monday morning, police closed the harbour road after a landslip. Police closed the harbour road again later on Monday morning to let crews in.

The council said the road would stay shut for the rest of the week.`;
const V2 = `Harbour road shut after landslip

On Monday morning, police closed the harbour road after a landslip. Police closed the harbour road again later on Monday morning to let crews in.

The council said the road would stay shut until the end of January. Engineers found a second crack.`;

before(async () => {
  server = await startServer({ env: { STORYLINE_NOW: "2026-03-12T09:00:00Z" } });
  browser = await startBrowser({ width: 1280, height: 800 });
  browser.context.setDefaultTimeout(10_000);
  page = await browser.context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  // Seeded through the API: a past article (December 2025) in two versions and another outlet
  // months later, so the time axis has empty months between them.
  await server.api("add_snapshot", { story: STORY, content: V1, title: "Harbour road shut", outlet: "Coast Post", url: URL_A, published: "2025-12-02T09:00:00Z" });
  await server.api("add_snapshot", { story: STORY, content: V2, title: "Harbour road shut", outlet: "Coast Post", url: URL_A, published: "2025-12-02T15:00:00Z" });
  await server.api("add_snapshot", {
    story: STORY,
    content: "Harbour road reopens\n\nThe harbour road reopened on Tuesday 3 March 2026. Police closed the harbour road on 1 December 2025, the council recalled.",
    title: "Harbour road reopens",
    outlet: "Ellis Herald",
    published: "2026-03-04T08:00:00Z",
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openStory(view = "timeline") {
  const stories = await server.api("stories");
  const id = stories.find((s) => s.title === STORY).id;
  await page.goto("about:blank");
  await page.goto(`${server.url}#/story/${id}/${view}`);
  return id;
}

describe("the app as a daily tool", () => {
  test("an idle page runs no animation; reduced motion stops the busy bar too", async () => {
    await openStory();
    await page.waitForSelector('[data-testid="timeline-list"] .event');
    await page.waitForTimeout(300);
    // The hidden busy bar used to slide forever, repainting every frame of an idle window.
    assert.equal(await page.evaluate(() => document.getAnimations().length), 0);
    // While busy it moves...
    await page.evaluate(() => document.querySelector(".progress").classList.add("on"));
    assert.equal(await page.evaluate(() => document.getAnimations().filter((a) => a.animationName === "slide" && a.playState === "running").length), 1);
    // ...unless the user asked for less motion.
    await page.emulateMedia({ reducedMotion: "reduce" });
    assert.equal(await page.evaluate(() => document.getAnimations().filter((a) => a.animationName === "slide").length), 0);
    await page.emulateMedia({ reducedMotion: "no-preference" });
    await page.evaluate(() => document.querySelector(".progress").classList.remove("on"));
    // Once the bar's fade-out is over, nothing runs again.
    await page.waitForTimeout(400);
    assert.equal(await page.evaluate(() => document.getAnimations().length), 0);
  });

  test("the part of day reaches the timeline; one chip per snapshot, versions marked apart", async () => {
    const id = await openStory();
    await page.waitForSelector('[data-testid="timeline-list"] .event');
    const t = await server.api("timeline", { story: id });
    const monday = t.events.find((e) => /harbour road/i.test(e.text) && e.date.startsWith("2025-12-01"));
    assert.ok(monday, JSON.stringify(t.events.map((e) => [e.date, e.text])));
    assert.equal(monday.date, "2025-12-01TMO");
    const row = page.locator(`.event[data-event-id="${monday.id}"]`);
    assert.match(await row.locator(".event-date").textContent(), /1 Dec\s*morning/);
    // Chips: one per snapshot whatever the number of sentences, as the CLI counts sources.
    const snapshotsTelling = new Set(monday.sources.map((s) => s.snapshot_id)).size;
    assert.ok(monday.sources.length > snapshotsTelling, "the fixture tells the event twice in one snapshot");
    const chips = await row.locator(".source-chip").evaluateAll((els) => els.map((e) => [e.getAttribute("data-snapshot"), e.getAttribute("data-kind"), e.textContent]));
    const more = (await row.locator(".more").count()) ? Number((await row.locator(".more").textContent()).replace(/\D/g, "")) : 0;
    assert.equal(chips.length + more, snapshotsTelling, JSON.stringify(chips));
    assert.equal(new Set(chips.map((c) => c[0])).size, chips.length, "a snapshot twice");
    // The second version of the Coast Post article reads as a version, the Herald as an outlet.
    assert.deepEqual(chips.map((c) => c[1]), ["outlet", "version", "outlet"]);
    assert.match(chips[1][2], /^↻ v2 · 2 Dec/);
    assert.match(chips[2][2], /^Ellis Herald · 4 Mar/);
    await page.screenshot({ path: screenshotPath("20-daily-timeline") });
  });

  test("the time axis shows empty months as gaps and zooms to weeks and days", async () => {
    await openStory();
    await page.waitForSelector('[data-testid="axis"]');
    assert.equal(await page.getAttribute('[data-testid="axis"]', "data-unit"), "month");
    const periods = await page.$$eval("[data-period]", (els) => els.map((e) => e.getAttribute("data-period")));
    assert.ok(periods.includes("2025-12") && periods.includes("2026-03"), `${periods}`);
    // February has no event: a slot with no bar (labelled, not skipped).
    assert.ok(!periods.includes("2026-02"), `${periods}`);
    assert.equal(await page.locator('[data-empty="2026-02"]').count(), 1);
    const slots = await page.$$eval('[data-testid="axis"] .tick', (els) => els.map((e) => e.textContent));
    assert.deepEqual(slots, ["Dec ’25", "Jan ’26", "Feb", "Mar"]);
    await page.click('[data-zoom="week"]');
    assert.equal(await page.getAttribute('[data-testid="axis"]', "data-unit"), "week");
    const weeks = await page.$$eval("[data-period]", (els) => els.map((e) => e.getAttribute("data-period")));
    assert.ok(weeks.includes("2025-12-01w") && weeks.includes("2026-03-02w"), `${weeks}`);
    await page.click('[data-zoom="day"]');
    const days = await page.$$eval("[data-period]", (els) => els.map((e) => e.getAttribute("data-period")));
    assert.ok(days.includes("2025-12-01") && days.includes("2026-03-03"), `${days}`);
    // Clicking a period still scrolls the list there.
    await page.click(`[data-period="${days[days.length - 1]}"]`);
    assert.equal(await page.locator(".event.selected").count(), 1);
  });

  test("the add form: a locale-free date field that a pasted Published line fills", async () => {
    await openStory("add");
    await page.click('[data-source="paste"]');
    assert.equal(await page.getAttribute('[data-testid="add-date"]', "type"), "text");
    // Defaults to the back end's "now", written as everywhere else in the UI.
    assert.equal(await page.inputValue('[data-testid="add-date"]'), "12 Mar 2026");
    await page.fill('[data-testid="add-text"]', "Ferry back on\n\nPublished: 2 December 2025, 10:14 GMT\n\nThe ferry ran again on Monday.");
    assert.equal(await page.inputValue('[data-testid="add-date"]'), "2 Dec 2025");
    assert.equal(await page.inputValue('[data-testid="add-time"]'), "10:14");
    assert.equal(await page.inputValue('[data-testid="add-tz"]'), "UTC");
    await page.fill('[data-testid="add-title"]', "Ferry back on");
    await page.click('[data-testid="add-submit"]');
    await page.waitForFunction(() => /Added snapshot/.test(document.querySelector('[data-testid="add-result"]')?.textContent ?? ""));
    let snaps = await server.api("snapshots", { story: STORY });
    assert.equal(snaps.find((s) => s.title === "Ferry back on").published_at, "2025-12-02T10:14:00Z");

    // A typed date and no time: the date alone, shown without a made-up midnight.
    await page.click('[data-tab="add"]');
    await page.click('[data-source="paste"]');
    await page.fill('[data-testid="add-text"]', "Ferry timetable\n\nThe new timetable starts next week.");
    await page.fill('[data-testid="add-title"]', "Ferry timetable");
    await page.fill('[data-testid="add-date"]', "5 Dec 2025");
    await page.fill('[data-testid="add-time"]', "");
    await page.click('[data-testid="add-submit"]');
    await page.waitForFunction(() => /Added snapshot/.test(document.querySelector('[data-testid="add-result"]')?.textContent ?? ""));
    snaps = await server.api("snapshots", { story: STORY });
    const dateOnly = snaps.find((s) => s.title === "Ferry timetable");
    assert.equal(dateOnly.published_at, "2025-12-05");
    await page.click('[data-tab="snapshots"]');
    const row = page.locator(`tr[data-snapshot-id="${dateOnly.id}"]`);
    const cells = await row.textContent();
    assert.match(cells, /5 Dec 2025/);
    assert.doesNotMatch(cells, /5 Dec 2025, 00:00/);

    // A date the form cannot read is refused inline.
    await page.click('[data-tab="add"]');
    await page.click('[data-source="paste"]');
    await page.fill('[data-testid="add-text"]', "Some text.");
    await page.fill('[data-testid="add-date"]', "12/03/2026");
    await page.click('[data-testid="add-submit"]');
    await page.waitForSelector("text=e.g. 3 Dec 2026");
  });

  test("an older version's text again is unchanged: nothing stored", async () => {
    await openStory("add");
    await page.click('[data-source="paste"]');
    const before = (await server.api("snapshots", { story: STORY })).length;
    await page.fill('[data-testid="add-text"]', V1);
    await page.fill('[data-testid="add-url"]', URL_A);
    await page.fill('[data-testid="add-date"]', "2025-12-03");
    await page.click('[data-testid="add-submit"]');
    await page.waitForFunction(() => /Unchanged/.test(document.querySelector('[data-testid="add-result"]')?.textContent ?? ""));
    assert.match(await page.textContent('[data-testid="add-result"]'), /identical to version 1/);
    assert.equal((await server.api("snapshots", { story: STORY })).length, before);
  });

  test("Compare opens at the first change", async () => {
    await openStory("diff");
    await page.waitForSelector('[data-testid="diff-text"] .current-change');
    assert.match(await page.textContent(".diff-controls"), /Change 1 of \d+/);
    const first = await page.$eval('[data-testid="diff-text"] .current-change', (e) => e.getAttribute("data-change"));
    assert.equal(first, "0");
  });

  test("an empty calendar export is reported, not saved", async () => {
    // A story with nothing expected: its calendar would be empty.
    const quiet = await server.api("add_snapshot", { story: "Quiet quay", published: "2026-03-04T08:00:00Z",
      content: "Quiet quay\n\nThe quay reopened on Monday after repairs." });
    await page.goto("about:blank");
    await page.goto(`${server.url}#/story/${quiet.story_id}/timeline`);
    await page.waitForSelector('[data-testid="export"]');
    let downloaded = false;
    page.once("download", () => (downloaded = true));
    await page.selectOption('[data-testid="export"]', "ics");
    await page.waitForSelector("text=Nothing to export");
    assert.equal(downloaded, false);
  });

  test("search puts the exact phrase first", async () => {
    // Both words, often and apart: word counts alone would rank this first.
    await server.api("add_snapshot", { story: STORY, title: "Market notes", published: "2026-03-05T08:00:00Z",
      content: "Market notes\n\nShut shops stay open; the shut market will stay as it is, shut or not. Stay calm, shut nothing." });
    await openStory();
    await page.keyboard.press("/");
    await page.fill('[data-testid="search"]', "stay shut");
    await page.waitForFunction(() => document.querySelectorAll(".search-hit").length >= 3);
    const hits = await page.$$eval(".search-hit .hit-title", (els) => els.map((e) => e.textContent));
    assert.deepEqual(hits, ["Harbour road shut", "Harbour road shut", "Market notes"]);
    assert.equal(pageErrors.length, 0, pageErrors.join("\n"));
  });
});
