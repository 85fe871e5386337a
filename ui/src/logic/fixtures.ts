// Test fixtures: timeline records shaped as the core sends them (every field of the generated
// types), with `granularity`/`start`/`end` worked out from a TIMEX3 value the way the core does.
// Used only by `*.test.ts`.

import type { EventSource, Granularity, TimelineEvent } from "../types";
import { parseTimex } from "./dates";

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function source(s: Partial<EventSource> & Pick<EventSource, "snapshot_id">): EventSource {
  return { sentence: "x", start: 0, end: 1, published_at: "2026-03-10T00:00:00Z", date_basis: "text", ...s };
}

export function event(e: Partial<TimelineEvent> & Pick<TimelineEvent, "id" | "date">): TimelineEvent {
  const t = parseTimex(e.date);
  const known = t.precision !== "unknown";
  return {
    granularity: (known ? t.precision : "day") as Granularity,
    start: known ? iso(t.start) : "",
    end: known ? iso(t.end) : "",
    status: "happened",
    date_basis: "text",
    text: "x",
    first_seen_snapshot: 1,
    new: false,
    key: 3,
    sources: [],
    history: [],
    ...e,
  };
}
