// An event's sources as the timeline shows them: one chip per snapshot (the core gives one
// source per sentence, and one article can tell an event twice), marking a later version of an
// article already listed apart from another outlet.

import type { EventSource, Snapshot, TimelineEvent } from "../types";

export interface SourceChip {
  /** The snapshot's first sentence about the event (what the chip opens). */
  source: EventSource;
  outlet: string;
  title: string;
  /** The snapshot's publication time (a date-only publication stays date-only). */
  published: string | null;
  version: number;
  /** Another version of an article that an earlier chip already names. */
  laterVersion: boolean;
}

export function sourceChips(e: TimelineEvent, snapshots: Map<number, Snapshot>): SourceChip[] {
  const seen = new Set<number>();
  const articles = new Set<number>();
  const chips: SourceChip[] = [];
  for (const src of e.sources) {
    if (seen.has(src.snapshot_id)) continue;
    seen.add(src.snapshot_id);
    const snap = snapshots.get(src.snapshot_id);
    const outlet = snap?.outlet?.trim() || `Snapshot #${src.snapshot_id}`;
    const article = snap?.article_id;
    const laterVersion = article !== undefined && articles.has(article);
    if (article !== undefined) articles.add(article);
    chips.push({
      source: src,
      outlet,
      title: snap?.title ?? outlet,
      published: snap?.published_at ?? src.published_at ?? snap?.captured_at ?? null,
      version: snap?.version ?? 1,
      laterVersion,
    });
  }
  return chips;
}
