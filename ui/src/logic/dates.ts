// TIMEX3 dates as the timeline gives them ("2019", "2026-03", "2026-03-09", "2026-03-09T23:40",
// "2026-Q1", "2026-W10", "2026-SU"): parsing, labels at the precision the text gave, ordering.

export type Precision = "year" | "season" | "quarter" | "month" | "week" | "day" | "time" | "unknown";

export interface TimexDate {
  value: string;
  precision: Precision;
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
    return { ...base, precision: "season", year: y, start: monthStart(y, from), end: monthStart(y, to + 1) - 1 };
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
    case "year":
      return String(t.year);
    case "month":
      return `${MONTHS[t.month! - 1]} ${t.year}`;
    case "day":
    case "time": {
      const wd = WEEKDAYS[new Date(Date.UTC(t.year!, t.month! - 1, t.day!)).getUTCDay()];
      const d = `${wd} ${t.day} ${MONTHS[t.month! - 1]} ${t.year}`;
      return t.precision === "time" ? `${d}, ${t.time}` : t.part ? `${d}, ${t.part}` : d;
    }
    case "week":
      return `Week ${t.value.slice(6, 8).replace(/^0/, "")} of ${t.year}`;
    case "quarter":
      return `Q${t.value.slice(6, 7)} ${t.year}`;
    case "season": {
      // Winter 2026 runs from December 2025: name both years, as the core does.
      const name = SEASONS[t.value.slice(5, 7)][0];
      return t.value.slice(5, 7) === "WI" ? `${name} ${t.year! - 1}–${String(t.year! % 100).padStart(2, "0")}` : `${name} ${t.year}`;
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
      return `${p} only`;
    default:
      return null;
  }
}

const RANK: Record<Precision, number> = {
  year: 0, season: 1, quarter: 1, month: 2, week: 3, day: 4, time: 5, unknown: 6,
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
