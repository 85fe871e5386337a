// Loading the open story's data (its snapshots and its timeline) into the app's state.
//
// Two rules, both about answers arriving out of order. The snapshot list is applied as soon as it
// arrives, not after the timeline (which refreshes events first and can take much longer), so
// the tab counts follow an add at once. And an answer is applied only if no newer load of the
// same story has been applied already and the user has not moved to another story: in the
// desktop app calls run on a thread pool behind one database lock, so a load asked before an add
// can answer after the reload that followed it, and would put the count back to the old value.

import type { Snapshot, Timeline } from "../types";

export interface StoryFetch {
  snapshots(): Promise<Snapshot[]>;
  /** Null when the back end has no timeline. */
  timeline: (() => Promise<Timeline>) | null;
}

export interface StoryApply {
  snapshots(list: Snapshot[]): void;
  timeline(t: Timeline | null, error: string | null): void;
}

/** The loads of the open story, newest wins whatever order the answers come in. */
export class StoryLoads {
  private started = 0;
  private story: number | null = null;
  private appliedSnapshots = 0;
  private appliedTimeline = 0;

  /**
   * Loads `storyId`'s data and hands each part to `apply` when it arrives, unless it is stale.
   * Rejects if the snapshot list fails; a failed timeline is applied as its error message.
   * Resolves to whether `storyId` is still the story being loaded (false: the user moved on).
   */
  async load(storyId: number, fetch: StoryFetch, apply: StoryApply): Promise<boolean> {
    const seq = ++this.started;
    this.story = storyId;
    const current = (applied: number) => this.story === storyId && seq > applied;
    const snaps = fetch.snapshots();
    const tl = fetch.timeline
      ? fetch.timeline().then((t) => ({ t, error: null }), (e: unknown) => ({ t: null, error: e instanceof Error ? e.message : String(e) }))
      : Promise.resolve({ t: null, error: null });
    const list = await snaps;
    if (current(this.appliedSnapshots)) {
      this.appliedSnapshots = seq;
      apply.snapshots(list);
    }
    const { t, error } = await tl;
    if (current(this.appliedTimeline)) {
      this.appliedTimeline = seq;
      apply.timeline(t, error);
    }
    return this.story === storyId;
  }
}
