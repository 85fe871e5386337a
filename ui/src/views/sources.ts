// The story's followed pages and feeds: follow a page or a feed, see when each was last
// fetched and changed and its last error, unfollow, and "Refresh now". Nothing is fetched
// unless the user asks.

import { api } from "../api";
import type { Ctx } from "../ctx";
import { h, mount } from "../dom";
import { formatInstant } from "../logic/format";
import { autoRefreshOn, setAutoRefresh } from "../logic/schedule";
import type { RefreshReport, SourceInfo } from "../types";

export function renderSources(ctx: Ctx): HTMLElement {
  const storyId = ctx.state.route.storyId!;
  const list = h("div", { attrs: { "data-testid": "sources-list" } }, h("div", { class: "muted" }, "Loading…"));
  const report = h("div", { attrs: { "data-testid": "refresh-report", "aria-live": "polite" } });
  const formError = h("div", { attrs: { role: "alert", "data-testid": "follow-error" } });

  const url = h("input", { type: "url", placeholder: "https://… (a page or a feed)", attrs: { "data-testid": "follow-url", "aria-label": "Address to follow" } });
  const kind = h("select", { attrs: { "data-testid": "follow-kind", "aria-label": "Kind" } },
    h("option", { value: "page" }, "Page"), h("option", { value: "feed" }, "Feed (RSS, Atom, JSON)"));
  const match = h("input", { type: "text", placeholder: "Feed items with these words (optional)", attrs: { "data-testid": "follow-match", "aria-label": "Match words" } });
  const followBtn = h("button", { class: "btn primary", type: "submit", attrs: { "data-testid": "follow-submit" } }, "Follow");
  const refreshBtn = h("button", { class: "btn", type: "button", attrs: { "data-testid": "refresh-now" } }, "Refresh now");

  const when = (iso: string | null) => (iso ? formatInstant(iso) : "–");

  const row = (s: SourceInfo) => h("tr", { data: { sourceId: String(s.id) }, attrs: { "data-testid": "source-row" } },
    h("td", null, s.kind),
    h("td", { class: "url" }, s.url, s.match_words ? h("div", { class: "muted" }, `match: ${s.match_words}`) : null),
    h("td", { class: "when" }, when(s.last_fetched)),
    h("td", { class: "when" }, when(s.last_changed)),
    h("td", { class: "when" }, when(s.next_due)),
    h("td", { class: "num" }, String(s.count)),
    h("td", { class: "error", attrs: { "data-testid": "source-error" } }, s.last_error ? h("span", { class: "err", title: s.last_error }, s.last_error) : "–"),
    h("td", { class: "actions" }, h("button", {
      class: "btn small", type: "button", attrs: { "data-testid": "unfollow" },
      on: {
        click: async () => {
          if (!(await ctx.confirm("Stop following?", `Stop following ${s.url}? The articles already saved stay.`, "Unfollow"))) return;
          try {
            await api.unfollow(s.id);
            await load();
          } catch (e) {
            ctx.toast((e as Error).message, "error");
          }
        },
      },
    }, "Unfollow")));

  const load = async () => {
    try {
      const sources = await api.sources(storyId);
      mount(list, sources.length === 0
        ? h("div", { class: "notice" }, "This story follows no pages or feeds yet. Follow one above; Storyline fetches it only when you press Refresh now.")
        : h("table", { class: "versions sources" },
          h("thead", null, h("tr", null, ["Kind", "Address", "Fetched", "Changed", "Next due", "Saved", "Last error", ""].map((t) => h("th", null, t)))),
          h("tbody", null, sources.map(row))));
    } catch (e) {
      mount(list, h("div", { class: "error-box" }, (e as Error).message));
    }
  };

  const summary = (r: RefreshReport) => h("div", { class: "notice" },
    h("div", null, `${r.checked} checked, ${r.changed} changed, ${r.failed} failed.`),
    h("ul", null, r.sources.map((o) => h("li", null,
      `${o.url}: `, o.error ? h("span", { class: "err" }, o.error.message) : o.status.replace("_", " "),
      o.added.length ? h("ul", null, o.added.map((a) => h("li", null,
        `${a.title} — version ${a.version}`,
        a.words_before !== null ? `, ${a.words_before} → ${a.words_after} words` : `, ${a.words_after} words`,
        a.changes ? `, ${a.changes.added.length} new events` : ""))) : null))));

  refreshBtn.addEventListener("click", async () => {
    refreshBtn.disabled = true;
    mount(report, h("div", { class: "muted" }, "Fetching…"));
    try {
      const r = await api.refresh(storyId);
      mount(report, summary(r));
      await Promise.all([load(), ctx.reloadStory(), ctx.refreshStories()]);
    } catch (e) {
      mount(report, h("div", { class: "error-box" }, (e as Error).message));
    } finally {
      refreshBtn.disabled = false;
    }
  });

  const onFollow = async (ev: Event) => {
    ev.preventDefault();
    mount(formError);
    const u = url.value.trim();
    if (!/^https?:\/\//i.test(u)) {
      mount(formError, h("div", { class: "field-error" }, "Give an http:// or https:// address."));
      return;
    }
    followBtn.disabled = true;
    try {
      const args = { story: String(storyId), url: u, ...(match.value.trim() ? { match: match.value.trim() } : {}) };
      const r = kind.value === "feed" ? await api.followFeed(args) : await api.follow(args);
      url.value = "";
      match.value = "";
      mount(report, h("div", { class: "notice" }, r.added
        ? `Following ${r.source.url}: saved version ${r.added.version} (${r.added.title}).`
        : `Following the feed ${r.source.url}: ${r.feed_items ?? 0} items, ${r.feed_matching ?? 0} matching; Refresh now adds them.`));
      await Promise.all([load(), ctx.reloadStory(), ctx.refreshStories()]);
    } catch (e) {
      mount(formError, h("div", { class: "error-box" }, (e as Error).message));
    } finally {
      followBtn.disabled = false;
    }
  };

  // Off until the user turns it on, story by story; the app then refreshes due sources while open.
  const auto = h("input", { type: "checkbox", checked: autoRefreshOn(localStorage, storyId), attrs: { "data-testid": "auto-refresh" } });
  auto.addEventListener("change", () => setAutoRefresh(localStorage, storyId, auto.checked));

  void load();
  const form = h("form", { class: "follow-form", attrs: { novalidate: true, "data-testid": "follow-form" }, on: { submit: (ev) => void onFollow(ev) } },
    url, kind, match, followBtn, refreshBtn);
  return h("div", { class: "scroll" }, h("div", { class: "pad" }, form,
    h("label", { class: "check" }, auto, "Refresh this story's due sources every few minutes while Storyline is open"),
    formError, report, list));
}
