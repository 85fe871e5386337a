// What every view gets: the shared state and the app's few verbs.

import type { Snapshot, Story, Timeline } from "./types";

export type ViewName = "timeline" | "figures" | "snapshots" | "diff" | "add" | "sources";

export interface Route {
  storyId: number | null;
  view: ViewName;
  /** Diff: the two snapshot ids. */
  a?: number;
  b?: number;
}

export interface Highlight {
  sentence?: string;
  start?: number;
  end?: number;
  /** Search terms to mark instead of one sentence. */
  terms?: string[];
}

export interface State {
  commands: Set<string>;
  stories: Story[];
  route: Route;
  /** Data of the open story (null until loaded). */
  snapshots: Snapshot[] | null;
  timeline: Timeline | null;
  timelineError: string | null;
}

/** Keyboard actions a view handles while it is shown. */
export interface ViewKeys {
  next?(): void;
  prev?(): void;
  open?(): void;
  nextChange?(): void;
  prevChange?(): void;
}

export interface Ctx {
  state: State;
  now(): number;
  go(route: Partial<Route>): void;
  refreshStories(): Promise<void>;
  reloadStory(): Promise<void>;
  openSnapshot(id: number, highlight?: Highlight): void;
  confirm(title: string, message: string, ok: string): Promise<boolean>;
  toast(message: string, kind?: "info" | "error"): void;
  has(command: string): boolean;
  setKeys(keys: ViewKeys | null): void;
}

export function routeToHash(r: Route): string {
  if (r.storyId === null) return "#/";
  const base = `#/story/${r.storyId}/${r.view}`;
  return r.view === "diff" && r.a !== undefined && r.b !== undefined ? `${base}/${r.a}/${r.b}` : base;
}

export function hashToRoute(hash: string): Route {
  const m = /^#\/story\/(\d+)(?:\/(timeline|figures|snapshots|diff|add|sources))?(?:\/(\d+)\/(\d+))?/.exec(hash);
  if (!m) return { storyId: null, view: "timeline" };
  const r: Route = { storyId: Number(m[1]), view: (m[2] as Route["view"]) ?? "timeline" };
  if (m[3] && m[4]) {
    r.a = Number(m[3]);
    r.b = Number(m[4]);
  }
  return r;
}
