import { describe, expect, it } from "vitest";
import { event as fixtureEvent, source } from "./fixtures";
import type { Snapshot, TimelineEvent } from "../types";
import { sourceChips } from "./sources";

const snap = (id: number, article: number, version: number, outlet: string): Snapshot => ({
  id,
  article_id: article,
  version,
  outlet,
  title: `T${id}`,
  published_at: `2026-03-0${id}T07:40:00Z`,
  captured_at: "2026-03-10T00:00:00Z",
});

describe("source chips", () => {
  const snaps = new Map([snap(1, 10, 1, "Coast Post"), snap(2, 10, 2, "Coast Post"), snap(3, 20, 1, "Ellis Herald")].map((s) => [s.id, s]));
  const event: TimelineEvent = fixtureEvent({
    id: 1,
    date: "2026-03-09",
    sources: [
      source({ snapshot_id: 1, sentence: "first sentence", start: 0, end: 1 }),
      source({ snapshot_id: 1, sentence: "second sentence of the same snapshot", start: 5, end: 9 }),
      source({ snapshot_id: 2, sentence: "again in v2", start: 0, end: 1 }),
      source({ snapshot_id: 3, sentence: "another outlet", start: 0, end: 1 }),
    ],
  });

  it("gives one chip per snapshot, opening its first sentence", () => {
    const chips = sourceChips(event, snaps);
    expect(chips.map((c) => c.source.snapshot_id)).toEqual([1, 2, 3]);
    expect(chips[0].source.sentence).toBe("first sentence");
  });

  it("tells a later version of the same article from another outlet", () => {
    const chips = sourceChips(event, snaps);
    expect(chips.map((c) => [c.outlet, c.version, c.laterVersion])).toEqual([
      ["Coast Post", 1, false],
      ["Coast Post", 2, true],
      ["Ellis Herald", 1, false],
    ]);
    expect(chips[1].published).toBe("2026-03-02T07:40:00Z");
  });
});
