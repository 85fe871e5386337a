// The timeline: filters, the SVG time axis, and a virtualised list of events grouped by
// year / month / day, with expected future events set apart and new ones highlighted.

import { api } from "../api";
import { openEvent } from "./reader";
import type { Ctx } from "../ctx";
import { h, mount, s } from "../dom";
import { MONTHS, precisionHint } from "../logic/dates";
import { formatInstant, plural, shortInstant } from "../logic/format";
import {
  applyFilters,
  KEY_EVENTS,
  autoUnit,
  AXIS_UNITS,
  axisBuckets,
  axisTicks,
  type AxisUnit,
  buildRows,
  latestSnapshotId,
  STATUSES,
  STATUS_LABEL,
  viewEvents,
  type EventView,
  type Filters,
  type Row,
} from "../logic/timeline";
import { Layout } from "../logic/virtual";
import type { Id } from "../types";
import { sourceChips } from "../logic/sources";
import type { Snapshot, TimelineEvent } from "../types";

export const ROW_HEIGHT: Record<Row["kind"], number> = { year: 46, month: 34, day: 26, section: 48, event: 70 };

// Filters survive switching views within a session.
const filters: Filters = { statuses: new Set(), outlets: new Set(), key: null };
let filterStory: number | null = null;

export function renderTimeline(ctx: Ctx): HTMLElement {
  const started = performance.now();
  const { state } = ctx;
  const storyId = state.route.storyId!;
  if (!ctx.has("timeline")) {
    return h("div", { class: "pad" }, h("div", { class: "notice" }, "The timeline arrives with event extraction. Snapshots and comparisons already work."));
  }
  if (state.timelineError) {
    return h("div", { class: "pad" }, h("div", { class: "error-box", attrs: { role: "alert" } }, state.timelineError));
  }
  const timeline = state.timeline;
  const snapshots = state.snapshots ?? [];
  if (!timeline || timeline.events.length === 0) {
    return h("div", { class: "empty" },
      h("h2", null, "No events yet"),
      h("p", null, snapshots.length === 0
        ? "Add a snapshot of an article: dated sentences in it become events here."
        : "None of the snapshots so far has a dated sentence."),
      h("button", { class: "btn primary", on: { click: () => ctx.go({ view: "add" }) } }, "Add a snapshot"));
  }
  if (filterStory !== storyId) {
    filters.statuses.clear();
    filters.outlets.clear();
    filters.key = null;
    filterStory = storyId;
  }

  const byId = new Map<number, Snapshot>(snapshots.map((sn) => [sn.id, sn]));
  const lastSeen = timeline.seen_snapshot ?? null;
  // What the user sees now counts as seen next time (in every front end: the mark is stored);
  // this view still marks what is new to them.
  markSeen(storyId, latestSnapshotId(snapshots), lastSeen);
  const views = viewEvents(timeline.events, byId, lastSeen, ctx.now());

  const root = h("div", { class: "view", attrs: { "data-testid": "timeline" } });
  const list = h("div", { class: "vlist", attrs: { tabindex: "0", "aria-label": "Timeline events", "data-testid": "timeline-list" } });
  const inner = h("div", { class: "vlist-inner" });
  list.appendChild(inner);
  const axis = h("div", { class: "axis" });
  const summary = h("span", { class: "summary", attrs: { "data-testid": "timeline-summary" } });
  const toolbar = h("div", { class: "toolbar" });
  // The axis's period buttons: a narrow column beside the chart (a row of their own would cost
  // the list height).
  const zoom = h("div", { class: "axis-zoom", attrs: { role: "group", "aria-label": "Axis period" } });

  let rows: Row[] = [];
  let layout = new Layout([]);
  let selected = -1; // index into rows (an event row)
  let rendered: [number, number] = [-1, -1];
  // The axis period the user picked; null follows the story's span.
  let axisUnit: AxisUnit | null = null;

  const statusCounts = new Map<string, number>();
  const outletCounts = new Map<string, number>();
  for (const v of views) {
    statusCounts.set(v.event.status, (statusCounts.get(v.event.status) ?? 0) + 1);
    for (const o of v.outlets) outletCounts.set(o, (outletCounts.get(o) ?? 0) + 1);
  }

  function renderToolbar(): void {
    const statusChips = [...STATUSES, ...[...statusCounts.keys()].filter((k) => !(STATUSES as readonly string[]).includes(k))]
      .filter((st) => statusCounts.has(st))
      .map((st) => h("button", {
        class: { chip: true, on: filters.statuses.has(st) },
        attrs: { "aria-pressed": filters.statuses.has(st) ? "true" : "false", "data-status-filter": st },
        on: { click: () => { toggle(filters.statuses, st); update(); } },
      }, STATUS_LABEL[st] ?? st, h("span", { class: "n" }, String(statusCounts.get(st)))));
    const outlets = [...outletCounts.entries()].sort((a, b) => b[1] - a[1]);
    const outletSelect = h("select", { attrs: { "aria-label": "Filter by source", "data-testid": "source-filter" } },
      h("option", { value: "" }, `All sources (${outlets.length})`),
      outlets.map(([o, n]) => h("option", { value: o, selected: filters.outlets.has(o) }, `${o} (${n})`)));
    outletSelect.addEventListener("change", () => {
      filters.outlets.clear();
      if (outletSelect.value) filters.outlets.add(outletSelect.value);
      update();
    });
    const keyChip = h("button", {
      class: { chip: true, on: filters.key !== null },
      title: `Only the ${KEY_EVENTS} most widely told events (sources, outlets, leads, confirmations)`,
      attrs: { "aria-pressed": filters.key !== null ? "true" : "false", "data-testid": "key-events" },
      on: { click: () => { filters.key = filters.key === null ? KEY_EVENTS : null; update(); } },
    }, "Key events");
    mount(toolbar, keyChip, statusChips, outletSelect, summary, ctx.has("export") ? exportMenu(ctx, storyId) : null);
  }

  function update(): void {
    const shown = applyFilters(views, filters);
    rows = buildRows(shown);
    layout = new Layout(rows.map((r) => ROW_HEIGHT[r.kind]));
    inner.style.height = `${layout.total}px`;
    selected = -1;
    rendered = [-1, -1];
    const nNew = shown.filter((v) => v.isNew).length;
    mount(summary, `${plural(shown.length, "event")}${shown.length !== views.length ? ` of ${views.length}` : ""}`,
      nNew > 0 ? [" · ", h("span", { class: "new-count", attrs: { "data-testid": "new-count" } }, `${nNew} new since you last looked`)] : null);
    renderAxis();
    renderToolbar();
    paint(true);
  }

  function paint(force = false): void {
    const range = layout.range(list.scrollTop, list.clientHeight || 600);
    if (!force && range[0] === rendered[0] && range[1] === rendered[1]) return;
    rendered = range;
    const frag = document.createDocumentFragment();
    for (let i = range[0]; i < range[1]; i++) frag.appendChild(renderRow(rows[i], i));
    mount(inner, frag);
  }

  function renderRow(r: Row, i: number): HTMLElement {
    const style = { top: `${layout.offsets[i]}px`, height: `${ROW_HEIGHT[r.kind]}px` };
    switch (r.kind) {
      case "year":
      case "month":
      case "day":
        return h("div", { class: `row row-${r.kind}`, style, attrs: { role: "heading", "aria-level": r.kind === "year" ? 2 : r.kind === "month" ? 3 : 4 }, data: { key: r.key } },
          r.label, h("span", { class: "n" }, plural(r.count, "event")));
      case "section":
        return h("div", { class: "row row-section", style, attrs: { role: "heading", "aria-level": 2, "data-testid": "upcoming" } },
          r.label, h("span", { class: "n" }, plural(r.count, "event")));
      case "event":
        return renderEvent(r.view, i, style);
    }
  }

  function renderEvent(v: EventView, i: number, style: Record<string, string>): HTMLElement {
    const e = v.event;
    const [when, sub] = dateCell(v);
    // One chip per snapshot (an event told twice in one article is one source), as the CLI
    // counts them; a later version of an article already shown reads differently from another
    // outlet.
    const chipsOf = sourceChips(e, byId);
    const chips = chipsOf.slice(0, 3).map((c) => {
      const src = c.source;
      const when = shortInstant(c.published, ctx.now());
      const label = c.laterVersion ? `v${c.version} · ${when}` : `${c.outlet} · ${when}`;
      return h("button", {
        class: { "source-chip": true, "source-version": c.laterVersion },
        title: c.laterVersion
          ? `Version ${c.version} of the same article (${c.outlet}) — ${src.sentence}`
          : `${c.title} — ${src.sentence}`,
        attrs: { "data-snapshot": src.snapshot_id, "data-kind": c.laterVersion ? "version" : "outlet" },
        on: { click: (ev) => { ev.stopPropagation(); ctx.openSnapshot(src.snapshot_id, src); } },
      }, c.laterVersion ? h("span", { class: "ver-mark", attrs: { "aria-hidden": "true" } }, "↻ ") : null, label);
    });
    return h("div", {
      class: { row: true, event: true, selected: i === selected, "is-new": v.isNew, upcoming: v.upcoming },
      style,
      attrs: { "data-event-id": e.id, "data-status": e.status, "aria-selected": i === selected ? "true" : "false" },
      on: { click: () => select(i, false) },
    },
      h("div", { class: "event-date", title: v.label }, h("span", { class: "when" }, when), sub ? h("span", { class: "prec" }, sub) : null),
      h("div", { class: "event-body" },
        h("div", { class: "event-text", title: historyText(e) }, e.text),
        h("div", { class: "event-meta" },
          h("span", { class: `badge ${e.status}`, attrs: { "data-testid": "status" } }, STATUS_LABEL[e.status] ?? e.status),
          v.isNew ? h("span", { class: "badge new" }, "new") : v.isUpdated ? h("span", { class: "badge updated" }, "updated") : null,
          chips,
          chipsOf.length > 3 ? h("span", { class: "more", title: plural(chipsOf.length, "source") }, `+${chipsOf.length - 3} more`) : null,
          h("button", {
            class: "btn ghost small history-btn",
            title: "Sources and history",
            attrs: { "data-testid": "event-history" },
            on: { click: (ev) => { ev.stopPropagation(); openEvent(ctx, e); } },
          }, (e.history?.length ?? 0) > 1 ? `History (${e.history!.length})` : "Details"),
        ),
      ),
    );
  }

  function renderAxis(): void {
    const { unit, buckets, earlier, earlierRow } = axisBuckets(rows, axisUnit ?? autoUnit(rows));
    if (buckets.length === 0) {
      mount(axis);
      return;
    }
    // The viewBox matches the drawn width so text is not stretched.
    const W = Math.max(300, Math.round(axis.clientWidth - 40 - (zoom.offsetWidth ? zoom.offsetWidth + 8 : 56)) || 724);
    axisWidth = axis.clientWidth;
    const H = 64;
    const base = 44;
    // A linear time axis: one slot per period, empty periods included, so a quiet month shows
    // as a gap rather than disappearing.
    const slot = W / buckets.length;
    const max = Math.max(1, ...buckets.map((b) => b.count));
    const labelEvery = Math.ceil(buckets.length / Math.max(1, Math.floor(W / (unit === "year" ? 40 : unit === "month" ? 48 : 56))));
    const ticks = axisTicks(unit, buckets, labelEvery);
    const svg = s("svg", { attrs: { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `Events per ${unit}`, "data-testid": "axis", "data-unit": unit } },
      s("line", { class: "baseline", attrs: { x1: 0, x2: W, y1: base + 0.5, y2: base + 0.5 } }),
      buckets.map((b, i) => {
        const x = i * slot;
        // The first and last labels are kept inside the chart rather than cut at its edges.
        const tx = x + slot / 2;
        const anchor = tx < 16 ? "start" : tx > W - 16 ? "end" : "middle";
        const tick = ticks[i] !== null
          ? s("text", { class: "tick", attrs: { x: anchor === "start" ? x : anchor === "end" ? x + slot : tx, y: H - 6, "text-anchor": anchor } }, ticks[i])
          : null;
        if (b.count === 0) return tick ? s("g", { class: "gap", attrs: { "data-empty": b.key } }, tick) : null;
        const bh = Math.max(4, (b.count / max) * (base - 16));
        const go = () => scrollToRow(b.firstRow);
        return s("g", { class: "bucket", on: { click: go }, attrs: { "data-period": b.key } },
          s("title", null, `${b.label}: ${plural(b.count, "event")}`),
          s("rect", { class: "hit", attrs: { x, y: 0, width: Math.max(slot, 3), height: H } }),
          s("rect", { class: b.upcoming === b.count ? "bar upcoming" : "bar", attrs: { x: x + slot * 0.15, y: base - bh, width: Math.max(1, slot * 0.7), height: bh, rx: Math.min(1.5, slot * 0.3) } }),
          slot >= 14 ? s("text", { class: "count", attrs: { x: x + slot / 2, y: base - bh - 3, "text-anchor": "middle" } }, String(b.count)) : null,
          tick,
        );
      }),
    );
    mount(zoom,
      AXIS_UNITS.map((u) => h("button", {
        class: { chip: true, on: u === unit },
        attrs: { "aria-pressed": u === unit ? "true" : "false", "data-zoom": u },
        on: { click: () => { axisUnit = u; renderAxis(); } },
      }, u)),
      earlier > 0
        ? h("button", {
            class: "btn ghost small",
            title: `${plural(earlier, "earlier event")}: the axis shows the latest ${buckets.length} ${unit}s`,
            attrs: { "data-testid": "axis-earlier" },
            on: { click: () => scrollToRow(earlierRow) },
          }, `‹ ${earlier}`)
        : null);
    mount(axis, svg, zoom);
  }

  function scrollToRow(i: number): void {
    list.scrollTop = layout.offsets[i];
    paint();
    const firstEvent = rows.findIndex((r, j) => j >= i && r.kind === "event");
    if (firstEvent >= 0) select(firstEvent, false);
  }

  function select(i: number, scroll: boolean): void {
    selected = i;
    if (scroll) {
      const top = layout.offsets[i];
      const bottom = layout.offsets[i + 1];
      if (top < list.scrollTop + 40) list.scrollTop = Math.max(0, top - 80);
      else if (bottom > list.scrollTop + list.clientHeight) list.scrollTop = bottom - list.clientHeight + 20;
    }
    paint(true);
  }

  function move(dir: 1 | -1): void {
    let i = selected < 0 ? (dir === 1 ? layout.rowAt(list.scrollTop) - 1 : layout.rowAt(list.scrollTop + list.clientHeight) + 1) : selected;
    for (i += dir; i >= 0 && i < rows.length; i += dir) {
      if (rows[i].kind === "event") {
        select(i, true);
        return;
      }
    }
  }

  let axisWidth = -1;
  new ResizeObserver(() => {
    if (axis.clientWidth !== axisWidth) renderAxis();
  }).observe(axis);
  list.addEventListener("scroll", () => paint(), { passive: true });
  new ResizeObserver(() => paint()).observe(list);
  ctx.setKeys({
    next: () => move(1),
    prev: () => move(-1),
    open: () => {
      const r = rows[selected];
      if (r?.kind === "event" && r.view.event.sources[0]) {
        ctx.openSnapshot(r.view.event.sources[0].snapshot_id, r.view.event.sources[0]);
      }
    },
  });

  mount(root, toolbar, axis, list);
  update();
  // Read by the browser benchmark (ui/e2e/bench.mjs): building rows and the first window of DOM.
  performance.measure("storyline:timeline-render", { start: started });
  // Start at the first new event, if any, so "what changed" is what the user sees first.
  const firstNew = rows.findIndex((r) => r.kind === "event" && r.view.isNew);
  if (firstNew >= 0) {
    let head = firstNew;
    while (head > 0 && rows[head - 1].kind !== "event") head--;
    queueMicrotask(() => {
      list.scrollTop = layout.offsets[head];
      select(firstNew, false);
    });
  }
  return root;
}

const EXPORTS: Array<[string, string]> = [
  ["md", "Markdown"],
  ["csv", "CSV"],
  ["json", "JSON"],
  ["timelinejs", "TimelineJS 3"],
  ["ics", "Calendar (.ics)"],
  ["figures-csv", "Figures (CSV)"],
];

/** Export the whole timeline: the core renders the file, the browser saves it. */
function exportMenu(ctx: Ctx, storyId: number): HTMLElement {
  const sel = h("select", { attrs: { "aria-label": "Export the timeline", "data-testid": "export" } },
    h("option", { value: "" }, "Export…"),
    EXPORTS.map(([v, label]) => h("option", { value: v }, label)));
  sel.addEventListener("change", async () => {
    const format = sel.value;
    sel.value = "";
    if (!format) return;
    try {
      const out = await api.export(storyId, format);
      if (out.events === 0) {
        // An empty file looks like a failed export: say why instead of saving it.
        ctx.toast(format === "ics"
          ? "Nothing to export: a calendar holds expected or postponed events with a date, and this story has none."
          : format === "figures-csv"
            ? "Nothing to export: no figures were found in this story's snapshots."
            : "Nothing to export: this story has no dated events.", "error");
        return;
      }
      const title = ctx.state.stories.find((s) => s.id === storyId)?.title ?? "timeline";
      const name = `${title.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "").toLowerCase() || "timeline"}${format === "figures-csv" ? "-figures" : ""}.${out.extension}`;
      const url = URL.createObjectURL(new Blob([out.content], { type: "application/octet-stream" }));
      // Our own blob: URL, so set directly rather than through safeHref (which allows only http(s)).
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      ctx.toast(`Exported ${name}`);
    } catch (e) {
      ctx.toast((e as Error).message, "error");
    }
  });
  return sel;
}

/** The event's text and its history, one step a line, for the tooltip. */
function historyText(e: TimelineEvent): string {
  const steps = (e.history ?? []).map((c) => `${formatInstant(c.published_at)} · #${c.snapshot_id} ${c.change}${c.detail ? ` (${c.detail})` : ""}`);
  return [e.text, ...steps].join("\n");
}

/** The date column: the day header above already names the day, so show what it does not. */
function dateCell(v: EventView): [string, string | null] {
  const d = v.date;
  const dm = d.day !== null ? `${d.day} ${MONTHS[d.month! - 1].slice(0, 3)}` : "";
  switch (d.precision) {
    case "time":
      return [d.time!, dm];
    case "day":
      return [dm, d.part];
    default:
      return [v.label, precisionHint(d.precision)];
  }
}

function toggle(set: Set<string>, v: string): void {
  if (set.has(v)) set.delete(v);
  else set.add(v);
}

/** The snapshot each story was last marked seen up to in this page, so re-rendering the view
 *  (filters, resizes) does not write the same mark again. */
const marked = new Map<Id, Id>();

function markSeen(storyId: Id, latest: Id | null, seen: Id | null): void {
  if (latest === null || (seen !== null && latest <= seen) || marked.get(storyId) === latest) return;
  marked.set(storyId, latest);
  // A failed mark only means the same events show as new next time.
  api.markSeen(storyId, latest).catch(() => marked.delete(storyId));
}
