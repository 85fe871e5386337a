// Checking the add-snapshot form before it goes to the core (the core checks again).

import { parseDate, parseTime } from "./pubdate";

export const MAX_BYTES = 5 * 1024 * 1024;

export interface AddForm {
  text: string;
  published: { unknown: boolean; date: string; time: string; timeZone: string };
}

export type FieldErrors = Partial<Record<"text" | "date" | "time" | "file", string>>;

export function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

export function validateText(text: string): string | null {
  if (!text.trim()) return "The article text is empty: paste the text of the article.";
  if (byteLength(text) > MAX_BYTES) return `The text is over 5 MB (${(byteLength(text) / 1048576).toFixed(1)} MB); is this really one article?`;
  if (text.includes("\u0000")) return "This looks like a binary file, not article text.";
  return null;
}

export function validatePublished(p: AddForm["published"]): FieldErrors {
  if (p.unknown) return {};
  const errors: FieldErrors = {};
  const iso = /^(\d{4})-\d{1,2}-\d{1,2}$/.exec(p.date.trim());
  if (iso && (+iso[1] < 1000 || +iso[1] > 2999)) errors.date = "The year must be between 1000 and 2999.";
  else if (!parseDate(p.date)) errors.date = "Give the date it was published, e.g. 3 Dec 2026 or 2026-12-03.";
  if (p.time.trim() && !parseTime(p.time)) errors.time = "Give the time as HH:MM (24-hour) or 8:15 pm.";
  return errors;
}

/** How the core should read a file, by its extension; null = not a supported kind. */
export function formatFor(name: string): "text" | "html" | "markdown" | null {
  const ext = name.toLowerCase().split(".").pop() ?? "";
  if (ext === "txt" || ext === "text") return "text";
  if (ext === "html" || ext === "htm") return "html";
  if (ext === "md" || ext === "markdown") return "markdown";
  return null;
}

/** A title from a file name: "mayor-speech_v2.txt" → "mayor speech v2". */
export function titleFromFileName(name: string): string {
  return name.replace(/\.[^.]+$/, "").replace(/[-_]+/g, " ").trim();
}

/** Decodes file bytes as UTF-8, refusing invalid UTF-8 (the core refuses it too). */
export function decodeUtf8(bytes: ArrayBuffer): string {
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}
