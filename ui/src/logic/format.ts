// Formatting instants and counts for people.

import { MONTHS } from "./dates";

const SHORT_MONTHS = MONTHS.map((m) => m.slice(0, 3));

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** A date-only publication ("2026-03-10"): no time, and no time zone to convert it with. */
function dateOnly(iso: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? [+m[1], +m[2], +m[3]] : null;
}

/** "10 Mar 2026, 08:15" in the viewer's time zone (or `timeZone`); a date alone stays one. */
export function formatInstant(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return "—";
  const d = dateOnly(iso);
  if (d) return `${d[2]} ${SHORT_MONTHS[d[1] - 1]} ${d[0]}`;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const parts = zonedParts(t, timeZone);
  return `${parts.day} ${SHORT_MONTHS[parts.month - 1]} ${parts.year}, ${pad(parts.hour)}:${pad(parts.minute)}`;
}

/** "9 Mar 07:40" (the year only when it is not this year's). */
export function shortInstant(iso: string | null | undefined, now = Date.now(), timeZone?: string): string {
  if (!iso) return "—";
  const d = dateOnly(iso);
  if (d) return `${d[2]} ${SHORT_MONTHS[d[1] - 1]}${d[0] === zonedParts(now, timeZone).year ? "" : ` ${d[0]}`}`;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const p = zonedParts(t, timeZone);
  const year = p.year === zonedParts(now, timeZone).year ? "" : ` ${p.year}`;
  return `${p.day} ${SHORT_MONTHS[p.month - 1]}${year} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", then a date. */
export function relativeTime(iso: string | null | undefined, now: number): string {
  if (!iso) return "never";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 0) return formatInstant(iso);
  if (s < 45) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  if (s < 86_400 * 14) {
    const d = Math.round(s / 86_400);
    return d === 1 ? "yesterday" : `${d} days ago`;
  }
  return formatInstant(iso).replace(/, \d\d:\d\d$/, "");
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function zonedParts(t: number, timeZone?: string): ZonedParts {
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(t))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  return { year: p.year, month: p.month, day: p.day, hour: p.hour % 24, minute: p.minute, second: p.second };
}

/** Offset of `timeZone` from UTC at instant `t`, in minutes (east positive). */
export function zoneOffsetMinutes(t: number, timeZone: string): number {
  const p = zonedParts(t, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(t / 1000) * 1000) / 60_000);
}

/**
 * Wall-clock date and time in an IANA zone → RFC 3339 with the zone's offset at that moment,
 * e.g. ("2026-03-10", "08:15", "Europe/Paris") → "2026-03-10T08:15:00+01:00".
 */
export function zonedToRfc3339(date: string, time: string, timeZone: string): string {
  const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const tm = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time || "00:00");
  if (!dm || !tm) throw new Error("Give the date as YYYY-MM-DD and the time as HH:MM.");
  const wall = Date.UTC(+dm[1], +dm[2] - 1, +dm[3], +tm[1], +tm[2], +(tm[3] ?? 0));
  // The offset depends on the instant, which depends on the offset: two rounds settle it
  // (except inside a DST gap, where the later offset wins, as most calendars do).
  let off = zoneOffsetMinutes(wall, timeZone);
  off = zoneOffsetMinutes(wall - off * 60_000, timeZone);
  const sign = off < 0 ? "-" : "+";
  const a = Math.abs(off);
  const offStr = off === 0 && timeZone === "UTC" ? "Z" : `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
  return `${dm[1]}-${dm[2]}-${dm[3]}T${tm[1]}:${tm[2]}:${tm[3] ?? "00"}${offStr}`;
}

/** Today's date and the current minute in `timeZone`, as values for <input type=date/time>. */
export function nowInZone(now: number, timeZone: string): { date: string; time: string } {
  const p = zonedParts(now, timeZone);
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const zones = intl.supportedValuesOf ? intl.supportedValuesOf("timeZone") : [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}
