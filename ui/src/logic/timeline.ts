// Turning a story's events into the rows the timeline shows: filtered, grouped by year / month /
// day, expected future events set apart, and marked new since the user last looked.

import type { Snapshot, TimelineEvent } from "../types";
import { compareTimex, eventDate, isFuturePeriod, MONTHS, parseTimex, timexLabel, type TimexDate } from "./dates";

export const STATUSES = ["happened", "expected", "expected_then_happened", "postponed", "cancelled"] as const;

export const STATUS_LABEL: Record<string, string> = {
  happened: "happened",
  expected: "expected",
  expected_then_happened: "expected → happened",
  postponed: "postponed",
  cancelled: "cancelled",
};

export interface Filters {
  /** Statuses to show; empty = all. */
  statuses: Set<string>;
  /** Outlets (source names) to show; empty = all. */
  outlets: Set<string>;
  /** Only the N key events (the most widely told, by the core's `key`); null = all. */
  key?: number | null;
}

/** How many events "Key events" keeps: a journalist's timeline of the story. */
export const KEY_EVENTS = 12;

export interface EventView {
  event: TimelineEvent;
  date: TimexDate;
  /** The year the event is filed under: its start's, from the core (winter 2026 → 2025). */
  groupYear: number | null;
  label: string;
  outlets: string[];
  isNew: boolean;
  /** Seen before, but a snapshot since then added a source or changed it. */
  isUpdated: boolean;
  upcoming: boolean;
}

export type Row =
  | { kind: "year"; key: string; label: string; count: number }
  | { kind: "month"; key: string; label: string; count: number }
  | { kind: "day"; key: string; label: string; count: number }
  | { kind: "section"; key: string; label: string; count: number }
  | { kind: "event"; key: string; view: EventView; index: number };

export const UNKNOWN_OUTLET = "(no outlet)";

export function outletOf(snapshotId: number, snapshots: Map<number, Snapshot>): string {
  const s = snapshots.get(snapshotId);
  return (s?.outlet && s.outlet.trim()) || UNKNOWN_OUTLET;
}

/** Is this event new, or updated, since `lastSeen` (the snapshot the user last marked seen)?
 *  Whether it changed at all is the core's call (`new`); first told after the mark is "new",
 *  otherwise "updated". */
export function newness(e: TimelineEvent, lastSeen: number | null): { isNew: boolean; isUpdated: boolean } {
  if (lastSeen === null || !e.new) return { isNew: false, isUpdated: false };
  const isNew = e.first_seen_snapshot > lastSeen;
  return { isNew, isUpdated: !isNew };
}

export function isUpcoming(e: TimelineEvent, d: TimexDate, now: number): boolean {
  return (e.status === "expected" || e.status === "postponed") && isFuturePeriod(d, now);
}

export function viewEvents(
  events: TimelineEvent[],
  snapshots: Map<number, Snapshot>,
  lastSeen: number | null,
  now: number,
): EventView[] {
  return events.map((event) => {
    const date = eventDate(event);
    const outlets = [...new Set(event.sources.map((s) => outletOf(s.snapshot_id, snapshots)))];
    return {
      event,
      date,
      groupYear: date.year,
      label: basisLabel(event, timexLabel(date)),
      outlets,
      ...newness(event, lastSeen),
      upcoming: isUpcoming(event, date, now),
    };
  });
}

export function applyFilters(views: EventView[], f: Filters): EventView[] {
  const shown = views.filter(
    (v) =>
      (f.statuses.size === 0 || f.statuses.has(v.event.status)) &&
      (f.outlets.size === 0 || v.outlets.some((o) => f.outlets.has(o))),
  );
  if (f.key === null || f.key === undefined || shown.length <= f.key) return shown;
  // The N highest scores (ties: the earlier event), kept in timeline order.
  const keep = new Set(
    shown.map((v, i) => [v.event.key, i] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, f.key)
      .map(([, i]) => i),
  );
  return shown.filter((_, i) => keep.has(i));
}

/** The date label, saying when the publication day stands in for the day it happened. */
export function basisLabel(e: TimelineEvent, label: string): string {
  if (e.date_basis !== "publication") return label;
  return e.status === "expected" ? `expected, announced ${label}` : `reported ${label}`;
}

function groupRows(views: EventView[], rows: Row[], prefix: string, start: number): void {
  let year: number | null | undefined;
  let month: string | undefined;
  let day: string | undefined;
  let i = start;
  const headerAt: Record<string, number> = {};
  const bump = (key: string) => {
    const r = rows[headerAt[key]];
    if (r && r.kind !== "event") r.count++;
  };
  for (const v of views) {
    const d = v.date;
    // A week sits under the month it starts in; other vague periods sit under their year.
    const gm = d.month ?? (d.precision === "week" ? new Date(d.start).getUTCMonth() + 1 : null);
    if (v.groupYear !== year) {
      year = v.groupYear;
      month = undefined;
      day = undefined;
      const key = `${prefix}y${year ?? "?"}`;
      headerAt.y = rows.length;
      rows.push({ kind: "year", key, label: year === null ? "Undated" : String(year), count: 0 });
    }
    bump("y");
    if (gm !== null) {
      const mk = `${d.year}-${gm}`;
      if (mk !== month) {
        month = mk;
        day = undefined;
        headerAt.m = rows.length;
        rows.push({ kind: "month", key: `${prefix}m${mk}`, label: timexLabel(parseTimex(`${d.year}-${String(gm).padStart(2, "0")}`)), count: 0 });
      }
      bump("m");
      if (d.day !== null) {
        const dk = `${mk}-${d.day}`;
        if (dk !== day) {
          day = dk;
          headerAt.d = rows.length;
          rows.push({ kind: "day", key: `${prefix}d${dk}`, label: timexLabel({ ...d, precision: "day", part: null }), count: 0 });
        }
        bump("d");
      } else {
        day = undefined;
      }
    } else {
      month = undefined;
      day = undefined;
    }
    rows.push({ kind: "event", key: `${prefix}e${v.event.id}`, view: v, index: i++ });
  }
}

/**
 * The rows of the timeline: past and present grouped by year / month / day, then the expected
 * events still ahead of `now` in their own "Expected" section.
 */
export function buildRows(views: EventView[]): Row[] {
  const sorted = [...views].sort((a, b) => compareTimex(a.date, b.date));
  const past = sorted.filter((v) => !v.upcoming);
  const ahead = sorted.filter((v) => v.upcoming);
  const rows: Row[] = [];
  groupRows(past, rows, "p", 0);
  if (ahead.length > 0) {
    rows.push({ kind: "section", key: "upcoming", label: "Expected — still ahead", count: ahead.length });
    groupRows(ahead, rows, "u", past.length);
  }
  return rows;
}

/** The highest snapshot id of a story: what the timeline marks seen. */
export function latestSnapshotId(snapshots: Snapshot[]): number | null {
  return snapshots.reduce<number | null>((m, s) => (m === null || s.id > m ? s.id : m), null);
}

// --- The time axis -------------------------------------------------------------------------

export interface AxisBucket {
  key: string;
  label: string;
  start: number;
  end: number;
  count: number;
  upcoming: number;
  /** Index into the rows of the first event in this bucket (for scrolling); -1 when empty. */
  firstRow: number;
}

export type AxisUnit = "year" | "month" | "week" | "day";
export const AXIS_UNITS: AxisUnit[] = ["day", "week", "month", "year"];

/** Most slots an axis draws; a longer span keeps its latest periods (see `earlier`). */
export const MAX_SLOTS = 800;

const DAY_MS = 86_400_000;

/** The start of the period of `unit` that contains `t` (UTC; weeks start on Monday). */
export function periodStart(t: number, unit: AxisUnit): number {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  switch (unit) {
    case "year":
      return Date.UTC(y, 0, 1);
    case "month":
      return Date.UTC(y, d.getUTCMonth(), 1);
    case "week": {
      const day = Date.UTC(y, d.getUTCMonth(), d.getUTCDate());
      return day - ((d.getUTCDay() + 6) % 7) * DAY_MS;
    }
    case "day":
      return Date.UTC(y, d.getUTCMonth(), d.getUTCDate());
  }
}

/** The start of the period after the one starting at `start`. */
export function nextPeriod(start: number, unit: AxisUnit): number {
  const d = new Date(start);
  switch (unit) {
    case "year":
      return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
    case "month":
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    case "week":
      return start + 7 * DAY_MS;
    case "day":
      return start + DAY_MS;
  }
}

function periodKey(start: number, unit: AxisUnit): string {
  const d = new Date(start);
  const y = String(d.getUTCFullYear());
  const m = String(d.getUTCMonth() + 1).padStart(2, "0");
  const day = String(d.getUTCDate()).padStart(2, "0");
  return unit === "year" ? y : unit === "month" ? `${y}-${m}` : unit === "week" ? `${y}-${m}-${day}w` : `${y}-${m}-${day}`;
}

function periodLabel(start: number, unit: AxisUnit): string {
  const d = new Date(start);
  const dm = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()].slice(0, 3)} ${d.getUTCFullYear()}`;
  switch (unit) {
    case "year":
      return String(d.getUTCFullYear());
    case "month":
      return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    case "week":
      return `Week of ${dm}`;
    case "day":
      return dm;
  }
}

/** The unit an axis opens with: months for a span under about three years, else years. */
export function autoUnit(rows: Row[]): AxisUnit {
  const starts = rows.flatMap((r) => (r.kind === "event" && Number.isFinite(r.view.date.start) ? [r.view.date.start] : []));
  if (starts.length === 0) return "year";
  const span = new Date(Math.max(...starts)).getUTCFullYear() - new Date(Math.min(...starts)).getUTCFullYear();
  return span < 3 ? "month" : "year";
}

/**
 * A real time axis: one slot per period of `unit` from the first event to the last, empty
 * periods included, so gaps in the story show as gaps. Past `maxSlots` periods the axis keeps
 * the latest ones; `earlier` counts the events before them and `earlierRow` is the first.
 */
export function axisBuckets(
  rows: Row[],
  unit: AxisUnit = autoUnit(rows),
  maxSlots = MAX_SLOTS,
): { unit: AxisUnit; buckets: AxisBucket[]; earlier: number; earlierRow: number } {
  const events = rows.flatMap((r, i) => (r.kind === "event" && Number.isFinite(r.view.date.start) ? [{ r, i }] : []));
  if (events.length === 0) return { unit, buckets: [], earlier: 0, earlierRow: -1 };
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const { r } of events) {
    first = Math.min(first, r.view.date.start);
    last = Math.max(last, r.view.date.start);
  }
  // Walk back from the last period so a long span keeps its latest `maxSlots`.
  const starts: number[] = [];
  for (let p = periodStart(last, unit); starts.length < maxSlots; ) {
    starts.push(p);
    if (p <= first) break;
    const d = new Date(p);
    p = periodStart(unit === "day" || unit === "week" ? p - DAY_MS : Date.UTC(d.getUTCFullYear(), unit === "month" ? d.getUTCMonth() - 1 : -1, 1), unit);
  }
  starts.reverse();
  const buckets: AxisBucket[] = starts.map((start) => ({
    key: periodKey(start, unit),
    label: periodLabel(start, unit),
    start,
    end: nextPeriod(start, unit),
    count: 0,
    upcoming: 0,
    firstRow: -1,
  }));
  const index = new Map(buckets.map((b, i) => [b.start, i]));
  let earlier = 0;
  let earlierRow = -1;
  for (const { r, i } of events) {
    const b = buckets[index.get(periodStart(r.view.date.start, unit)) ?? -1];
    if (!b) {
      earlier++;
      if (earlierRow < 0 || i < earlierRow) earlierRow = i;
      continue;
    }
    b.count++;
    if (r.view.upcoming) b.upcoming++;
    // Scroll to the first event in the list that falls in the period.
    if (b.firstRow < 0 || i < b.firstRow) b.firstRow = i;
  }
  return { unit, buckets, earlier, earlierRow };
}

/**
 * The tick under each bucket (null = none; every `every`-th bucket is labelled). Short ticks
 * carry the year on the first label and wherever it changes ("May ’25", "Dec", "Feb ’26"), so
 * an axis without a January still reads in order.
 */
export function axisTicks(unit: AxisUnit, buckets: AxisBucket[], every = 1): Array<string | null> {
  let lastYear: number | null = null;
  return buckets.map((b, i) => {
    if (i % every !== 0) return null;
    if (unit === "year") return b.label;
    const d = new Date(b.start);
    const y = d.getUTCFullYear();
    const month = MONTHS[d.getUTCMonth()].slice(0, 3);
    const short = unit === "month" ? month : `${d.getUTCDate()} ${month}`;
    const label = y === lastYear ? short : `${short} ’${String(y).slice(2)}`;
    lastYear = y;
    return label;
  });
}
