// The app shell: top bar (search, theme), stories sidebar, the open story's tabs, the snapshot
// reader, dialogs and keyboard shortcuts. Views live in views/.

import "./styles.css";
import { api, onBusy } from "./api";
import { hashToRoute, routeToHash, type Ctx, type Highlight, type Route, type State, type ViewKeys } from "./ctx";
import { h, mount } from "./dom";
import { actionFor } from "./logic/keys";
import { StoryLoads } from "./logic/load";
import { lastUpdate, renderSidebar } from "./views/sidebar";
import { renderStoryHead } from "./views/storyhead";
import { renderTimeline } from "./views/timeline";
import { renderSnapshots } from "./views/snapshots";
import { renderDiff } from "./views/diff";
import { renderAdd } from "./views/add";
import { renderSources } from "./views/sources";
import { renderFigures } from "./views/figures";
import { AUTO_REFRESH_EVERY_MS, autoRefreshStories } from "./logic/schedule";
import { openReader, closeReader, readerOpen } from "./views/reader";
import { createSearch } from "./views/search";
import { showHelp, confirmDialog, closeDialogs, dialogOpen } from "./views/dialogs";
import { plural } from "./logic/format";

const state: State = {
  commands: new Set(),
  stories: [],
  route: hashToRoute(location.hash),
  snapshots: null,
  timeline: null,
  timelineError: null,
};

let viewKeys: ViewKeys | null = null;
// The core's clock minus ours: "now" comes from the back end so the UI agrees with it (and with
// STORYLINE_NOW in tests and demos) about which expected events are still ahead.
let clockOffset = 0;
let loadedStory: number | null = null;
const storyLoads = new StoryLoads();

const root = document.getElementById("app")!;
const progress = h("div", { class: "progress", attrs: { role: "progressbar", "aria-label": "Working" } });
const sidebarEl = h("aside", { class: "sidebar", attrs: { "aria-label": "Stories" } });
const mainEl = h("main");
const headEl = h("div");
const toastsEl = h("div", { class: "toasts", attrs: { "aria-live": "polite" } });

// --- Theme ------------------------------------------------------------------------------------
const THEME_KEY = "storyline.theme";
function applyTheme(t: string): void {
  document.documentElement.dataset.theme = t;
}
applyTheme(
  localStorage.getItem(THEME_KEY) ?? (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"),
);
const themeBtn = h("button", {
  class: "icon-btn",
  title: "Light / dark theme",
  attrs: { "aria-label": "Toggle theme", "data-testid": "theme" },
  on: {
    click: () => {
      const t = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
      localStorage.setItem(THEME_KEY, t);
      applyTheme(t);
    },
  },
}, "◐");

// --- Context ----------------------------------------------------------------------------------
const ctx: Ctx = {
  state,
  now: () => Date.now() + clockOffset,
  go(r: Partial<Route>) {
    const next: Route = { ...state.route, ...r };
    if (r.view && r.view !== "diff" && !("a" in r)) {
      delete next.a;
      delete next.b;
    }
    if (r.storyId !== undefined && r.storyId !== state.route.storyId && !r.view) next.view = "timeline";
    const hash = routeToHash(next);
    if (location.hash !== hash) location.hash = hash;
    else void route();
  },
  async refreshStories() {
    state.stories = await api.stories();
    renderChrome();
  },
  async reloadStory() {
    const id = state.route.storyId;
    if (id === null) return;
    // Each part shows as soon as it arrives (the tab counts follow an add at once); stale
    // answers are dropped (logic/load.ts).
    const refreshHead = () => {
      if (loadedStory === id && state.route.storyId === id) mount(headEl, renderStoryHead(ctx));
    };
    const current = await storyLoads.load(id, {
      snapshots: () => api.snapshots(id),
      timeline: ctx.has("timeline") ? () => api.timeline(id) : null,
    }, {
      snapshots(list) {
        state.snapshots = list;
        refreshHead();
      },
      timeline(t, error) {
        state.timeline = t;
        state.timelineError = error;
        refreshHead();
      },
    });
    if (current) loadedStory = id;
  },
  openSnapshot(id: number, hl?: Highlight) {
    void openReader(ctx, id, hl);
  },
  confirm: confirmDialog,
  toast(message, kind = "info") {
    const t = h("div", { class: `toast ${kind}`, attrs: { role: kind === "error" ? "alert" : "status" } }, message);
    toastsEl.appendChild(t);
    setTimeout(() => t.remove(), kind === "error" ? 6000 : 3500);
  },
  has: (c) => state.commands.has(c),
  setKeys(k) {
    viewKeys = k;
  },
};

const search = createSearch(ctx);

// --- Rendering --------------------------------------------------------------------------------
function renderChrome(): void {
  mount(sidebarEl, renderSidebar(ctx));
  mount(headEl, renderStoryHead(ctx));
}

function storyMissing(): boolean {
  return state.route.storyId !== null && !state.stories.some((s) => s.id === state.route.storyId);
}

async function route(): Promise<void> {
  state.route = hashToRoute(location.hash);
  if (state.route.storyId === null || storyMissing()) {
    if (state.stories.length > 0) {
      const first = [...state.stories].sort((a, b) => lastUpdate(b).localeCompare(lastUpdate(a)))[0];
      location.replace(routeToHash({ storyId: first.id, view: "timeline" }));
      return;
    }
    state.route = { storyId: null, view: "timeline" };
  }
  renderChrome();
  await renderMain();
}

async function renderMain(): Promise<void> {
  viewKeys = null;
  const id = state.route.storyId;
  if (id === null) {
    mount(mainEl, renderWelcome());
    return;
  }
  if (loadedStory !== id) {
    state.snapshots = null;
    state.timeline = null;
    mount(headEl, renderStoryHead(ctx));
    mount(mainEl, headEl, h("div", { class: "empty" }, "Loading…"));
    try {
      const started = performance.now();
      await ctx.reloadStory();
      performance.measure("storyline:story-load", { start: started });
    } catch (e) {
      mount(mainEl, h("div", { class: "pad" }, h("div", { class: "error-box", attrs: { role: "alert" } }, (e as Error).message)));
      return;
    }
    if (state.route.storyId !== id) return; // the user moved on meanwhile
  }
  const view = (() => {
    switch (state.route.view) {
      case "snapshots":
        return renderSnapshots(ctx);
      case "diff":
        return renderDiff(ctx);
      case "add":
        return renderAdd(ctx);
      case "sources":
        return renderSources(ctx);
      case "figures":
        return renderFigures(ctx);
      default:
        return renderTimeline(ctx);
    }
  })();
  mount(headEl, renderStoryHead(ctx));
  mount(mainEl, headEl, h("div", { class: "view", data: { view: state.route.view } }, view));
}

function renderWelcome(): HTMLElement {
  const demo = ctx.has("load_demo")
    ? h("p", null, h("button", {
        class: "btn",
        attrs: { "data-testid": "load-demo" },
        on: {
          click: async () => {
            try {
              const s = await api.loadDemo();
              await ctx.refreshStories();
              ctx.go({ storyId: s.story_id, view: "timeline" });
            } catch (e) {
              ctx.toast((e as Error).message, "error");
            }
          },
        },
      }, "Open the demo story"))
    : null;
  return h("div", { class: "empty" },
    h("h2", null, "Follow a developing story"),
    h("p", null, "Create a story in the sidebar, then add article snapshots as the story develops. Storyline finds the dates in them, builds a timeline, and shows what changed between versions."),
    demo,
  );
}

export function setBusy(n: number): void {
  progress.classList.toggle("on", n > 0);
}

let busyTimer: ReturnType<typeof setTimeout> | null = null;
onBusy((n) => {
  // Only show the bar for work that takes a moment, so quick calls do not flicker.
  if (busyTimer) clearTimeout(busyTimer);
  if (n > 0) busyTimer = setTimeout(() => setBusy(n), 120);
  else setBusy(0);
});

// --- Keyboard ---------------------------------------------------------------------------------
let pendingG = false;
document.addEventListener("keydown", (ev) => {
  const t = ev.target as HTMLElement | null;
  const inField = !!t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  // Enter on a button or link is that control's own activation, not "open the selection".
  const onControl = !!t && (t.tagName === "BUTTON" || t.tagName === "A");
  const action = ev.key === "Enter" && onControl
    ? null
    : actionFor({ key: ev.key, ctrlKey: ev.ctrlKey, metaKey: ev.metaKey, altKey: ev.altKey, inField }, pendingG);
  pendingG = !inField && ev.key === "g" && !ev.ctrlKey && !ev.metaKey && !ev.altKey;
  if (!action) return;
  if (action === "escape") {
    if (dialogOpen()) return; // <dialog> closes itself
    if (search.isOpen()) search.close();
    else if (readerOpen()) closeReader();
    else if (inField) t?.blur();
    else return;
    ev.preventDefault();
    return;
  }
  if (dialogOpen() || (readerOpen() && action !== "help")) return;
  ev.preventDefault();
  switch (action) {
    case "focus-search":
      search.focus();
      break;
    case "help":
      showHelp();
      break;
    case "next":
      viewKeys?.next?.();
      break;
    case "prev":
      viewKeys?.prev?.();
      break;
    case "open":
      viewKeys?.open?.();
      break;
    case "next-change":
      viewKeys?.nextChange?.();
      break;
    case "prev-change":
      viewKeys?.prevChange?.();
      break;
    case "view-timeline":
    case "view-figures":
    case "view-snapshots":
    case "view-diff":
    case "view-add":
      if (state.route.storyId !== null) ctx.go({ view: action.slice(5) as Route["view"] });
      break;
  }
});

// --- Start ------------------------------------------------------------------------------------
function logo(): SVGSVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "brand-mark");
  for (const [x, y, w] of [[3, 5, 10], [7, 11, 14], [3, 17, 8]]) {
    const r = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    r.setAttribute("x", String(x));
    r.setAttribute("y", String(y));
    r.setAttribute("width", String(w));
    r.setAttribute("height", "3");
    r.setAttribute("rx", "1.5");
    r.setAttribute("fill", "currentColor");
    svg.appendChild(r);
  }
  return svg;
}

mount(
  root,
  h("div", { class: "app" },
    h("header", { class: "topbar" },
      h("div", { class: "brand" }, logo(), "Storyline"),
      search.element,
      h("div", { class: "spacer" }),
      h("button", { class: "icon-btn", title: "Keyboard shortcuts (?)", attrs: { "aria-label": "Keyboard shortcuts" }, on: { click: showHelp } }, "⌨"),
      themeBtn,
      progress,
    ),
    sidebarEl,
    mainEl,
  ),
  toastsEl,
);

// Scheduled refresh, for the stories whose user turned it on in Sources (off by default).
setInterval(() => {
  for (const id of autoRefreshStories(localStorage, state.stories.map((s) => s.id))) {
    void api.refresh(id, true).then(async (r) => {
      if (r.changed === 0) return;
      const title = state.stories.find((s) => s.id === id)?.title ?? `story ${id}`;
      const versions = r.sources.reduce((n, o) => n + o.added.length, 0);
      ctx.toast(`${title}: ${versions} new ${versions === 1 ? "version" : "versions"} fetched.`);
      await ctx.refreshStories();
      if (state.route.storyId === id) await ctx.reloadStory();
    }).catch(() => { /* errors are stored on the sources and shown in the Sources panel */ });
  }
}, AUTO_REFRESH_EVERY_MS);

window.addEventListener("hashchange", () => {
  closeDialogs();
  closeReader();
  void route();
});

(async () => {
  try {
    // One round trip, not three: at start-up each call waits for the database to open. `now`
    // is asked for at once too (a back end without it answers an error, which is ignored).
    const [commands, now, stories] = await Promise.all([
      api.commands(),
      api.now().catch(() => null),
      api.stories(),
    ]);
    state.commands = new Set(commands);
    if (state.commands.has("now") && now) {
      const t = Date.parse(now);
      if (!Number.isNaN(t)) clockOffset = t - Date.now();
    }
    state.stories = stories;
  } catch (e) {
    mount(mainEl, h("div", { class: "pad" }, h("div", { class: "error-box", attrs: { role: "alert" } },
      `Storyline's API did not answer: ${(e as Error).message}`)));
    return;
  }
  await route();
  document.title = `Storyline — ${plural(state.stories.length, "story", "stories")}`;
})();
