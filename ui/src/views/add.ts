// Add a snapshot: paste text, pick files (txt/html/md), or fetch a URL (shown for confirmation
// before it is saved, optionally followed); published date/time with time zone; errors inline;
// progress for several files.

import { api } from "../api";
import type { Ctx } from "../ctx";
import { h, mount } from "../dom";
import { decodeUtf8, formatFor, MAX_BYTES, validatePublished, validateText, type FieldErrors } from "../logic/add";
import { formatInstant, localTimeZone, nowInZone, timeZones, zonedToRfc3339 } from "../logic/format";
import { findPublished, formatDate, isoDate, parseDate, parseTime } from "../logic/pubdate";
import type { AddResult, AddSnapshotArgs, AddUrlArgs, UrlPreview } from "../types";
import { groupArticles } from "./snapshots";

type Source = "paste" | "file" | "url";
let source: Source = "paste";

export function renderAdd(ctx: Ctx): HTMLElement {
  const storyId = ctx.state.route.storyId!;
  const urlFetch = ctx.has("add_url");
  const tz = localTimeZone();
  const now = nowInZone(ctx.now(), tz);

  const field = <T extends HTMLElement>(label: string, el: T, id: string, hint?: string) => {
    el.id = id;
    const err = h("div", { class: "field-error", attrs: { "data-error-for": id, role: "alert" } });
    return { el, err, node: h("div", null, h("label", { attrs: { for: id } }, label), el, hint ? h("div", { class: "hint" }, hint) : null, err) };
  };

  const text = field("Article text", h("textarea", { placeholder: "Paste the article's text here…", attrs: { "data-testid": "add-text", spellcheck: "false" } }), "add-text");
  const files = field("Files", h("input", { type: "file", multiple: true, accept: ".txt,.text,.html,.htm,.md,.markdown", attrs: { "data-testid": "add-file" } }), "add-file", "Plain text, HTML or Markdown; several files become several snapshots.");
  const fileList = h("ul", { class: "file-list" });
  const url = field("Article address (URL)", h("input", { type: "url", placeholder: "https://…", attrs: { "data-testid": "add-url" } }), "add-url",
    "Optional. Adding the same address again makes a new version of that article.");
  const fetchUrl = field("Fetch from the web", h("input", { type: "url", placeholder: "https://…", disabled: !urlFetch, attrs: { "data-testid": "fetch-url" } }), "fetch-url",
    urlFetch ? "Storyline fetches the page and shows what it found; nothing is saved until you confirm." : "This back end cannot fetch pages; paste the text or pick a file.");
  const follow = h("input", { type: "checkbox", attrs: { "data-testid": "fetch-follow" } });
  const previewBox = h("div", { class: "preview", attrs: { "data-testid": "fetch-preview", "aria-live": "polite" } });
  // The page last fetched for confirmation, and the address it was fetched from.
  let preview: { url: string; page: UrlPreview } | null = null;
  const title = field("Title", h("input", { type: "text", placeholder: "Headline", maxLength: 500, attrs: { "data-testid": "add-title" } }), "add-title");
  const outlet = field("Outlet", h("input", { type: "text", placeholder: "e.g. City Herald", maxLength: 200, attrs: { "data-testid": "add-outlet" } }), "add-outlet");
  const articles = groupArticles(ctx.state.snapshots ?? []);
  const versionOf = field("Version of", h("select", { attrs: { "data-testid": "add-version-of" } },
    h("option", { value: "" }, "A new article (or the one with its URL)"),
    articles.map((a) => h("option", { value: String(a.versions[0].id) }, `${a.versions[0].title?.trim() || "Untitled"} (v${a.versions[0].version}, #${a.versions[0].id})`))), "add-version-of");
  // Text fields, not <input type=date/time>: those follow the browser's locale (mm/dd/yyyy,
  // 12-hour clocks) while the rest of the UI writes "3 Dec 2026".
  const today = parseDate(now.date);
  const date = field("Published on", h("input", { type: "text", value: today ? formatDate(today) : now.date, placeholder: "3 Dec 2026", attrs: { "data-testid": "add-date", autocomplete: "off" } }), "add-date");
  const time = field("at", h("input", { type: "text", value: now.time, placeholder: "HH:MM", maxLength: 12, attrs: { "data-testid": "add-time", autocomplete: "off" } }), "add-time", "Empty: the date alone.");
  const zone = field("Time zone", h("select", { attrs: { "data-testid": "add-tz" } }, timeZones().map((z) => h("option", { value: z, selected: z === tz }, z))), "add-tz");
  // A "Published: 2 December 2025, 10:14 GMT" line in pasted text fills the fields, unless
  // the user has typed in them.
  let dateTouched = false;
  for (const f of [date, time, zone]) f.el.addEventListener("input", () => (dateTouched = true));
  text.el.addEventListener("input", () => {
    if (dateTouched) return;
    const found = findPublished((text.el as HTMLTextAreaElement).value);
    if (!found) return;
    (date.el as HTMLInputElement).value = formatDate(found.date);
    (time.el as HTMLInputElement).value = found.time ?? "";
    if (found.timeZone) (zone.el as HTMLSelectElement).value = found.timeZone;
  });
  const unknown = h("input", { type: "checkbox", attrs: { "data-testid": "add-published-unknown" } });
  unknown.addEventListener("change", () => {
    for (const f of [date, time, zone]) (f.el as HTMLInputElement).disabled = unknown.checked;
  });

  const formError = h("div", { attrs: { role: "alert", "data-testid": "add-error" } });
  const result = h("div", { class: "result", attrs: { "data-testid": "add-result", "aria-live": "polite" } });
  const progress = h("div");
  const submit = h("button", { class: "btn primary", type: "submit", attrs: { "data-testid": "add-submit" } }, "Add snapshot");

  const pane = h("div");
  const tabs = h("div", { class: "source-tabs", attrs: { role: "tablist" } });
  const showSource = () => {
    mount(tabs, ([["paste", "Paste text"], ["file", "From files"], ["url", "From a URL"]] as const).map(([s, label]) =>
      h("button", {
        type: "button",
        class: { chip: true, on: source === s },
        attrs: { role: "tab", "aria-selected": source === s ? "true" : "false", "data-source": s },
        on: { click: () => { source = s; showSource(); } },
      }, label, s === "url" && !urlFetch ? h("span", { class: "n" }, "soon") : null)));
    mount(pane, source === "paste" ? [text.node, url.node] : source === "file" ? [files.node, fileList]
      : [fetchUrl.node, h("label", { class: "check" }, follow, "Follow this page: check it again on every refresh"), previewBox]);
    submit.textContent = source === "url" ? (preview ? "Save this article" : "Fetch page") : "Add snapshot";
  };
  fetchUrl.el.addEventListener("input", () => {
    preview = null;
    mount(previewBox);
    submit.textContent = "Fetch page";
  });
  showSource();

  files.el.addEventListener("change", () => {
    const list = [...((files.el as HTMLInputElement).files ?? [])];
    mount(fileList, list.map((f) => h("li", { data: { name: f.name } }, f.name, h("span", { class: "muted" }, `${(f.size / 1024).toFixed(1)} KB`))));
  });

  const setErrors = (errs: FieldErrors) => {
    for (const [key, f] of [["text", text], ["date", date], ["time", time], ["file", files]] as const) {
      f.err.textContent = errs[key] ?? "";
      f.el.classList.toggle("invalid", !!errs[key]);
    }
  };

  const common = (): { args: Omit<AddSnapshotArgs, "content">; errors: FieldErrors } => {
    const p = { unknown: unknown.checked, date: (date.el as HTMLInputElement).value, time: (time.el as HTMLInputElement).value, timeZone: (zone.el as HTMLSelectElement).value };
    const errors = validatePublished(p);
    const args: Omit<AddSnapshotArgs, "content"> = { story: String(storyId) };
    const t = (title.el as HTMLInputElement).value.trim();
    const o = (outlet.el as HTMLInputElement).value.trim();
    const v = (versionOf.el as HTMLSelectElement).value;
    if (t) args.title = t;
    if (o) args.outlet = o;
    if (v) args.version_of = Number(v);
    if (!p.unknown && Object.keys(errors).length === 0) {
      const day = isoDate(parseDate(p.date)!);
      const at = parseTime(p.time);
      // No time: the date alone, which the core keeps as a date (no made-up midnight).
      args.published = at ? zonedToRfc3339(day, at, p.timeZone) : day;
    }
    return { args, errors };
  };

  const showPreview = (p: UrlPreview) => {
    const first = p.text.split("\n\n").find((para) => para.trim()) ?? "";
    mount(previewBox, h("div", { class: "notice" },
      h("div", null, h("strong", { attrs: { "data-testid": "preview-title" } }, p.title)),
      h("div", { attrs: { "data-testid": "preview-outlet" } }, "Outlet: ", p.outlet ?? "–"),
      h("div", { attrs: { "data-testid": "preview-published" } }, "Published: ",
        p.published_at ? formatInstant(p.published_at) : "not given on the page (the date beside is used)"),
      h("div", null, `${p.word_count} words · ${p.article_url}`),
      h("p", { class: "muted" }, first.length > 400 ? `${first.slice(0, 400)}…` : first),
      h("div", { class: "hint" }, "Check the title, outlet and date, then save. Fields beside override what the page says.")));
  };

  const describe = (r: AddResult) =>
    r.unchanged
      ? `Unchanged: identical to version ${r.version} (snapshot #${r.snapshot_id}). Nothing stored.`
      : `Added snapshot #${r.snapshot_id}, version ${r.version} of its article.`;

  const after = async (last: AddResult | null) => {
    // Both at once: the tab counts and the sidebar follow the add without waiting on each other.
    await Promise.all([ctx.reloadStory(), ctx.refreshStories()]);
    if (!last) return;
    mount(result, h("div", { class: "notice" }, describe(last), " ",
      h("button", { class: "btn small", on: { click: () => ctx.go({ view: "timeline" }) } }, "See the timeline"),
      last.version > 1 && !last.unchanged ? [" ", h("button", { class: "btn small", on: { click: () => ctx.go({ view: "diff", a: undefined, b: undefined }) } }, "Compare versions")] : null));
  };

  const onSubmit = async (ev: Event) => {
    ev.preventDefault();
    mount(formError);
    mount(result);
    const { args, errors } = common();
    if (source === "url") {
      if (!urlFetch) return;
      const u = (fetchUrl.el as HTMLInputElement).value.trim();
      if (!/^https?:\/\//i.test(u)) {
        fetchUrl.err.textContent = "Give an http:// or https:// address.";
        return;
      }
      fetchUrl.err.textContent = "";
      submit.disabled = true;
      try {
        if (!preview || preview.url !== u) {
          // First step: fetch and show; the user confirms with a second click.
          const page = await api.previewUrl(u);
          preview = { url: u, page };
          showPreview(page);
          submit.textContent = "Save this article";
          return;
        }
        const req: AddUrlArgs = { story: args.story, url: u };
        if (args.title) req.title = args.title;
        if (args.outlet) req.outlet = args.outlet;
        // The page's own date wins over the form's default (now); the form fills a gap.
        if (!preview.page.published_at && args.published) req.published = args.published;
        const r = follow.checked
          ? (await api.follow({ story: args.story, url: u })).added
          : await api.addUrl(req);
        preview = null;
        mount(previewBox);
        submit.textContent = "Fetch page";
        await after(r);
      } catch (e) {
        mount(formError, h("div", { class: "error-box" }, (e as Error).message));
      } finally {
        submit.disabled = false;
      }
      return;
    }
    if (source === "paste") {
      const body = (text.el as HTMLTextAreaElement).value;
      const textErr = validateText(body);
      if (textErr) errors.text = textErr;
      setErrors(errors);
      if (Object.keys(errors).length) return;
      const u = (url.el as HTMLInputElement).value.trim();
      submit.disabled = true;
      try {
        const r = await api.addSnapshot({ ...args, content: body, format: "auto", ...(u ? { url: u } : {}) });
        (text.el as HTMLTextAreaElement).value = "";
        await after(r);
      } catch (e) {
        mount(formError, h("div", { class: "error-box" }, (e as Error).message));
      } finally {
        submit.disabled = false;
      }
      return;
    }
    // Files: one snapshot each, with progress; a bad file is reported and the rest go on.
    const list = [...((files.el as HTMLInputElement).files ?? [])];
    if (list.length === 0) errors.file = "Pick one or more .txt, .html or .md files.";
    setErrors(errors);
    if (Object.keys(errors).length) return;
    submit.disabled = true;
    const bar = h("progress", { max: list.length, value: 0 });
    const label = h("span", { class: "muted" });
    mount(progress, bar, " ", label);
    let last: AddResult | null = null;
    let failed = 0;
    for (const [i, f] of list.entries()) {
      label.textContent = `Adding ${i + 1} of ${list.length}: ${f.name}`;
      const li = fileList.querySelector(`li:nth-child(${i + 1})`);
      const mark = (cls: string, msg: string) => li?.appendChild(h("span", { class: cls }, msg));
      try {
        const format = formatFor(f.name);
        if (!format) throw new Error("not a .txt, .html or .md file");
        if (f.size > MAX_BYTES) throw new Error("over 5 MB");
        let body: string;
        try {
          body = decodeUtf8(await f.arrayBuffer());
        } catch {
          throw new Error("not valid UTF-8 text");
        }
        const err = validateText(body);
        if (err) throw new Error(err);
        const r = await api.addSnapshot({ ...args, content: body, format: format === "html" ? "html" : "text" });
        last = r;
        mark("ok", r.unchanged ? "unchanged" : `✓ #${r.snapshot_id} v${r.version}`);
      } catch (e) {
        failed++;
        mark("err", `✗ ${(e as Error).message}`);
      }
      bar.value = i + 1;
    }
    label.textContent = failed ? `Done: ${list.length - failed} added, ${failed} failed.` : `Done: ${plural(list.length)} added.`;
    submit.disabled = false;
    await after(last);
  };

  const form = h("form", { class: "form", attrs: { novalidate: true, "data-testid": "add-form" }, on: { submit: (ev) => void onSubmit(ev) } },
    h("div", { class: "form-main" }, tabs, pane),
    h("div", { class: "form-side" },
      title.node,
      outlet.node,
      versionOf.node,
      h("div", { class: "row2" }, date.node, time.node),
      zone.node,
      h("label", { class: "check" }, unknown, "Publication time unknown"),
      formError,
      h("div", { class: "actions" }, submit),
      progress,
      result,
    ),
  );
  return h("div", { class: "scroll" }, h("div", { class: "pad" }, form));
}

function plural(n: number): string {
  return n === 1 ? "1 file" : `${n} files`;
}
