import { describe, expect, it } from "vitest";
import { event } from "./fixtures";
import type { Snapshot, Timeline } from "../types";
import { StoryLoads, type StoryApply } from "./load";

/** A promise settled by the test, to play out the order in which the back end answers. */
function later<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const snap = (id: number): Snapshot => ({ id, article_id: id, version: 1, title: `T${id}`, outlet: null, captured_at: "2026-03-10T00:00:00Z" });
const timeline = (n: number): Timeline => ({ story: { id: 1, title: "S", created_at: "2026-03-10T00:00:00Z" }, seen_snapshot: null, events: Array.from({ length: n }, (_, i) => event({ id: i, date: "2026-03-09" })) });
const flush = () => new Promise((r) => setTimeout(r, 0));

function recorder() {
  const seen: string[] = [];
  const state = { snapshots: null as Snapshot[] | null, events: null as number | null, error: null as string | null };
  const apply: StoryApply = {
    snapshots(list) {
      state.snapshots = list;
      seen.push(`snapshots:${list.length}`);
    },
    timeline(t, error) {
      state.events = t ? t.events.length : null;
      state.error = error;
      seen.push(`timeline:${t ? t.events.length : error}`);
    },
  };
  return { seen, state, apply };
}

describe("loading the open story", () => {
  it("shows the snapshot count as soon as the list arrives, before the (slower) timeline", async () => {
    const loads = new StoryLoads();
    const { seen, state, apply } = recorder();
    const snaps = later<Snapshot[]>();
    const tl = later<Timeline>();
    const done = loads.load(1, { snapshots: () => snaps.promise, timeline: () => tl.promise }, apply);
    snaps.resolve([snap(1)]);
    await flush();
    expect(state.snapshots?.length).toBe(1);
    expect(seen).toEqual(["snapshots:1"]);
    tl.resolve(timeline(2));
    await done;
    expect(seen).toEqual(["snapshots:1", "timeline:2"]);
  });

  it("never lets an older load that answers late overwrite a newer one (the count stays right after an add)", async () => {
    const loads = new StoryLoads();
    const { state, apply } = recorder();
    // Opening the story: its load asked before the add, and the back end answers it last.
    const oldSnaps = later<Snapshot[]>();
    const oldTl = later<Timeline>();
    const opening = loads.load(1, { snapshots: () => oldSnaps.promise, timeline: () => oldTl.promise }, apply);
    // The add succeeded; the reload after it answers first.
    const fresh = loads.load(1, { snapshots: async () => [snap(1)], timeline: async () => timeline(2) }, apply);
    await fresh;
    expect(state.snapshots?.length).toBe(1);
    oldSnaps.resolve([]);
    oldTl.resolve(timeline(0));
    await opening;
    expect(state.snapshots?.length).toBe(1);
    expect(state.events).toBe(2);
  });

  it("drops a load of a story the user has left", async () => {
    const loads = new StoryLoads();
    const { state, apply } = recorder();
    const first = later<Snapshot[]>();
    const a = loads.load(1, { snapshots: () => first.promise, timeline: null }, apply);
    expect(await loads.load(2, { snapshots: async () => [snap(7), snap(8)], timeline: null }, apply)).toBe(true);
    first.resolve([snap(1)]);
    expect(await a).toBe(false);
    expect(state.snapshots?.map((s) => s.id)).toEqual([7, 8]);
  });

  it("keeps the snapshots when only the timeline fails, and says why", async () => {
    const loads = new StoryLoads();
    const { state, apply } = recorder();
    await loads.load(1, { snapshots: async () => [snap(1)], timeline: () => Promise.reject(new Error("no timeline")) }, apply);
    expect(state.snapshots?.length).toBe(1);
    expect(state.events).toBeNull();
    expect(state.error).toBe("no timeline");
  });

  it("fails the load when the snapshot list fails", async () => {
    const loads = new StoryLoads();
    const { apply } = recorder();
    await expect(loads.load(1, { snapshots: () => Promise.reject(new Error("gone")), timeline: null }, apply)).rejects.toThrow("gone");
  });
});
