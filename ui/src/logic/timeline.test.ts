import { describe, expect, it } from "vitest";
import type { EventStatus, Snapshot, TimelineEvent } from "../types";
import { event, source } from "./fixtures";
import { applyFilters, axisBuckets, axisTicks, buildRows, newness, viewEvents } from "./timeline";

const snap = (id: number, outlet: string | null): Snapshot => ({
  id,
  article_id: id,
  version: 1,
  title: `T${id}`,
  outlet,
  captured_at: "2026-03-10T00:00:00Z",
});
const snaps = new Map([1, 2, 3].map((i) => [i, snap(i, i === 3 ? null : `Outlet ${i}`)]));

let nextId = 1;
function ev(date: string, status: EventStatus, sources: number[], first = sources[0]): TimelineEvent {
  return event({
    id: nextId++,
    date,
    status,
    text: `event on ${date}`,
    first_seen_snapshot: first,
    sources: sources.map((s) => source({ snapshot_id: s })),
  });
}

const NOW = Date.UTC(2026, 2, 10, 12);

describe("rows", () => {
  const events = [
    ev("2026-03-09", "happened", [1]),
    ev("2019", "happened", [1]),
    ev("2026-03", "happened", [2]),
    ev("2026-03-09T23:40", "happened", [2, 1], 1),
    ev("2026-03-12", "expected", [2]),
    ev("2026-03-08", "expected_then_happened", [1, 2]),
    ev("2026-04", "expected", [3]),
  ];
  const views = viewEvents(events, snaps, null, NOW);
  const rows = buildRows(views);
  const shape = rows.map((r) => (r.kind === "event" ? `  ${r.view.event.date}` : `${r.kind}:${r.label}`));

  it("groups by year, month and day, vaguer first, future expected events set apart", () => {
    expect(shape).toEqual([
      "year:2019",
      "  2019",
      "year:2026",
      "month:March 2026",
      "  2026-03",
      "day:Sunday 8 March 2026",
      "  2026-03-08",
      "day:Monday 9 March 2026",
      "  2026-03-09",
      "  2026-03-09T23:40",
      "section:Expected — still ahead",
      "year:2026",
      "month:March 2026",
      "day:Thursday 12 March 2026",
      "  2026-03-12",
      "month:April 2026",
      "  2026-04",
    ]);
  });

  it("counts events under each header", () => {
    const counts = rows.flatMap((r) => (r.kind === "event" ? [] : [r.count]));
    expect(counts).toEqual([1, 4, 4, 1, 2, 2, 2, 1, 1, 1]);
  });

  it("filters by status and by source outlet", () => {
    const st = applyFilters(views, { statuses: new Set(["expected"]), outlets: new Set() });
    expect(st.map((v) => v.event.date)).toEqual(["2026-03-12", "2026-04"]);
    const out = applyFilters(views, { statuses: new Set(), outlets: new Set(["(no outlet)"]) });
    expect(out.map((v) => v.event.date)).toEqual(["2026-04"]);
    const both = applyFilters(views, { statuses: new Set(["happened"]), outlets: new Set(["Outlet 2"]) });
    expect(both.map((v) => v.event.date).sort()).toEqual(["2026-03", "2026-03-09T23:40"]);
  });

  it("buckets the axis by month for a short span and points at the first row of each", () => {
    const short = buildRows(views.filter((v) => v.date.year === 2026));
    const { unit, buckets } = axisBuckets(short);
    expect(unit).toBe("month");
    expect(buckets.map((b) => [b.key, b.count, b.upcoming])).toEqual([["2026-03", 5, 1], ["2026-04", 1, 1]]);
    expect(short[buckets[1].firstRow].kind).toBe("event");
    const all = axisBuckets(rows);
    expect(all.unit).toBe("year");
    // A real time axis: the empty years between 2019 and 2026 are slots too.
    expect(all.buckets.map((b) => [b.label, b.count])).toEqual([
      ["2019", 1], ["2020", 0], ["2021", 0], ["2022", 0], ["2023", 0], ["2024", 0], ["2025", 0], ["2026", 6],
    ]);
    expect(all.buckets.filter((b) => b.count === 0).every((b) => b.firstRow === -1)).toBe(true);
  });
});

describe("vague periods", () => {
  it("puts a week under the month it starts in, without repeating the month", () => {
    const rows = buildRows(viewEvents([ev("2026-03-09", "happened", [1]), ev("2026-W12", "happened", [1]), ev("2026-03-20", "happened", [1]), ev("2026-Q2", "happened", [1])], snaps, null, 0));
    const shape = rows.map((r) => (r.kind === "event" ? `  ${r.view.event.date}` : `${r.kind}:${r.label}`));
    expect(shape).toEqual([
      "year:2026",
      "month:March 2026",
      "day:Monday 9 March 2026",
      "  2026-03-09",
      "  2026-W12",
      "day:Friday 20 March 2026",
      "  2026-03-20",
      "  2026-Q2",
    ]);
  });
});

describe("new since I last looked", () => {
  it("shows what the core flags as changed since the stored mark: first told after it is new, the rest updated", () => {
    const e = ev("2026-03-01", "happened", [1, 3], 1);
    // No mark stored yet: nothing is new (the core flags nothing either).
    expect(newness(e, null)).toEqual({ isNew: false, isUpdated: false });
    expect(newness({ ...e, new: true }, 0)).toEqual({ isNew: true, isUpdated: false });
    expect(newness({ ...e, new: true }, 1)).toEqual({ isNew: false, isUpdated: true });
    // A later source that changed nothing (the core's `new` is false) is not news.
    expect(newness({ ...e, new: false }, 1)).toEqual({ isNew: false, isUpdated: false });
    expect(newness({ ...e, new: false }, 3)).toEqual({ isNew: false, isUpdated: false });
  });
});

describe("the time axis", () => {
  // The demo story's dates as `storyline demo` gives them (a winter, a month, days, a week),
  // seen after all of them are past.
  const demo = ["2026-03-09", "2025-05", "2026-03-27", "2026-WI", "2026-04", "2026-02", "2026-03-09T04:15", "2026-W12", "2026"]
    .map((d) => ev(d, "happened", [1]));
  const rows = buildRows(viewEvents(demo, snaps, null, Date.UTC(2026, 10, 26)));
  const { unit, buckets } = axisBuckets(rows);

  it("puts the periods in chronological order, as the list does", () => {
    expect(unit).toBe("month");
    const filled = buckets.filter((b) => b.count > 0);
    expect(filled.map((b) => b.key)).toEqual(["2025-05", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]);
    for (let i = 1; i < filled.length; i++) {
      expect(filled[i].start).toBeGreaterThan(filled[i - 1].start);
      expect(filled[i].firstRow).toBeGreaterThan(filled[i - 1].firstRow);
    }
  });

  it("shows empty months as gaps: one slot per month from the first event to the last", () => {
    expect(buckets.map((b) => b.key)).toEqual([
      "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12",
      "2026-01", "2026-02", "2026-03", "2026-04",
    ]);
    expect(buckets.slice(1, 7).every((b) => b.count === 0)).toBe(true);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i].start).toBe(buckets[i - 1].end);
  });

  it("zooms to weeks and days, and keeps the latest periods of a long span", () => {
    const weeks = axisBuckets(rows, "week");
    expect(weeks.unit).toBe("week");
    // Weeks start on Monday: 9 March 2026 is one.
    expect(weeks.buckets.some((b) => b.key === "2026-03-09w" && b.count >= 2)).toBe(true);
    for (const b of weeks.buckets) expect(new Date(b.start).getUTCDay()).toBe(1);
    const days = axisBuckets(rows, "day");
    const total = days.buckets.reduce((n, b) => n + b.count, 0);
    expect(total + days.earlier).toBe(demo.length);
    const capped = axisBuckets(rows, "day", 30);
    expect(capped.buckets.length).toBe(30);
    expect(capped.earlier).toBeGreaterThan(0);
    expect(rows[capped.earlierRow].kind).toBe("event");
    expect(axisTicks("day", days.buckets.slice(0, 2))[0]).toMatch(/^\d+ \w{3} ’\d\d$/);
  });

  it("labels ticks so they read chronologically: the year on the first tick and wherever it changes", () => {
    const sparse = buckets.filter((b) => b.count > 0 && b.key !== "2026-01");
    expect(axisTicks(unit, sparse)).toEqual(["May ’25", "Dec", "Feb ’26", "Mar", "Apr"]);
    // Thinned labels: the year shows on the first label after it changed, even if its bucket is unlabelled.
    expect(axisTicks(unit, sparse, 2)).toEqual(["May ’25", null, "Feb ’26", null, "Apr"]);
    expect(axisTicks(unit, buckets.filter((b) => b.count > 0))).toEqual(["May ’25", "Dec", "Jan ’26", "Feb", "Mar", "Apr"]);
  });
});

describe("one filing rule, from the core", () => {
  it("files an event under its start's year: winter 2026 under 2025, as the CLI does", () => {
    const winter = { ...ev("2026-WI", "happened", [1]), start: "2025-12-01", end: "2026-02-28" };
    const jan = { ...ev("2026-01-10TEV", "happened", [1]), start: "2026-01-10", end: "2026-01-10" };
    const rows = buildRows(viewEvents([jan, winter], snaps, null, Date.UTC(2026, 5, 1)));
    const shape = rows.map((r) => (r.kind === "event" ? `  ${r.view.label}` : `${r.kind}:${r.label}`));
    expect(shape).toEqual([
      "year:2025",
      "  Winter 2025–26",
      "year:2026",
      "month:January 2026",
      "day:Saturday 10 January 2026",
      "  Saturday 10 January 2026, evening",
    ]);
  });
});

describe("key events and the date basis", () => {
  it("keeps the N most widely told events in timeline order", () => {
    const evs = [1, 5, 3, 5].map((k, i) => event({ id: 100 + i, date: `2026-03-0${i + 1}`, key: k }));
    const views = viewEvents(evs, snaps, null, Date.parse("2026-03-12T00:00:00Z"));
    const shown = applyFilters(views, { statuses: new Set(), outlets: new Set(), key: 2 });
    expect(shown.map((v) => v.event.id)).toEqual([101, 103]);
    expect(applyFilters(views, { statuses: new Set(), outlets: new Set(), key: null })).toHaveLength(4);
  });

  it("labels an event placed by its publication day as reported or announced", () => {
    const now = Date.parse("2026-03-12T00:00:00Z");
    const [rep, ann, txt] = viewEvents([
      event({ id: 1, date: "2025-12-02", date_basis: "publication" }),
      event({ id: 2, date: "2025-12-02", date_basis: "publication", status: "expected" }),
      event({ id: 3, date: "2025-12-02" }),
    ], snaps, null, now);
    expect(rep.label).toMatch(/^reported /);
    expect(ann.label).toMatch(/^expected, announced /);
    expect(txt.label).not.toMatch(/reported|announced/);
  });
});
