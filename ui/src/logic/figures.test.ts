import { describe, expect, it } from "vitest";
import { isDisputed, stepChart, valueLabel, type FigureValue } from "./figures";

function v(value: number, at: string, extra: Partial<FigureValue> = {}): FigureValue {
  return {
    value, qualifier: "exact", text: String(value), snapshot_id: 1, published_at: at,
    outlet: "Wire", sentence: "", start: 0, end: 1, change: "up", ...extra,
  };
}

describe("figures", () => {
  it("writes values with their qualifiers", () => {
    expect(valueLabel(v(40, "2025-08-04T09:00:00Z", { qualifier: "at_least" }))).toBe("≥40");
    expect(valueLabel(v(2500000, "2025-08-04T09:00:00Z", { qualifier: "about" }))).toBe("~2,500,000");
    expect(valueLabel(v(30, "2025-08-04T09:00:00Z", { qualifier: "range", high: 40 }))).toBe("30–40");
    expect(valueLabel(v(24, "2025-08-04T09:00:00Z", { qualifier: "vague", text: "dozens" }))).toBe("dozens (~24)");
  });

  it("draws a step line in time order, higher values higher up", () => {
    const c = stepChart([v(4, "2025-08-04T00:00:00Z"), v(8, "2025-08-06T00:00:00Z")], 100, 50, 0);
    expect(c.points[0].x).toBe(0);
    expect(c.points[1].x).toBe(100);
    expect(c.points[1].y).toBe(0);
    expect(c.points[0].y).toBe(25);
    expect(c.path).toBe("M0.0,25.0H100.0V0.0H100.0");
  });

  it("leaves vague values off the line and marks disputes", () => {
    const c = stepChart([v(4, "2025-08-04T00:00:00Z"), v(24, "2025-08-05T00:00:00Z", { qualifier: "vague" })], 100, 50, 0);
    expect(c.path.startsWith("M0.0,")).toBe(true);
    expect(c.path).not.toContain("V");
    expect(isDisputed("conflict")).toBe(true);
    expect(isDisputed("up")).toBe(false);
  });
});
