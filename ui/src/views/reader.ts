// The snapshot reader: one snapshot's text, as text, with a sentence or search terms marked.

import { api } from "../api";
import type { Ctx, Highlight } from "../ctx";
import { h, highlightTerms, mount, type Child } from "../dom";
import { formatInstant, plural } from "../logic/format";
import { locate } from "../logic/text";
import { parseTimex, timexLabel } from "../logic/dates";
import { STATUS_LABEL } from "../logic/timeline";
import type { TimelineEvent } from "../types";

let current: { close(): void } | null = null;

export function readerOpen(): boolean {
  return current !== null;
}

export function closeReader(): void {
  current?.close();
}

/** Opens a side drawer (closing any other); returns its header, actions and a token. */
function openDrawer(label: string, body: HTMLElement): { header: HTMLElement; actions: HTMLElement; me: object } {
  closeReader();
  const header = h("div", { class: "grow" });
  const actions = h("div");
  const drawer = h("div", { class: "drawer", attrs: { role: "dialog", "aria-modal": "true", "aria-label": label, "data-testid": label === "Snapshot" ? "reader" : "event-detail" } },
    h("header", null, header, h("div", { style: { flex: "1" } }), actions,
      h("button", { class: "icon-btn", title: "Close (Esc)", attrs: { "aria-label": "Close", "data-testid": "reader-close" }, on: { click: () => closeReader() } }, "✕")),
    h("div", { class: "scroll" }, body));
  const backdrop = h("div", { class: "drawer-backdrop", on: { click: () => closeReader() } });
  const previousFocus = document.activeElement as HTMLElement | null;
  const me = {
    close() {
      drawer.remove();
      backdrop.remove();
      if (current === me) current = null;
      previousFocus?.focus?.();
    },
  };
  current = me;
  document.body.append(backdrop, drawer);
  return { header, actions, me };
}

export async function openReader(ctx: Ctx, id: number, hl?: Highlight): Promise<void> {
  const body = h("div", { class: "article-text", attrs: { "data-testid": "reader-text" } }, "Loading…");
  const { header, actions, me } = openDrawer("Snapshot", body);
  try {
    const snap = await api.snapshot(id);
    if (current !== me) return;
    mount(header,
      h("h2", { attrs: { "data-testid": "reader-title" } }, snap.title?.trim() || "Untitled"),
      h("div", { class: "meta" }, [
        snap.outlet?.trim(),
        `v${snap.version}`,
        `published ${formatInstant(snap.published_at)}${snap.published_assumed ? " (assumed)" : ""}`,
        `captured ${formatInstant(snap.captured_at)}`,
        snap.word_count !== undefined ? plural(snap.word_count, "word") : null,
      ].filter(Boolean).join(" · ")),
      snap.url ? h("div", { class: "meta" }, snap.url) : null,
    );
    if (snap.version > 1 && snap.story_id !== undefined) {
      const prev = (ctx.state.snapshots ?? []).find((s) => s.article_id === snap.article_id && s.version === snap.version - 1);
      if (prev) {
        mount(actions, h("button", { class: "btn small", on: { click: () => { closeReader(); ctx.go({ view: "diff", a: prev.id, b: snap.id }); } } }, `Compare with v${prev.version}`));
      }
    }
    mount(body, ...marked(snap.text, hl));
    body.querySelector("mark")?.scrollIntoView({ block: "center" });
  } catch (e) {
    mount(body, h("div", { class: "error-box", attrs: { role: "alert" } }, (e as Error).message));
  }
}

/** An event's sources and history: which snapshot announced it, confirmed it, moved it. */
export function openEvent(ctx: Ctx, e: TimelineEvent): void {
  const snaps = new Map((ctx.state.snapshots ?? []).map((s) => [s.id, s]));
  const who = (id: number) => {
    const s = snaps.get(id);
    return s ? `${s.outlet?.trim() || "Snapshot"} v${s.version} (#${id})` : `#${id}`;
  };
  // The snapshot's own publication (a date-only one stays a date), else the event's copy.
  const when = (id: number, fallback: string | null | undefined) => formatInstant(snaps.get(id)?.published_at ?? fallback);
  const body = h("div", { class: "pad event-detail" },
    h("h4", null, "History"),
    h("ol", { class: "history" }, (e.history ?? []).map((c) =>
      h("li", null,
        h("strong", null, c.change), " by ", who(c.snapshot_id), h("span", { class: "muted" }, ` · ${when(c.snapshot_id, c.published_at)}`),
        " → ", h("span", { class: `badge ${c.status}` }, STATUS_LABEL[c.status] ?? c.status), " ", timexLabel(parseTimex(c.date)),
        c.detail ? h("div", { class: "muted" }, c.detail) : null))),
    // Counted per snapshot, as the timeline's chips and the CLI count them.
    h("h4", null, `Sources (${new Set(e.sources.map((src) => src.snapshot_id)).size})`),
    h("ul", { class: "sources" }, e.sources.map((src) =>
      h("li", null,
        h("button", { class: "source-chip", on: { click: () => ctx.openSnapshot(src.snapshot_id, src) } }, `${who(src.snapshot_id)} · ${when(src.snapshot_id, src.published_at)}`),
        h("blockquote", null, src.sentence)))),
  );
  const { header } = openDrawer("Event", body);
  mount(header,
    h("h2", null, e.text),
    h("div", { class: "meta" }, timexLabel(parseTimex(e.date)), " · ", h("span", { class: `badge ${e.status}` }, STATUS_LABEL[e.status] ?? e.status)));
}

function marked(text: string, hl?: Highlight): Child[] {
  if (!hl) return [text];
  if (hl.terms) return highlightTerms(text, hl.terms);
  const at = locate(text, hl.sentence ?? "", hl.start ?? 0, hl.end ?? 0);
  if (!at) return [text];
  return [text.slice(0, at[0]), h("mark", { attrs: { "data-testid": "highlight" } }, text.slice(at[0], at[1])), text.slice(at[1])];
}
