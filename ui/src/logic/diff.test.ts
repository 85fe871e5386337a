import { describe, expect, it } from "vitest";
import type { DiffOp } from "../types";
import { countWords, nextChange, segments, sideBySide, texts } from "./diff";

const ops: DiffOp[] = [
  { op: "equal", text: "The bridge " },
  { op: "delete", text: "will close" },
  { op: "insert", text: "closed" },
  { op: "equal", text: " on Monday.\n\nFour people " },
  { op: "delete", text: "died" },
  { op: "equal", text: ".\nThe mayor spoke." },
  { op: "insert", text: " Repairs start in May." },
];

describe("diff shaping", () => {
  it("numbers changes, a deletion and its insertion counting as one", () => {
    const { segs, changes } = segments(ops);
    expect(changes).toBe(3);
    expect(segs.map((s) => s.change)).toEqual([-1, 0, 0, -1, 1, -1, 2]);
  });

  it("rebuilds both texts from the ops", () => {
    const { from, to } = texts(ops);
    expect(from).toBe("The bridge will close on Monday.\n\nFour people died.\nThe mayor spoke.");
    expect(to).toBe("The bridge closed on Monday.\n\nFour people .\nThe mayor spoke. Repairs start in May.");
    expect(countWords(from)).toBe(12);
  });

  it("aligns side-by-side rows at paragraph breaks of unchanged text", () => {
    const rows = sideBySide(segments(ops).segs);
    const side = (r: (typeof rows)[number], k: "left" | "right") => r[k].map((s) => s.text).join("");
    expect(rows.map((r) => [side(r, "left"), side(r, "right"), r.changed])).toEqual([
      ["The bridge will close on Monday.\n\n", "The bridge closed on Monday.\n\n", true],
      ["Four people died.\n", "Four people .\n", true],
      ["The mayor spoke.", "The mayor spoke. Repairs start in May.", true],
    ]);
    // Every segment lands in exactly one row, in order.
    const all = rows.flatMap((r) => r.left).map((s) => s.text).join("");
    expect(all).toBe(texts(ops).from);
  });

  it("wraps around when jumping between changes", () => {
    expect(nextChange(-1, 3, 1)).toBe(0);
    expect(nextChange(-1, 3, -1)).toBe(2);
    expect(nextChange(2, 3, 1)).toBe(0);
    expect(nextChange(0, 3, -1)).toBe(2);
    expect(nextChange(-1, 0, 1)).toBe(-1);
  });
});
