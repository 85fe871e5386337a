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
  modified_at?: string | null;
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

// The timeline's records are generated from the Rust ones (`ui/src/types/`, by ts-rs; a core
// test fails when they differ from a fresh generation).
export type { Status as EventStatus } from "./types/Status";
export type { Granularity } from "./types/Granularity";
export type { DateBasis } from "./types/DateBasis";
export type { Change } from "./types/Change";
export type { EventSource } from "./types/EventSource";
export type { EventChange } from "./types/EventChange";
export type { TimelineEvent } from "./types/TimelineEvent";
export type { Timeline } from "./types/Timeline";
export type { ChangedEvent } from "./types/ChangedEvent";
import type { SnapshotChanges } from "./types/SnapshotChanges";
export type Changes = SnapshotChanges;
export type { Qualifier } from "./types/Qualifier";
export type { ValueChange } from "./types/ValueChange";
export type { FigureValue } from "./types/FigureValue";
export type { Figure } from "./types/Figure";
export type { FigureChange } from "./types/FigureChange";
export type { StoryFigures } from "./types/StoryFigures";

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

/** `preview_url`: what a fetched page would be stored as. */
export interface UrlPreview {
  url: string;
  article_url: string;
  title: string;
  outlet: string | null;
  published_at: string | null;
  modified_at: string | null;
  word_count: number;
  text: string;
}

export interface AddUrlArgs {
  story: string;
  url: string;
  title?: string;
  outlet?: string;
  published?: string;
}

/** `add_url`, and each version a refresh stored. */
export interface AddedVersion extends AddResult {
  article_url: string;
  title: string;
  outlet: string | null;
  published_at: string;
  published_assumed: boolean;
  words_before: number | null;
  words_after: number;
  changes: Changes | null;
}

/** A followed page or feed. */
export interface SourceInfo {
  id: Id;
  story_id: Id;
  story_title: string;
  kind: "page" | "feed";
  url: string;
  article_id: Id | null;
  feed_id: Id | null;
  match_words: string | null;
  interval_mins: number | null;
  created_at: string;
  last_fetched: string | null;
  last_changed: string | null;
  last_error: string | null;
  last_error_kind: string | null;
  next_due: string;
  /** A page's stored versions; a feed's articles taken. */
  count: number;
}

export interface FollowArgs {
  story: string;
  url: string;
  every_mins?: number;
  match?: string;
}

export interface FollowResult {
  source: SourceInfo;
  added: AddedVersion | null;
  feed_items: number | null;
  feed_matching: number | null;
}

export interface SourceOutcome {
  source_id: Id;
  kind: string;
  url: string;
  status: "changed" | "unchanged" | "not_modified" | "error";
  error: { kind: string; message: string } | null;
  added: AddedVersion[];
  item_errors: Array<{ url: string; error: { kind: string; message: string } }>;
  next_due: string;
}

export interface RefreshReport {
  sources: SourceOutcome[];
  checked: number;
  changed: number;
  failed: number;
}
