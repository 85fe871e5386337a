// End to end, issue 13: the Figures panel shows each series of a story's numbers as a step
// chart with its values, marks a disagreement, links a value to the sentence that states it,
// and the Compare view's "what changed" panel lists the figures a snapshot changed.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { screenshotPath, startBrowser, startServer } from "./harness.mjs";

let server;
let browser;
let page;
const pageErrors = [];
const STORY = "Arlen valley floods";
let storyId;
let firstSnapshot;
let lastSnapshot;

before(async () => {
  server = await startServer({ env: { STORYLINE_NOW: "2025-08-08T09:00:00Z" } });
  browser = await startBrowser({ width: 1280, height: 800 });
  browser.context.setDefaultTimeout(10_000);
  page = await browser.context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  const first = await server.api("add_snapshot", { story: STORY, content: "Flash floods swept the valley on Monday, killing four people. About 2,000 residents were evacuated.", title: "Floods kill four", outlet: "Wire", published: "2025-08-04T09:00:00Z" });
  await server.api("add_snapshot", { story: STORY, content: "Five people died in Monday's floods, the Gazette has learned.", title: "Five dead", outlet: "Gazette", published: "2025-08-04T10:00:00Z" });
  const third = await server.api("add_snapshot", { story: STORY, content: "The death toll from Monday's floods rose to seven on Tuesday. More than 3,100 people have now been evacuated.", title: "Toll rises", outlet: "Wire", url: "https://wire.example/floods", published: "2025-08-05T09:00:00Z" });
  firstSnapshot = first.snapshot_id;
  lastSnapshot = third.snapshot_id;
  storyId = (await server.api("stories")).find((s) => s.title === STORY).id;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe("figures", () => {
  test("the panel shows each series with its values in order and marks the disagreement", async () => {
    await page.goto(`${server.url}#/story/${storyId}/timeline`);
    await page.waitForSelector('[data-testid="story-title"]');
    // Keyboard: g f opens the Figures tab.
    await page.keyboard.press("g");
    await page.keyboard.press("f");
    await page.waitForSelector('[data-testid="figure-card"]');
    assert.match(page.url(), /\/figures$/);
    const dead = page.locator('[data-testid="figure-card"][data-measure="dead"]');
    assert.equal(await dead.locator(".figure-path").textContent(), "4 → 5 → 7");
    assert.equal(await dead.locator(".badge.disputed").count(), 1);
    assert.equal(await dead.locator('[data-testid="figure-point"]').count(), 3);
    assert.equal(await dead.locator(".figure-point.disputed").count(), 1);
    const evac = page.locator('[data-testid="figure-card"][data-measure="evacuated"]');
    assert.equal(await evac.locator(".figure-path").textContent(), "~2,000 → ≥3,100");
    assert.equal(await evac.locator(".badge.disputed").count(), 0);
    await page.screenshot({ path: screenshotPath("figures") });
  });

  test("a value opens the snapshot at the sentence that states it", async () => {
    const dead = page.locator('[data-testid="figure-card"][data-measure="dead"]');
    await dead.locator('[data-testid="figure-value"]').nth(2).click();
    await page.waitForSelector('[data-testid="reader"] [data-testid="highlight"]');
    const marked = await page.locator('[data-testid="highlight"]').textContent();
    assert.match(marked, /rose to seven/);
    await page.keyboard.press("Escape");
  });

  test("what a snapshot changed lists its figures", async () => {
    await page.goto(`${server.url}#/story/${storyId}/diff/${firstSnapshot}/${lastSnapshot}`);
    const list = page.locator('[data-testid="changed-figures"]');
    await list.waitFor();
    const text = await list.textContent();
    assert.match(text, /dead 5 → 7/);
    assert.match(text, /evacuated ~2,000 → ≥3,100/);
    assert.deepEqual(pageErrors, []);
  });
});
