// The Figures panel: one small step chart per series (death toll, evacuated, ...), each value
// listed with its outlet and time and linked to the sentence that states it.

import { api } from "../api";
import type { Ctx } from "../ctx";
import { h, mount, s } from "../dom";
import { formatInstant } from "../logic/format";
import { CHANGE_LABEL, isDisputed, stepChart, valueLabel, type Figure, type FigureValue } from "../logic/figures";

const W = 320;
const H = 90;

export function renderFigures(ctx: Ctx): HTMLElement {
  const el = h("div", { class: "figures pad", attrs: { "data-testid": "figures" } }, h("p", { class: "muted" }, "Loading…"));
  const id = ctx.state.route.storyId;
  if (id === null) return el;
  if (!ctx.has("figures")) {
    mount(el, h("p", { class: "muted" }, "This back end does not read figures."));
    return el;
  }
  void api.figures(id).then((f) => {
    if (ctx.state.route.storyId !== id) return;
    if (!f.figures.length) {
      mount(el, h("div", { class: "empty" },
        h("h2", null, "No figures yet"),
        h("p", null, "Numbers the articles give — a death toll, people evacuated, hectares burned — appear here, followed from snapshot to snapshot.")));
      return;
    }
    const cards = f.figures.map((fig) => card(ctx, fig));
    mount(el, h("p", { class: "muted" }, `${f.figures.length} figures. Select a value to read the sentence that states it.`), cards);
  }).catch((e: Error) => {
    mount(el, h("div", { class: "error-box", attrs: { role: "alert" } }, e.message));
  });
  return el;
}

function open(ctx: Ctx, v: FigureValue): void {
  ctx.openSnapshot(v.snapshot_id, { sentence: v.sentence });
}

function card(ctx: Ctx, fig: Figure): HTMLElement {
  const chart = stepChart(fig.values, W, H);
  const svg = s("svg", {
    class: "figure-chart",
    attrs: { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": `${fig.label}: ${fig.values.map(valueLabel).join(", ")}` },
  },
  s("path", { class: "figure-line", attrs: { d: chart.path } }),
  chart.points.map((p) => s("circle", {
    class: { "figure-point": true, disputed: isDisputed(p.value.change), vague: p.value.qualifier === "vague" },
    attrs: { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: 4, "data-testid": "figure-point" },
    on: { click: () => open(ctx, p.value) },
  }, s("title", null, `${valueLabel(p.value)} — ${p.value.outlet ?? "unknown outlet"}, ${formatInstant(p.value.published_at)}`))));
  const rows = fig.values.map((v) => h("li", { class: { disputed: isDisputed(v.change) }, data: { change: v.change } },
    h("button", {
      class: "link-btn",
      title: v.sentence,
      attrs: { "data-testid": "figure-value" },
      on: { click: () => open(ctx, v) },
    }, h("strong", null, valueLabel(v))),
    " ",
    h("span", { class: "muted" }, `${v.outlet ?? "unknown outlet"}, ${formatInstant(v.published_at)}`),
    " ",
    h("span", { class: `badge change-${v.change}` }, CHANGE_LABEL[v.change]),
    h("div", { class: "figure-text" }, `“${v.text}”`),
  ));
  return h("section", { class: { "figure-card": true, disputed: fig.discrepancy }, attrs: { "data-testid": "figure-card" }, data: { measure: fig.measure } },
    h("h3", null, fig.label,
      fig.discrepancy ? h("span", { class: "badge disputed", title: "A value fell without a correction, or outlets disagreed at the same time" }, "discrepancy") : null),
    h("p", { class: "figure-path" }, fig.values.map(valueLabel).join(" → ")),
    svg,
    h("ol", { class: "figure-values" }, rows),
  );
}
