// Snapshots: the story's articles, each with its versions (published and captured times, words).

import { api } from "../api";
import type { Ctx } from "../ctx";
import { h } from "../dom";
import { formatInstant, plural } from "../logic/format";
import type { Snapshot } from "../types";

export interface Article {
  id: number;
  versions: Snapshot[]; // newest first
}

export function groupArticles(snapshots: Snapshot[]): Article[] {
  const map = new Map<number, Snapshot[]>();
  for (const s of snapshots) {
    const list = map.get(s.article_id) ?? [];
    list.push(s);
    map.set(s.article_id, list);
  }
  const articles = [...map.entries()].map(([id, vs]) => ({ id, versions: vs.sort((a, b) => b.version - a.version) }));
  const latest = (a: Article) => a.versions[0].captured_at;
  return articles.sort((a, b) => latest(b).localeCompare(latest(a)));
}

export function snapshotLabel(s: Snapshot): string {
  const title = s.title?.trim() || "Untitled";
  const outlet = s.outlet?.trim();
  return `#${s.id} · v${s.version} · ${title}${outlet ? ` (${outlet})` : ""} · ${formatInstant(s.published_at ?? s.captured_at)}`;
}

export function renderSnapshots(ctx: Ctx): HTMLElement {
  const snaps = ctx.state.snapshots ?? [];
  let selected = -1;
  if (snaps.length === 0) {
    return h("div", { class: "empty" },
      h("h2", null, "No snapshots yet"),
      h("p", null, "A snapshot is one dated version of an article. Paste one, or pick a file."),
      h("button", { class: "btn primary", on: { click: () => ctx.go({ view: "add" }) } }, "Add a snapshot"));
  }
  const articles = groupArticles(snaps);
  const rowsEls: HTMLElement[] = [];

  const del = async (s: Snapshot) => {
    const ok = await ctx.confirm(`Delete snapshot #${s.id}?`, `Version ${s.version} of “${s.title ?? "Untitled"}” will be removed, with the events only it supports.`, "Delete snapshot");
    if (!ok) return;
    try {
      await api.deleteSnapshot(s.id);
      ctx.toast(`Deleted snapshot #${s.id}.`);
      await ctx.reloadStory();
      await ctx.refreshStories();
      ctx.go({});
    } catch (e) {
      ctx.toast((e as Error).message, "error");
    }
  };

  const cards = articles.map((a) => {
    const latest = a.versions[0];
    const url = latest.url?.trim();
    return h("section", { class: "article-card", attrs: { "data-article-id": a.id } },
      h("header", null,
        h("h3", null, latest.title?.trim() || "Untitled"),
        h("div", { class: "meta" }, [latest.outlet?.trim(), url, plural(a.versions.length, "version")].filter(Boolean).join(" · ")),
      ),
      h("table", { class: "versions" },
        h("thead", null, h("tr", null, ["Version", "Published", "Captured", "Words", ""].map((t, i) => h("th", { class: i === 3 ? "num" : "" }, t)))),
        h("tbody", null, a.versions.map((s) => {
          const prev = a.versions.find((p) => p.version < s.version);
          const tr = h("tr", { attrs: { "data-snapshot-id": s.id } },
            h("td", null, `v${s.version}`, h("span", { class: "muted" }, `  #${s.id}`)),
            h("td", null, formatInstant(s.published_at), s.published_assumed ? h("span", { class: "assumed", title: "No publication time was given; the capture time is assumed." }, "assumed") : null),
            h("td", null, formatInstant(s.captured_at)),
            h("td", { class: "num" }, s.word_count !== undefined ? s.word_count.toLocaleString("en-GB") : "—"),
            h("td", { class: "actions" },
              h("button", { class: "btn small", on: { click: () => ctx.openSnapshot(s.id) } }, "Read"),
              " ",
              prev ? h("button", { class: "btn small", attrs: { "data-testid": "diff-prev" }, on: { click: () => ctx.go({ view: "diff", a: prev.id, b: s.id }) } }, "Compare with v" + prev.version) : null,
              " ",
              h("button", { class: "btn small ghost danger", title: "Delete this snapshot", attrs: { "aria-label": `Delete snapshot ${s.id}` }, on: { click: () => void del(s) } }, "Delete"),
            ),
          );
          rowsEls.push(tr);
          return tr;
        })),
      ),
    );
  });

  const select = (i: number) => {
    rowsEls[selected]?.classList.remove("selected");
    selected = Math.max(0, Math.min(rowsEls.length - 1, i));
    rowsEls[selected].classList.add("selected");
    rowsEls[selected].scrollIntoView({ block: "nearest" });
  };
  ctx.setKeys({
    next: () => select(selected + 1),
    prev: () => select(selected - 1),
    open: () => {
      const id = Number(rowsEls[selected]?.dataset.snapshotId);
      if (id) ctx.openSnapshot(id);
    },
  });

  return h("div", { class: "scroll" }, h("div", { class: "pad", attrs: { "data-testid": "snapshots" } },
    h("p", { class: "muted" }, `${plural(articles.length, "article")}, ${plural(snaps.length, "snapshot")}, ${plural(snaps.reduce((n, s) => n + (s.word_count ?? 0), 0), "word")}.`),
    cards));
}
