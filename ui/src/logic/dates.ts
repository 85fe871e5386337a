// Event dates: the period a timeline event covers, taken from the core's record (`granularity`,
// `start`, `end`: no TIMEX3 parsing, so the UI files every event where the CLI does), labels at
// the precision the text gave, ordering. `parseTimex` reads a bare TIMEX3 value (a history
// step's earlier date), for labels.

import type { Granularity } from "../types";

export type Precision = Granularity | "unknown";

export interface TimexDate {
  value: string;
  precision: Precision;
  /** The year the period starts in (winter 2026, December 2025 to February 2026: 2025). */
  year: number | null;
  month: number | null; // 1-12
  day: number | null;
  time: string | null; // "23:40"
  /** The part of day the text gave ("morning" for `2025-12-01TMO`). */
  part: string | null;
  /** First and last instant of the period (UTC ms; the period is read in the story's own calendar). */
  start: number;
  end: number;
}

export const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const SEASONS: Record<string, [string, number, number]> = {
  SP: ["Spring", 3, 5],
  SU: ["Summer", 6, 8],
  FA: ["Autumn", 9, 11],
  AU: ["Autumn", 9, 11],
  // Winter Y is the winter whose January is in Y (December Y-1 to February Y).
  WI: ["Winter", 0, 2],
};

const DAY = 86_400_000;

const PARTS: Record<string, string> = { MO: "morning", MI: "midday", AF: "afternoon", EV: "evening", NI: "night", DT: "daytime" };

function monthStart(y: number, m: number): number {
  return Date.UTC(y, m - 1, 1);
}

/** `YYYY-MM-DD` as UTC ms, or null. */
function isoDay(s: string | undefined): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s ?? "");
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/** The period a timeline event covers, from the core's `granularity`, `start` and `end` (first
 *  and last day). Only the time of day and the part of day are read from `date`, for labels. */
export function eventDate(e: { date: string; granularity: Granularity; start: string; end: string }): TimexDate {
  const start = isoDay(e.start);
  const last = isoDay(e.end);
  if (start === null || last === null) return parseTimex(e.date);
  const s = new Date(start);
  const p = e.granularity;
  const dayLevel = p === "day" || p === "time";
  const tm = /T(\d{2}):(\d{2})/.exec(e.date);
  const pm = /T(MO|MI|AF|EV|NI|DT)$/.exec(e.date);
  const base: TimexDate = {
    value: e.date,
    precision: p,
    year: s.getUTCFullYear(),
    month: p === "month" || dayLevel ? s.getUTCMonth() + 1 : null,
    day: dayLevel ? s.getUTCDate() : null,
    time: null,
    part: pm ? PARTS[pm[1]] : null,
    start,
    end: last + DAY - 1,
  };
  if (p === "time" && tm) {
    const t = start + (Number(tm[1]) * 60 + Number(tm[2])) * 60_000;
    return { ...base, time: `${tm[1]}:${tm[2]}`, start: t, end: t + 59_999 };
  }
  return base;
}

/** ISO week number and year of the week holding `ms` (the year its Thursday falls in). */
function isoWeek(ms: number): [number, number] {
  const d = new Date(ms);
  const thursday = ms + (3 - ((d.getUTCDay() + 6) % 7)) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  return [Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1, year];
}

export function parseTimex(value: string): TimexDate {
  const v = value.trim();
  const base = { value: v, year: null, month: null, day: null, time: null, part: null } as const;
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})|T(MO|MI|AF|EV|NI|DT))?/.exec(v);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[6] !== undefined) {
      const dayStart = Date.UTC(y, mo - 1, d);
      return { ...base, precision: "day", year: y, month: mo, day: d, part: PARTS[m[6]], start: dayStart, end: dayStart + DAY - 1 };
    }
    const dayStart = Date.UTC(y, mo - 1, d);
    if (m[4] !== undefined) {
      const t = dayStart + (Number(m[4]) * 60 + Number(m[5])) * 60_000;
      return { ...base, precision: "time", year: y, month: mo, day: d, time: `${m[4]}:${m[5]}`, start: t, end: t + 59_999 };
    }
    return { ...base, precision: "day", year: y, month: mo, day: d, start: dayStart, end: dayStart + DAY - 1 };
  }
  m = /^(\d{4})-W(\d{2})/.exec(v);
  if (m) {
    const y = Number(m[1]);
    // ISO week 1 contains 4 January; weeks start on Monday.
    const jan4 = Date.UTC(y, 0, 4);
    const week1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
    const start = week1 + (Number(m[2]) - 1) * 7 * DAY;
    return { ...base, precision: "week", year: y, start, end: start + 7 * DAY - 1 };
  }
  m = /^(\d{4})-Q([1-4])/.exec(v);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return { ...base, precision: "quarter", year: y, start: monthStart(y, q * 3 - 2), end: monthStart(y, q * 3 + 1) - 1 };
  }
  m = /^(\d{4})-(SP|SU|FA|AU|WI)/.exec(v);
  if (m) {
    const y = Number(m[1]);
    const [, from, to] = SEASONS[m[2]];
    const start = monthStart(y, from);
    return { ...base, precision: "season", year: new Date(start).getUTCFullYear(), start, end: monthStart(y, to + 1) - 1 };
  }
  m = /^(\d{4})-H([12])/.exec(v);
  if (m) {
    const y = Number(m[1]);
    const first = m[2] === "1" ? 1 : 7;
    return { ...base, precision: "half", year: y, start: monthStart(y, first), end: monthStart(y, first + 6) - 1 };
  }
  m = /^(\d{3})$/.exec(v);
  if (m) {
    const y = Number(m[1]) * 10;
    return { ...base, precision: "decade", year: y, start: Date.UTC(y, 0, 1), end: Date.UTC(y + 10, 0, 1) - 1 };
  }
  m = /^(\d{4})-(\d{2})$/.exec(v);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return { ...base, precision: "month", year: y, month: mo, start: monthStart(y, mo), end: monthStart(y, mo + 1) - 1 };
  }
  m = /^(\d{4})$/.exec(v);
  if (m) {
    const y = Number(m[1]);
    return { ...base, precision: "year", year: y, start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1) - 1 };
  }
  return { ...base, precision: "unknown", start: Number.POSITIVE_INFINITY, end: Number.POSITIVE_INFINITY };
}

/** The date as a person would write it at the precision the text gave. */
export function timexLabel(t: TimexDate): string {
  switch (t.precision) {
    case "decade":
      return `${t.year}s`;
    case "year":
      return String(t.year);
    case "half":
      return `${new Date(t.start).getUTCMonth() < 6 ? "First" : "Second"} half of ${t.year}`;
    case "month":
      return `${MONTHS[t.month! - 1]} ${t.year}`;
    case "day":
    case "time": {
      const wd = WEEKDAYS[new Date(Date.UTC(t.year!, t.month! - 1, t.day!)).getUTCDay()];
      const d = `${wd} ${t.day} ${MONTHS[t.month! - 1]} ${t.year}`;
      return t.precision === "time" ? `${d}, ${t.time}` : t.part ? `${d}, ${t.part}` : d;
    }
    case "week": {
      // Week 1 of 2026 starts on 29 December 2025: named by its ISO year.
      const [week, year] = isoWeek(t.start);
      return `Week ${week} of ${year}`;
    }
    case "quarter":
      return `Q${Math.floor(new Date(t.start).getUTCMonth() / 3) + 1} ${t.year}`;
    case "season": {
      // Winter runs from December into the next year: name both years, as the core does.
      const m = new Date(t.start).getUTCMonth() + 1;
      const name = Object.values(SEASONS).find(([, from]) => from === m || (from === 0 && m === 12))?.[0] ?? "Season";
      return m === 12 ? `${name} ${t.year}–${String((t.year! + 1) % 100).padStart(2, "0")}` : `${name} ${t.year}`;
    }
    default:
      return t.value || "Undated";
  }
}

/** A short label naming the precision, shown as a hint next to vague dates. */
export function precisionHint(p: Precision): string | null {
  switch (p) {
    case "year":
      return "year only";
    case "month":
      return "month only";
    case "season":
    case "quarter":
    case "week":
    case "half":
    case "decade":
      return `${p} only`;
    default:
      return null;
  }
}

const RANK: Record<Precision, number> = {
  decade: 0, year: 1, half: 2, season: 3, quarter: 3, month: 4, week: 5, day: 6, time: 7, unknown: 8,
};

/** Chronological order; a vaguer period sorts before the more precise dates inside it. */
export function compareTimex(a: TimexDate, b: TimexDate): number {
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return RANK[a.precision] - RANK[b.precision];
}

/** Is any of this period still ahead of `now`? */
export function isFuturePeriod(t: TimexDate, now: number): boolean {
  return Number.isFinite(t.end) && t.end >= now;
}
