// The stories sidebar: the list with counts and last update, and creating a story.

import { api } from "../api";
import type { Ctx } from "../ctx";
import { h } from "../dom";
import { plural, relativeTime } from "../logic/format";
import type { Story } from "../types";

/** When a story last moved: its latest article's publication, else its creation. */
export function lastUpdate(s: Story): string {
  return s.last_published && s.last_published > s.created_at ? s.last_published : s.created_at;
}

export function renderSidebar(ctx: Ctx): HTMLElement[] {
  const { state } = ctx;
  const input = h("input", {
    type: "text",
    placeholder: "New story title",
    maxLength: 200,
    attrs: { "aria-label": "New story title", "data-testid": "new-story-title" },
  });
  const error = h("div", { class: "field-error", attrs: { role: "alert" } });
  const create = async () => {
    const title = input.value.trim();
    if (!title) {
      error.textContent = "Give the story a title.";
      input.focus();
      return;
    }
    try {
      const story = await api.createStory(title);
      await ctx.refreshStories();
      ctx.go({ storyId: story.id, view: "add" });
    } catch (e) {
      error.textContent = (e as Error).message;
    }
  };
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") void create();
  });
  const form = h("div", { class: "new-story" }, input,
    h("button", { class: "btn", attrs: { "data-testid": "create-story" }, on: { click: () => void create() } }, "Create"));

  const now = ctx.now();
  const stories = [...state.stories].sort((a, b) =>
    lastUpdate(b).localeCompare(lastUpdate(a)),
  );
  const list = h("ul", { class: "story-list", attrs: { "data-testid": "story-list" } },
    stories.map((s) => {
      const counts = [
        s.snapshots !== undefined ? plural(s.snapshots, "snapshot") : null,
        s.articles !== undefined ? plural(s.articles, "article") : null,
        s.events !== undefined ? plural(s.events, "event") : null,
      ].filter(Boolean).join(" · ");
      return h("li", null,
        h("button", {
          class: { "story-item": true, active: s.id === state.route.storyId },
          attrs: { "aria-current": s.id === state.route.storyId ? "true" : null, "data-story-id": s.id },
          on: { click: () => ctx.go({ storyId: s.id, view: "timeline" }) },
        },
          h("div", { class: "story-title", title: s.title }, s.title),
          h("div", { class: "story-meta" }, counts || "—"),
          h("div", { class: "story-meta" }, s.last_published ? `Latest article ${relativeTime(s.last_published, now)}` : `Created ${relativeTime(s.created_at, now)}`),
        ),
      );
    }),
  );
  return [
    h("div", { class: "sidebar-head" }, h("h2", null, "Stories"), h("span", { class: "muted" }, String(stories.length))),
    form,
    h("div", { class: "new-story" }, error),
    list,
    h("div", { class: "sidebar-foot" }, "Press ", h("kbd", null, "?"), " for shortcuts"),
  ];
}
