// Compare two snapshots: inline or side by side, coloured, with stats, next/previous change,
// and what the newer snapshot changed in the timeline.

import { CHANGE_LABEL, valueLabel } from "../logic/figures";
import { api } from "../api";
import type { Ctx } from "../ctx";
import { h, mount, type Child } from "../dom";
import { nextChange, segments, sideBySide, type Segment } from "../logic/diff";
import { plural } from "../logic/format";
import { STATUS_LABEL } from "../logic/timeline";
import type { ChangedEvent, Changes, DiffResult, Snapshot } from "../types";
import { parseTimex, timexLabel } from "../logic/dates";
import { groupArticles, snapshotLabel } from "./snapshots";

let mode: "inline" | "side" = "inline";

/** The pair to compare when none is chosen: the latest two versions of the most recently updated
 * article that has two, else the two most recent snapshots. */
export function defaultPair(snaps: Snapshot[]): [number, number] | null {
  for (const a of groupArticles(snaps)) {
    if (a.versions.length >= 2) return [a.versions[1].id, a.versions[0].id];
  }
  if (snaps.length < 2) return null;
  const byTime = [...snaps].sort((a, b) => a.captured_at.localeCompare(b.captured_at) || a.id - b.id);
  return [byTime[byTime.length - 2].id, byTime[byTime.length - 1].id];
}

export function renderDiff(ctx: Ctx): HTMLElement {
  const snaps = ctx.state.snapshots ?? [];
  const pair = ctx.state.route.a !== undefined && ctx.state.route.b !== undefined
    ? [ctx.state.route.a, ctx.state.route.b] as [number, number]
    : defaultPair(snaps);
  if (!pair) {
    return h("div", { class: "empty" }, h("h2", null, "Nothing to compare yet"),
      h("p", null, "Compare needs two snapshots. Add a new version of an article, or another article."));
  }
  const [a, b] = pair;
  const select = (value: number, label: string, testid: string) => {
    const sel = h("select", { attrs: { "aria-label": label, "data-testid": testid } },
      groupArticles(snaps).flatMap((art) => art.versions).map((s) => h("option", { value: String(s.id), selected: s.id === value }, snapshotLabel(s))));
    sel.addEventListener("change", () => {
      const from = Number(fromSel.value);
      const to = Number(toSel.value);
      ctx.go({ view: "diff", a: from, b: to });
    });
    return sel;
  };
  const fromSel = select(a, "Older snapshot", "diff-from");
  const toSel = select(b, "Newer snapshot", "diff-to");
  const stats = h("div", { class: "stats", attrs: { "data-testid": "diff-stats" } });
  const position = h("span", { class: "muted" });
  const text = h("div", { class: "diff-text pad", attrs: { "data-testid": "diff-text" } }, "Comparing…");
  const panel = h("aside", { class: "changes-panel", attrs: { "data-testid": "changes" } });
  const modeBtns = h("div", { class: "seg", attrs: { role: "group", "aria-label": "Layout" } });
  let changeEls: HTMLElement[][] = [];
  let current = -1;

  const goTo = (dir: 1 | -1) => {
    changeEls[current]?.forEach((el) => el.classList.remove("current-change"));
    current = nextChange(current, changeEls.length, dir);
    if (current < 0) return;
    changeEls[current].forEach((el) => el.classList.add("current-change"));
    changeEls[current][0].scrollIntoView({ block: "center" });
    position.textContent = `Change ${current + 1} of ${changeEls.length}`;
  };

  let result: DiffResult | null = null;
  const draw = () => {
    if (!result) return;
    const { segs, changes } = segments(result.ops);
    changeEls = Array.from({ length: changes }, () => []);
    current = -1;
    const el = (seg: Segment): Child => {
      if (seg.op === "equal") return seg.text;
      const node = h(seg.op === "insert" ? "ins" : "del", { data: { change: seg.change } }, seg.text);
      changeEls[seg.change].push(node);
      return node;
    };
    if (mode === "inline") {
      mount(text, segs.map(el));
    } else {
      const from = snaps.find((s) => s.id === result!.from);
      const to = snaps.find((s) => s.id === result!.to);
      mount(text, h("div", { class: "side", attrs: { "data-testid": "side-by-side" } },
        h("div", { class: "side-head" }, from ? snapshotLabel(from) : `#${result.from}`),
        h("div", { class: "side-head" }, to ? snapshotLabel(to) : `#${result.to}`),
        sideBySide(segs).flatMap((r) => [
          h("div", { class: { changed: r.changed } }, cell(r.left, el)),
          h("div", { class: { changed: r.changed } }, cell(r.right, el)),
        ])));
    }
    position.textContent = changes ? `${plural(changes, "change")}` : "No differences";
    mount(modeBtns, (["inline", "side"] as const).map((m) =>
      h("button", { class: { on: mode === m }, attrs: { "aria-pressed": mode === m ? "true" : "false", "data-mode": m }, on: { click: () => { mode = m; draw(); } } },
        m === "inline" ? "Inline" : "Side by side")));
  };

  (async () => {
    try {
      result = await api.diff(a, b);
      const st = result.stats;
      mount(stats,
        h("span", { class: "stat-ins" }, `+${plural(st.inserted_words, "word")}`),
        h("span", { class: "stat-del" }, `−${plural(st.deleted_words, "word")}`),
        h("span", { class: "stat-eq" }, `${st.unchanged_words.toLocaleString("en-GB")} unchanged`));
      draw();
      // Open at the first change: a long article's first screen is often all unchanged.
      if (changeEls.length > 0) goTo(1);
    } catch (e) {
      mount(text, h("div", { class: "error-box", attrs: { role: "alert" } }, (e as Error).message));
    }
  })();
  void renderChanges(ctx, b, panel);

  ctx.setKeys({ nextChange: () => goTo(1), prevChange: () => goTo(-1), next: () => goTo(1), prev: () => goTo(-1) });

  return h("div", { class: "view" },
    h("div", { class: "diff-controls" },
      h("div", null, h("label", null, "From"), fromSel),
      h("button", { class: "btn small", title: "Swap", attrs: { "aria-label": "Swap" }, on: { click: () => ctx.go({ view: "diff", a: b, b: a }) } }, "⇄"),
      h("div", null, h("label", null, "To"), toSel),
      modeBtns,
      h("button", { class: "btn small", attrs: { "data-testid": "prev-change" }, on: { click: () => goTo(-1) } }, "↑ Previous"),
      h("button", { class: "btn small", attrs: { "data-testid": "next-change" }, on: { click: () => goTo(1) } }, "↓ Next change"),
      position,
      h("div", { style: { "margin-left": "auto" } }, stats),
    ),
    h("div", { class: "diff-body" }, h("div", { class: "scroll" }, text), panel),
  );
}

async function renderChanges(ctx: Ctx, snapshotId: number, panel: HTMLElement): Promise<void> {
  const title = h("h3", null, `What snapshot #${snapshotId} changed in the timeline`);
  if (!ctx.has("changes")) {
    mount(panel, title, h("p", { class: "muted" }, "Timeline changes appear here once events are extracted."));
    return;
  }
  mount(panel, title, h("p", { class: "muted" }, "Loading…"));
  let c: Changes;
  try {
    c = await api.changes(snapshotId);
  } catch (e) {
    mount(panel, title, h("div", { class: "error-box" }, (e as Error).message));
    return;
  }
  const sections: Child[] = [];
  for (const [key, label] of [["added", "Added"], ["confirmed", "Confirmed"], ["redated", "Re-dated"], ["contradicted", "Contradicted, moved or called off"]] as const) {
    const list = c[key];
    if (!list.length) continue;
    sections.push(h("h4", null, `${label} (${list.length})`),
      h("ul", null, list.map((item) => h("li", { data: { change: item.change } }, describe(item)))));
  }
  if (c.figures?.length) {
    sections.push(h("h4", null, `Figures (${c.figures.length})`),
      h("ul", { attrs: { "data-testid": "changed-figures" } }, c.figures.map((f) => h("li", { data: { change: f.after.change } },
        h("strong", null, f.label), " ",
        f.before ? `${valueLabel(f.before)} → ${valueLabel(f.after)}` : valueLabel(f.after),
        " ", h("span", { class: `badge change-${f.after.change}` }, CHANGE_LABEL[f.after.change])))));
  }
  const d = c.diff;
  mount(panel, title,
    d ? h("p", { class: "muted" }, `Against #${d.from}: +${plural(d.inserted_words, "word")}, −${plural(d.deleted_words, "word")}.`) : null,
    sections.length ? sections : h("p", { class: "muted" }, "No events added or changed."));
}

/** A side-by-side cell: the row's segments, without the line breaks that end the paragraph. */
function cell(segs: Segment[], el: (s: Segment) => Child): Child[] {
  return segs.map((s, i) =>
    i === segs.length - 1 && s.op === "equal" ? el({ ...s, text: s.text.replace(/\n+$/, "") }) : el(s));
}

/** One changed event: its date at its precision, status, text, and what changed. */
function describe(e: ChangedEvent): Child {
  return [
    h("strong", null, timexLabel(parseTimex(e.date))),
    " ",
    h("span", { class: `badge ${e.status}` }, STATUS_LABEL[e.status] ?? e.status),
    h("div", null, e.text),
    e.detail ? h("div", { class: "muted" }, e.change === "redated" ? `was ${timexLabel(parseTimex(e.detail))}` : e.detail) : null,
  ];
}
