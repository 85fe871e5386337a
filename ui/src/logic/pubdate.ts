// The add form's publication date and time as people type them, the same in every browser
// locale ("3 Dec 2026", "December 3, 2026", "2026-12-03"; "08:15", "8.15 pm"), and the
// "Published: 2 December 2025, 10:14 GMT" line many pasted articles carry.

import { MONTHS } from "./dates";

export interface Ymd {
  y: number;
  m: number; // 1-12
  d: number;
}

const SHORT = MONTHS.map((m) => m.slice(0, 3).toLowerCase());

function month(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, "");
  if (w.length < 3) return null;
  const i = SHORT.indexOf(w.slice(0, 3));
  // "Mar", "March", "Sept" are months; "Marching" is not.
  return i >= 0 && MONTHS[i].toLowerCase().startsWith(w.replace(/^sept$/, "sep")) ? i + 1 : null;
}

function valid({ y, m, d }: Ymd): boolean {
  if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** A typed date, or null. Weekdays and ordinals are allowed ("Tue 3rd Dec 2026"). */
export function parseDate(input: string): Ymd | null {
  const s = input.trim().replace(/,/g, " ").replace(/\s+/g, " ");
  let r: Ymd | null = null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) r = { y: +m[1], m: +m[2], d: +m[3] };
  const words = s.split(" ").filter((w) => !/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$/i.test(w));
  const num = (w: string) => (/^\d{1,2}(st|nd|rd|th)?$/i.test(w) ? parseInt(w, 10) : null);
  if (!r && words.length === 3 && /^\d{4}$/.test(words[2])) {
    const [a, b] = words;
    const y = +words[2];
    // "3 Dec 2026" or "Dec 3 2026".
    if (num(a) !== null && month(b) !== null) r = { y, m: month(b)!, d: num(a)! };
    else if (month(a) !== null && num(b) !== null) r = { y, m: month(a)!, d: num(b)! };
  }
  m = r ? null : /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(s);
  if (m) r = { y: +m[1], m: +m[2], d: +m[3] };
  return r && valid(r) ? r : null;
}

/** "3 Dec 2026": how the rest of the UI writes dates. */
export function formatDate({ y, m, d }: Ymd): string {
  return `${d} ${MONTHS[m - 1].slice(0, 3)} ${y}`;
}

export function isoDate({ y, m, d }: Ymd): string {
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** A typed time as "HH:MM" (24-hour), or null: "8:15", "08.15", "8:15 pm", "20:15". */
export function parseTime(input: string): string | null {
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/i.exec(input.trim());
  if (!m || (m[2] === undefined && !m[3])) return null;
  let h = +m[1];
  const min = m[2] === undefined ? 0 : +m[2];
  if (m[3]) {
    if (h < 1 || h > 12) return null;
    const pm = m[3].toLowerCase().startsWith("p");
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}`;
}

export interface PublishedLine {
  date: Ymd;
  time: string | null;
  /** Set when the line names UTC ("GMT", "UTC", "Z"). */
  timeZone: string | null;
}

const LINE = /^[ \t]*(?:published|first published|updated|last updated|posted)(?: on)?[ \t]*:?[ \t]*(.+)$/im;

/** The publication date (and time, and UTC) from a "Published: …" line of pasted text. */
export function findPublished(text: string): PublishedLine | null {
  const m = LINE.exec(text.slice(0, 20_000));
  if (!m) return null;
  const line = m[1].trim();
  // The date is the line up to a time or a zone; try the longest prefix that parses.
  const zone = /\b(GMT|UTC|Z)\b/.test(line) ? "UTC" : null;
  const tm = /(\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|a\.m\.|p\.m\.))?)/i.exec(line);
  const datePart = (tm ? line.slice(0, tm.index) : line).replace(/\b(GMT|UTC|at)\b/gi, "").replace(/[,\s]+$/, "");
  const date = parseDate(datePart);
  if (!date) return null;
  return { date, time: tm ? parseTime(tm[1].replace(/\s+/g, " ")) : null, timeZone: zone };
}
