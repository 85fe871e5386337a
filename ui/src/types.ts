// JSON shapes returned by the core API (see docs/webui.md for the command list). Fields the UI can
// live without are optional so the UI degrades instead of breaking when the core grows.

export type Id = number;

/** A story as `stories` lists it (`create_story`/`rename_story` return the first three fields). */
export interface Story {
  id: Id;
  title: string;
  created_at: string;
  articles?: number;
  snapshots?: number;
  events?: number;
  /** Earliest and latest publication time of its snapshots, if any. */
  first_published?: string | null;
  last_published?: string | null;
}

export interface Snapshot {
  id: Id;
  story_id?: Id;
  article_id: Id;
  version: number;
  title?: string | null;
  outlet?: string | null;
  url?: string | null;
  published_at?: string | null;
  /** True when the publication time was not given and was assumed (e.g. the capture time). */
  published_assumed?: boolean;
  captured_at: string;
  word_count?: number;
  sha256?: string;
}

export interface SnapshotFull extends Snapshot {
  story_title?: string;
  text: string;
  has_html?: boolean;
}

export interface AddResult {
  snapshot_id: Id;
  story_id: Id;
  article_id: Id;
  version: number;
  unchanged: boolean;
}

export type DiffOpKind = "equal" | "insert" | "delete";
export interface DiffOp {
  op: DiffOpKind;
  text: string;
}
export interface DiffStats {
  inserted_words: number;
  deleted_words: number;
  unchanged_words: number;
}
export interface DiffResult {
  from: Id;
  to: Id;
  ops: DiffOp[];
  stats: DiffStats;
}

export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface SearchHit {
  snapshot_id: Id;
  story_id: Id;
  story_title?: string;
  article_id?: Id;
  version?: number;
  title?: string | null;
  outlet?: string | null;
  published_at?: string;
  /** The matching passage, matches marked «like this». */
  snippet: string;
  snippet_parts?: SnippetPart[];
}

export type EventStatus = "happened" | "expected" | "expected_then_happened" | "cancelled" | "postponed";

export interface EventSource {
  snapshot_id: Id;
  sentence: string;
  start: number;
  end: number;
  published_at?: string | null;
  outlet?: string | null;
  title?: string | null;
}

/** One step of an event's history: which snapshot reported, announced, confirmed, re-dated... */
export interface EventChange {
  snapshot_id: Id;
  published_at: string;
  change: string;
  status: string;
  date: string;
  detail?: string;
}

export interface TimelineEvent {
  id: Id;
  /** TIMEX3 value at the precision the sources gave. */
  date: string;
  granularity?: string;
  /** First and last day the date covers (ISO), from the core: the year it is filed under. */
  start?: string;
  end?: string;
  status: EventStatus | string;
  text: string;
  first_seen_snapshot: Id;
  sources: EventSource[];
  history?: EventChange[];
}

export interface Timeline {
  story: Story;
  events: TimelineEvent[];
}

/** An event as one snapshot's change left it. */
export interface ChangedEvent {
  id: Id;
  date: string;
  granularity?: string;
  status: string;
  text: string;
  change: string;
  detail?: string;
}

/** What one snapshot changed in its story's timeline (`changes`). */
export interface Changes {
  snapshot_id: Id;
  story_id: Id;
  published_at: string;
  added: ChangedEvent[];
  confirmed: ChangedEvent[];
  redated: ChangedEvent[];
  contradicted: ChangedEvent[];
  diff?: { from: Id; inserted_words: number; deleted_words: number; unchanged_words: number } | null;
}

export interface Exported {
  format: string;
  extension: string;
  content: string;
  /** How many events the file holds (0: the UI says so rather than saving an empty file). */
  events?: number;
}

export interface AddSnapshotArgs {
  /** Story title or id (as a string). */
  story: string;
  /** The article's text or HTML. */
  content: string;
  /** How to read `content`: "auto" (default), "text" or "html". */
  format?: "auto" | "text" | "html";
  title?: string;
  outlet?: string;
  url?: string;
  published?: string;
  version_of?: Id;
}
