// The UI's one API module. Every request is a (command, args) pair handed to the core's
// `api::dispatch`: inside the Tauri window through `invoke("api", {command, args})`, in a browser
// through `POST /api/<command>` to `storyline serve`. Nothing else in the UI knows which it is.

import type { StoryFigures } from "./logic/figures";
import { invoke, isTauri } from "@tauri-apps/api/core";
import type {
  AddResult,
  AddSnapshotArgs,
  AddedVersion,
  AddUrlArgs,
  Changes,
  DiffResult,
  Exported,
  FollowArgs,
  FollowResult,
  Id,
  RefreshReport,
  SearchHit,
  Snapshot,
  SnapshotFull,
  SourceInfo,
  Story,
  Timeline,
  UrlPreview,
} from "./types";

/** An error the core reported, with its message meant for people. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly kind: string = "error",
    readonly command: string = "",
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export type Transport = (command: string, args: Record<string, unknown>) => Promise<unknown>;

/** Turns whatever a transport rejected with into an ApiError. */
export function toApiError(e: unknown, command: string): ApiError {
  if (e instanceof ApiError) return e;
  if (typeof e === "string") return new ApiError(e, "error", command);
  if (e && typeof e === "object") {
    const o = e as Record<string, unknown>;
    const inner = (o.error && typeof o.error === "object" ? o.error : o) as Record<string, unknown>;
    if (typeof inner.message === "string") {
      return new ApiError(inner.message, typeof inner.kind === "string" ? inner.kind : "error", command);
    }
    if (typeof o.error === "string") return new ApiError(o.error, "error", command);
    if (e instanceof Error) return new ApiError(e.message, "network", command);
  }
  return new ApiError(String(e), "error", command);
}

export const tauriTransport: Transport = (command, args) => invoke("api", { command, args });

export function httpTransport(base = ""): Transport {
  return async (command, args) => {
    let res: Response;
    try {
      res = await fetch(`${base}/api/${encodeURIComponent(command)}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(args),
      });
    } catch (e) {
      throw new ApiError(
        `Cannot reach storyline serve (${e instanceof Error ? e.message : String(e)}). Is it still running?`,
        "network",
        command,
      );
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) throw toApiError(body ?? `HTTP ${res.status}`, command);
    return body;
  };
}

let transport: Transport = isTauri() ? tauriTransport : httpTransport();
const listeners = new Set<(busy: number) => void>();
let inFlight = 0;

export function setTransport(t: Transport): void {
  transport = t;
}

/** Subscribe to the number of requests in flight (drives the progress bar). */
export function onBusy(fn: (busy: number) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export async function call<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
  inFlight++;
  listeners.forEach((fn) => fn(inFlight));
  try {
    return (await transport(command, args)) as T;
  } catch (e) {
    throw toApiError(e, command);
  } finally {
    inFlight--;
    listeners.forEach((fn) => fn(inFlight));
  }
}

// Typed wrappers, one per dispatch command.
export const api = {
  commands: () => call<string[]>("commands"),
  now: () => call<string>("now"),
  stories: () => call<Story[]>("stories"),
  createStory: (title: string) => call<Story>("create_story", { title }),
  renameStory: (story: Id, title: string) => call<Story>("rename_story", { story, title }),
  deleteStory: (story: Id) => call<unknown>("delete_story", { story }),
  snapshots: (story: Id) => call<Snapshot[]>("snapshots", { story }),
  snapshot: (id: Id) => call<SnapshotFull>("snapshot", { id }),
  addSnapshot: (args: AddSnapshotArgs) => call<AddResult>("add_snapshot", { ...args }),
  deleteSnapshot: (id: Id) => call<unknown>("delete_snapshot", { id }),
  diff: (from: Id, to: Id) => call<DiffResult>("diff", { from, to }),
  search: (query: string, story?: Id) => call<SearchHit[]>("search", { query, story }),
  timeline: (story: Id) => call<Timeline>("timeline", { story }),
  /** Stores that the user has looked at `story` up to `snapshot_id`: every front end then
   *  counts "new" from it (the core's `new` flag on each timeline event). */
  markSeen: (story: Id, snapshot_id: Id) => call<{ story_id: Id; snapshot_id: Id }>("mark_seen", { story, snapshot_id }),
  changes: (snapshot: Id) => call<Changes>("changes", { snapshot }),
  figures: (story: Id) => call<StoryFigures>("figures", { story }),
  export: (story: Id, format: string) => call<Exported>("export", { story, format }),
  loadDemo: () => call<{ story_id: Id; story: string }>("load_demo"),
  previewUrl: (url: string) => call<UrlPreview>("preview_url", { url }),
  addUrl: (args: AddUrlArgs) => call<AddedVersion>("add_url", { ...args }),
  follow: (args: FollowArgs) => call<FollowResult>("follow", { ...args }),
  followFeed: (args: FollowArgs) => call<FollowResult>("follow_feed", { ...args }),
  unfollow: (source: Id, story?: Id) => call<SourceInfo[]>("unfollow", { source, story }),
  sources: (story?: Id) => call<SourceInfo[]>("sources", { story }),
  refresh: (story?: Id, due = false) => call<RefreshReport>("refresh", { story, due }),
};
