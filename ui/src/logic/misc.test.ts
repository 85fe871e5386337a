import { describe, expect, it } from "vitest";
import { Layout } from "./virtual";
import { byteToIndex, locate } from "./text";
import { actionFor } from "./keys";
import { decodeUtf8, formatFor, validatePublished, validateText } from "./add";

describe("virtual layout", () => {
  const heights = Array.from({ length: 5000 }, (_, i) => (i % 10 === 0 ? 40 : 70));
  const layout = new Layout(heights);
  it("finds the row under a pixel", () => {
    expect(layout.rowAt(0)).toBe(0);
    expect(layout.rowAt(39)).toBe(0);
    expect(layout.rowAt(40)).toBe(1);
    expect(layout.rowAt(layout.total + 100)).toBe(4999);
    expect(layout.total).toBe(500 * 40 + 4500 * 70);
  });
  it("renders only the rows near the viewport", () => {
    const [a, b] = layout.range(100_000, 600, 0);
    expect(layout.offsets[a]).toBeLessThanOrEqual(100_000);
    expect(layout.offsets[b]).toBeGreaterThanOrEqual(100_600);
    expect(b - a).toBeLessThan(15);
  });
  it("handles an empty list", () => {
    expect(new Layout([]).range(0, 500)).toEqual([0, 0]);
  });
});

describe("locating a source sentence", () => {
  const text = "Café owners said — on Monday — the bridge closed. Later, it reopened.";
  const sentence = "Later, it reopened.";
  const char = text.indexOf(sentence);
  const byte = new TextEncoder().encode(text.slice(0, char)).length;
  it("converts UTF-8 byte offsets", () => {
    expect(byte).toBeGreaterThan(char);
    expect(byteToIndex(text, byte)).toBe(char);
  });
  it("accepts byte offsets, character offsets, or only the sentence", () => {
    expect(locate(text, sentence, byte, byte + sentence.length)).toEqual([char, char + sentence.length]);
    expect(locate(text, sentence, char, char + sentence.length)).toEqual([char, char + sentence.length]);
    expect(locate(text, sentence, 0, 3)).toEqual([char, char + sentence.length]);
    expect(locate(text, "not there", 0, 3)).toBeNull();
  });
});

describe("keyboard", () => {
  const key = (k: string, inField = false) => actionFor({ key: k, inField }, false);
  it("maps the shortcuts outside text fields only", () => {
    expect(key("/")).toBe("focus-search");
    expect(key("j")).toBe("next");
    expect(key("k")).toBe("prev");
    expect(key("Escape")).toBe("escape");
    expect(key("j", true)).toBeNull();
    expect(key("/", true)).toBeNull();
    expect(key("Escape", true)).toBe("escape");
    expect(actionFor({ key: "j", ctrlKey: true, inField: false }, false)).toBeNull();
    expect(actionFor({ key: "d", inField: false }, true)).toBe("view-diff");
  });
});

describe("add form checks", () => {
  it("refuses empty, binary and oversized text", () => {
    expect(validateText("  \n ")).toMatch(/empty/);
    expect(validateText("a\u0000b")).toMatch(/binary/);
    expect(validateText("x".repeat(5 * 1024 * 1024 + 1))).toMatch(/5 MB/);
    expect(validateText("The bridge closed.")).toBeNull();
  });
  it("checks the published date", () => {
    expect(validatePublished({ unknown: false, date: "", time: "", timeZone: "UTC" }).date).toBeTruthy();
    expect(validatePublished({ unknown: false, date: "0999-01-01", time: "", timeZone: "UTC" }).date).toMatch(/1000/);
    expect(validatePublished({ unknown: false, date: "2026-03-10", time: "25:61", timeZone: "UTC" }).time).toBeTruthy();
    expect(validatePublished({ unknown: false, date: "10 Mar 2026", time: "", timeZone: "UTC" })).toEqual({});
    expect(validatePublished({ unknown: true, date: "", time: "", timeZone: "UTC" })).toEqual({});
  });
  it("reads file kinds by extension and refuses bad UTF-8", () => {
    expect(formatFor("a.HTML")).toBe("html");
    expect(formatFor("notes.md")).toBe("markdown");
    expect(formatFor("a.txt")).toBe("text");
    expect(formatFor("a.pdf")).toBeNull();
    expect(() => decodeUtf8(new Uint8Array([0x66, 0xff, 0x66]).buffer)).toThrow();
    expect(decodeUtf8(new TextEncoder().encode("Kyiv — Київ").buffer as ArrayBuffer)).toBe("Kyiv — Київ");
  });
});
