// The search box: full-text search over every snapshot, results as a dropdown.

import { api } from "../api";
import type { Ctx } from "../ctx";
import { h, highlightTerms, mount, type Child } from "../dom";
import type { SearchHit } from "../types";

/** Words of a query worth marking in results (FTS operators and quotes dropped). */
export function queryTerms(q: string): string[] {
  return q
    .replace(/["()*^]/g, " ")
    .split(/\s+/)
    .filter((w) => w && !/^(AND|OR|NOT|NEAR)$/.test(w));
}

/** The snippet with its matches marked: from the core's parts when given, else by the terms. */
export function snippet(hit: SearchHit, terms: string[]): Child[] {
  if (hit.snippet_parts?.length) return hit.snippet_parts.map((p) => (p.hit ? h("mark", null, p.text) : p.text));
  return highlightTerms(hit.snippet.replace(/[«»]/g, ""), terms);
}

export function createSearch(ctx: Ctx) {
  const input = h("input", {
    type: "search",
    placeholder: "Search all snapshots  ( / )",
    attrs: { "aria-label": "Search", "data-testid": "search", autocomplete: "off" },
  });
  const results = h("div", { class: "search-results", attrs: { role: "listbox", "data-testid": "search-results" } });
  results.hidden = true;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seq = 0;
  let hits: HTMLElement[] = [];
  let sel = -1;

  const close = () => {
    results.hidden = true;
    sel = -1;
  };

  const open = (hit: SearchHit) => {
    close();
    const storyId = hit.story_id;
    const show = () => ctx.openSnapshot(hit.snapshot_id, { terms: queryTerms(input.value) });
    if (storyId !== undefined && storyId !== ctx.state.route.storyId) {
      // Navigating closes the reader, so open it once the route has changed.
      window.addEventListener("hashchange", () => setTimeout(show), { once: true });
      ctx.go({ storyId, view: "timeline" });
    } else {
      show();
    }
  };

  const run = async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) {
      close();
      return;
    }
    let found: SearchHit[];
    try {
      found = await api.search(q);
    } catch (e) {
      if (mine !== seq) return;
      mount(results, h("div", { class: "error-box" }, (e as Error).message));
      results.hidden = false;
      return;
    }
    if (mine !== seq) return;
    const terms = queryTerms(q);
    const storyTitle = (id?: number) => ctx.state.stories.find((s) => s.id === id)?.title;
    hits = found.map((hit) =>
      h("button", { class: "search-hit", attrs: { role: "option", "data-snapshot": hit.snapshot_id }, on: { click: () => open(hit) } },
        h("div", { class: "hit-title" }, hit.title?.trim() || `Snapshot #${hit.snapshot_id}`),
        h("div", { class: "hit-meta" }, [hit.story_title ?? storyTitle(hit.story_id), hit.outlet, hit.version ? `v${hit.version}` : null, `#${hit.snapshot_id}`].filter(Boolean).join(" · ")),
        h("div", { class: "hit-snippet" }, snippet(hit, terms)),
      ),
    );
    sel = -1;
    mount(results, hits.length ? hits : h("div", { class: "muted", style: { padding: "8px 10px" } }, `Nothing matches “${q}”.`));
    results.hidden = false;
  };

  input.addEventListener("input", () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), 200);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      if (sel >= 0) hits[sel]?.click();
      else void run();
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!hits.length) return;
      hits[sel]?.classList.remove("selected");
      sel = (sel + (ev.key === "ArrowDown" ? 1 : -1) + hits.length) % hits.length;
      hits[sel].classList.add("selected");
      hits[sel].scrollIntoView({ block: "nearest" });
    }
  });
  document.addEventListener("click", (ev) => {
    if (!element.contains(ev.target as Node)) close();
  });

  const element = h("div", { class: "search" }, h("span", { class: "icon" }, "⌕"), input, results);
  return {
    element,
    focus() {
      input.focus();
      input.select();
    },
    isOpen: () => !results.hidden || document.activeElement === input,
    close() {
      close();
      input.blur();
    },
  };
}
