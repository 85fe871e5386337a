// Figures: the records the `figures` command returns, and the geometry of a step chart.

import type { FigureValue, ValueChange } from "../types";

export type { Figure, FigureChange, FigureValue, Qualifier, StoryFigures, ValueChange } from "../types";

/** A value as a reader writes it: "≥40", "~2,500,000", "30–40", "dozens (24?)". */
export function valueLabel(v: FigureValue): string {
  const n = (x: number) => x.toLocaleString("en-GB", { maximumFractionDigits: 2 });
  if (v.high !== undefined && v.high !== null) return `${n(v.value)}–${n(v.high)}`;
  switch (v.qualifier) {
    case "at_least":
      return `≥${n(v.value)}`;
    case "at_most":
      return `≤${n(v.value)}`;
    case "about":
      return `~${n(v.value)}`;
    case "vague":
      return `${v.text} (~${n(v.value)})`;
    default:
      return n(v.value);
  }
}

export const CHANGE_LABEL: Record<ValueChange, string> = {
  first: "first reported",
  same: "unchanged",
  up: "up",
  down: "down",
  conflict: "lower, not corrected",
  correction: "corrected",
  differs: "other outlet differs",
  vague: "vague",
};

/** A discrepancy a reader should see marked. */
export function isDisputed(c: ValueChange): boolean {
  return c === "conflict" || c === "differs";
}

export interface ChartPoint {
  x: number;
  y: number;
  value: FigureValue;
}

export interface Chart {
  points: ChartPoint[];
  /** The step line: horizontal to each new time, then vertical to its value. */
  path: string;
  max: number;
}

/**
 * A step chart of one series in a `width` × `height` box with `pad` inside. Time runs left to
 * right (publication order; equal times are spread evenly), values bottom to top from zero.
 * Vague values are drawn as points but do not move the line.
 */
export function stepChart(values: FigureValue[], width: number, height: number, pad = 8): Chart {
  const times = values.map((v) => Date.parse(v.published_at));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const max = Math.max(1, ...values.map((v) => v.high ?? v.value));
  const w = width - 2 * pad;
  const hgt = height - 2 * pad;
  const points = values.map((v, i) => {
    const frac = t1 > t0 ? (times[i] - t0) / (t1 - t0) : values.length > 1 ? i / (values.length - 1) : 0.5;
    return { x: pad + frac * w, y: pad + hgt - (v.value / max) * hgt, value: v };
  });
  let path = "";
  let lastY: number | null = null;
  for (const p of points) {
    if (p.value.qualifier === "vague") continue;
    if (lastY === null) path += `M${p.x.toFixed(1)},${p.y.toFixed(1)}`;
    else path += `H${p.x.toFixed(1)}V${p.y.toFixed(1)}`;
    lastY = p.y;
  }
  if (lastY !== null) path += `H${(width - pad).toFixed(1)}`;
  return { points, path, max };
}
