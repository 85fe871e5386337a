// The open story's title (rename in place), delete, and the view tabs.

import { api } from "../api";
import type { Ctx, ViewName } from "../ctx";
import { h, mount } from "../dom";

const TABS: Array<[ViewName, string]> = [
  ["timeline", "Timeline"],
  ["figures", "Figures"],
  ["snapshots", "Snapshots"],
  ["diff", "Compare"],
  ["add", "Add snapshot"],
  ["sources", "Sources"],
];

export function renderStoryHead(ctx: Ctx): HTMLElement {
  const { state } = ctx;
  const story = state.stories.find((s) => s.id === state.route.storyId);
  if (!story) return h("div");
  const title = h("h1", { title: story.title, attrs: { "data-testid": "story-title" } }, story.title);
  const head = h("div", { class: "story-head" });
  const error = h("span", { class: "field-error", attrs: { role: "alert" } });

  const startRename = () => {
    const input = h("input", { class: "rename-input", type: "text", value: story.title, maxLength: 200, attrs: { "aria-label": "Story title", "data-testid": "rename-input" } });
    const finish = async (save: boolean) => {
      const t = input.value.trim();
      if (save && t && t !== story.title) {
        try {
          await api.renameStory(story.id, t);
          await ctx.refreshStories();
        } catch (e) {
          error.textContent = (e as Error).message;
          input.focus();
          return;
        }
      }
      ctx.go({});
    };
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") void finish(true);
      if (ev.key === "Escape") {
        ev.stopPropagation();
        void finish(false);
      }
    });
    mount(head, input,
      h("button", { class: "btn small primary", attrs: { "data-testid": "rename-save" }, on: { click: () => void finish(true) } }, "Save"),
      h("button", { class: "btn small", on: { click: () => void finish(false) } }, "Cancel"), error);
    input.focus();
    input.select();
  };

  const del = async () => {
    const n = state.snapshots?.length ?? story.snapshots ?? 0;
    const ok = await ctx.confirm(
      `Delete “${story.title}”?`,
      `This deletes the story and its ${n === 1 ? "1 snapshot" : `${n} snapshots`} from the database. It cannot be undone.`,
      "Delete story",
    );
    if (!ok) return;
    try {
      await api.deleteStory(story.id);
      ctx.toast(`Deleted “${story.title}”.`);
      await ctx.refreshStories();
      ctx.go({ storyId: null });
    } catch (e) {
      ctx.toast((e as Error).message, "error");
    }
  };

  mount(head, title,
    h("button", { class: "btn ghost small", attrs: { "data-testid": "rename-story" }, on: { click: startRename } }, "Rename"),
    h("button", { class: "btn ghost small danger", attrs: { "data-testid": "delete-story" }, on: { click: () => void del() } }, "Delete"),
  );

  const count = (v: ViewName): string | null => {
    if (v === "snapshots" && state.snapshots) return String(state.snapshots.length);
    if (v === "timeline" && state.timeline) return String(state.timeline.events.length);
    return null;
  };
  const tabs = h("nav", { class: "tabs", attrs: { role: "tablist" } },
    TABS.map(([v, label]) => {
      const c = count(v);
      return h("button", {
        class: { tab: true, active: state.route.view === v },
        attrs: { role: "tab", "aria-selected": state.route.view === v ? "true" : "false", "data-tab": v },
        on: { click: () => ctx.go({ view: v }) },
      }, label, c !== null ? h("span", { class: "count" }, c) : null);
    }),
  );
  return h("div", null, head, tabs);
}
