// Turning a story's events into the rows the timeline shows: filtered, grouped by year / month /
// day, expected future events set apart, and marked new since the user last looked.

import type { Snapshot, TimelineEvent } from "../types";
import { compareTimex, isFuturePeriod, MONTHS, parseTimex, timexLabel, type TimexDate } from "./dates";

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
}

export interface EventView {
  event: TimelineEvent;
  date: TimexDate;
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

/** Is this event new, or updated, since `lastSeen` (the highest snapshot id the user had seen)? */
export function newness(e: TimelineEvent, lastSeen: number | null): { isNew: boolean; isUpdated: boolean } {
  if (lastSeen === null) return { isNew: false, isUpdated: false };
  const isNew = e.first_seen_snapshot > lastSeen;
  const isUpdated = !isNew && e.sources.some((s) => s.snapshot_id > lastSeen);
  return { isNew, isUpdated };
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
    const date = parseTimex(event.date);
    const outlets = [...new Set(event.sources.map((s) => s.outlet?.trim() || outletOf(s.snapshot_id, snapshots)))];
    return {
      event,
      date,
      label: timexLabel(date),
      outlets,
      ...newness(event, lastSeen),
      upcoming: isUpcoming(event, date, now),
    };
  });
}

export function applyFilters(views: EventView[], f: Filters): EventView[] {
  return views.filter(
    (v) =>
      (f.statuses.size === 0 || f.statuses.has(v.event.status)) &&
      (f.outlets.size === 0 || v.outlets.some((o) => f.outlets.has(o))),
  );
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
    if (d.year !== year) {
      year = d.year;
      month = undefined;
      day = undefined;
      const key = `${prefix}y${d.year ?? "?"}`;
      headerAt.y = rows.length;
      rows.push({ kind: "year", key, label: d.year === null ? "Undated" : String(d.year), count: 0 });
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
          rows.push({ kind: "day", key: `${prefix}d${dk}`, label: timexLabel({ ...d, precision: "day" }), count: 0 });
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

/** The highest snapshot id of a story: what "last seen" records. */
export function latestSnapshotId(snapshots: Snapshot[]): number | null {
  return snapshots.reduce<number | null>((m, s) => (m === null || s.id > m ? s.id : m), null);
}

const LAST_SEEN_KEY = "storyline.lastSeen.";

export function loadLastSeen(storage: Storage, storyId: number): number | null {
  const v = storage.getItem(LAST_SEEN_KEY + storyId);
  return v === null || !/^\d+$/.test(v) ? null : Number(v);
}

export function saveLastSeen(storage: Storage, storyId: number, snapshotId: number | null): void {
  if (snapshotId === null) storage.removeItem(LAST_SEEN_KEY + storyId);
  else storage.setItem(LAST_SEEN_KEY + storyId, String(snapshotId));
}

// --- The time axis -------------------------------------------------------------------------

export interface AxisBucket {
  key: string;
  label: string;
  start: number;
  end: number;
  count: number;
  upcoming: number;
  /** Index into the rows of the first event in this bucket (for scrolling). */
  firstRow: number;
}

/** Buckets events by year, or by month when they span less than about three years. */
export function axisBuckets(rows: Row[]): { unit: "year" | "month"; buckets: AxisBucket[] } {
  const events = rows.flatMap((r, i) => (r.kind === "event" && Number.isFinite(r.view.date.start) ? [{ r, i }] : []));
  if (events.length === 0) return { unit: "year", buckets: [] };
  const starts = events.map((e) => e.r.view.date.start);
  const min = Math.min(...starts);
  const max = Math.max(...starts);
  const span = new Date(max).getUTCFullYear() - new Date(min).getUTCFullYear();
  const unit = span < 3 ? "month" : "year";
  const map = new Map<string, AxisBucket>();
  for (const { r, i } of events) {
    const d = new Date(r.view.date.start);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    const key = unit === "year" ? String(y) : `${y}-${String(m + 1).padStart(2, "0")}`;
    let b = map.get(key);
    if (!b) {
      const start = unit === "year" ? Date.UTC(y, 0, 1) : Date.UTC(y, m, 1);
      const end = unit === "year" ? Date.UTC(y + 1, 0, 1) : Date.UTC(y, m + 1, 1);
      b = { key, label: unit === "year" ? String(y) : timexLabel(parseTimex(key)), start, end, count: 0, upcoming: 0, firstRow: i };
      map.set(key, b);
    }
    b.count++;
    if (r.view.upcoming) b.upcoming++;
    // Scroll to the header above the first event so the period's heading shows.
    b.firstRow = Math.min(b.firstRow, i);
  }
  return { unit, buckets: [...map.values()].sort((a, b) => a.start - b.start) };
}

/**
 * The tick under each bucket (null = none; every `every`-th bucket is labelled). Month ticks are
 * short, so the year is added to the first label and to each label whose year differs from the
 * previous label's: the axis has slots only for months with events, so a story spanning two
 * years may have no January to carry the year, and "May, Dec, Feb" would read as out of order.
 */
export function axisTicks(unit: "year" | "month", buckets: AxisBucket[], every = 1): Array<string | null> {
  let lastYear: number | null = null;
  return buckets.map((b, i) => {
    if (i % every !== 0) return null;
    if (unit === "year") return b.label;
    const d = new Date(b.start);
    const y = d.getUTCFullYear();
    const month = MONTHS[d.getUTCMonth()].slice(0, 3);
    const label = y === lastYear ? month : `${month} ’${String(y).slice(2)}`;
    lastYear = y;
    return label;
  });
}
