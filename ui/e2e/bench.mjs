// Browser benchmark (prints figures, asserts nothing): how long the timeline of a big story takes
// to show, against a small story measured in the same run. The big story is 1,000 snapshots with
// 5 dated sentences each, added through the real API so the events come from the real pipeline.
//
//   node e2e/bench.mjs [--snapshots 1000] [--per 5] [--runs 5]

import { performance } from "node:perf_hooks";
import { startBrowser, startServer } from "./harness.mjs";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const SNAPSHOTS = arg("snapshots", 1000);
const PER = arg("per", 5);
const RUNS = arg("runs", 5);

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const SYL = ["bar", "ken", "lo", "mir", "tas", "vel", "dor", "ny", "qua", "sel", "tor", "wen", "zar", "pim", "rud", "hal", "fen", "gos", "jut", "cal"];

/** A made-up proper name, different for every n: events must not merge by shared words. */
function name(n) {
  let s = "";
  let k = n + 400;
  do {
    s += SYL[k % SYL.length];
    k = Math.floor(k / SYL.length);
  } while (k > 0);
  return s[0].toUpperCase() + s.slice(1);
}

function article(i) {
  const lines = [`Report ${name(i)} on the ${name(i + 7000)} inquiry`];
  for (let j = 0; j < PER; j++) {
    const n = i * PER + j;
    // A distinct day for every event, spread over about 14 years.
    const d = new Date(Date.UTC(2012, 0, 1) + n * 86_400_000);
    const when = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    lines.push(`On ${when}, the ${name(n)} council approved the ${name(n + 50_000)} plan for ${name(n + 90_000)}.`);
  }
  return lines.join("\n\n");
}

async function fill(server, title, count) {
  const story = await server.api("create_story", { title });
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    await server.api("add_snapshot", { story: String(story.id), content: article(i), outlet: `Outlet ${i % 7}`, published: "2026-03-10T08:00:00Z" });
  }
  const addMs = performance.now() - t0;
  const tl = await server.api("timeline", { story: story.id });
  return { id: story.id, events: tl.events.length, addMs, bytes: JSON.stringify(tl).length };
}

async function measure(page, url, storyId, otherId) {
  const totals = [];
  const renders = [];
  const loads = [];
  let nodes = 0;
  for (let r = 0; r < RUNS; r++) {
    // Leave for another story first, so each run loads the data afresh.
    await page.goto(`${url}#/story/${otherId}/snapshots`);
    await page.waitForSelector('[data-testid="snapshots"], .empty');
    await page.evaluate(() => performance.clearMeasures());
    const total = await page.evaluate(async (id) => {
      const t0 = performance.now();
      location.hash = `#/story/${id}/timeline`;
      await new Promise((res) => {
        const check = () => (document.querySelector('[data-testid="timeline-list"] .event') ? res() : requestAnimationFrame(check));
        check();
      });
      // One more frame: the list has been laid out and painted.
      await new Promise((res) => requestAnimationFrame(() => res()));
      return performance.now() - t0;
    }, storyId);
    const m = await page.evaluate(() => ({
      render: performance.getEntriesByName("storyline:timeline-render").at(-1)?.duration ?? NaN,
      load: performance.getEntriesByName("storyline:story-load").at(-1)?.duration ?? NaN,
      nodes: document.querySelectorAll('[data-testid="timeline-list"] *').length,
    }));
    if (process.env.BENCH_VERBOSE) console.log(`  run ${r + 1}: ${total.toFixed(0)} ms`);
    totals.push(total);
    renders.push(m.render);
    loads.push(m.load);
    nodes = m.nodes;
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { total: median(totals), render: median(renders), load: median(loads), nodes };
}

const server = await startServer({ env: { STORYLINE_NOW: "2026-03-12T09:00:00Z" } });
const browser = await startBrowser({ width: 1280, height: 800 });
try {
  console.log(`Filling a baseline story (10 snapshots) and a big one (${SNAPSHOTS} snapshots × ${PER} dated sentences) through the API…`);
  const small = await fill(server, "Baseline story", 10);
  const big = await fill(server, "Big story", SNAPSHOTS);
  const empty = await server.api("create_story", { title: "Empty" });
  console.log(`  big story: ${big.events} events, timeline JSON ${(big.bytes / 1e6).toFixed(1)} MB; adding took ${(big.addMs / 1000).toFixed(1)} s (${(big.addMs / SNAPSHOTS).toFixed(1)} ms per snapshot)`);
  const page = await browser.context.newPage();
  const base = await measure(page, server.url, small.id, empty.id);
  const res = await measure(page, server.url, big.id, empty.id);
  const row = (label, m, events) =>
    `${label.padEnd(10)} ${String(events).padStart(6)} events  open→painted ${m.total.toFixed(0).padStart(5)} ms  (fetch ${m.load.toFixed(0).padStart(4)} ms, render ${m.render.toFixed(1).padStart(6)} ms)  DOM nodes in list: ${m.nodes}`;
  console.log(`Timeline, median of ${RUNS} runs in Chromium at 1280×800:`);
  console.log(row("baseline", base, small.events));
  console.log(row("big", res, big.events));
  console.log(`ratio big/baseline: open→painted ×${(res.total / base.total).toFixed(1)}, render ×${(res.render / base.render).toFixed(1)}; goal: big open→painted < 300 ms`);
} finally {
  await browser.close();
  await server.stop();
}
