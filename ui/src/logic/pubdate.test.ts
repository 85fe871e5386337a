import { describe, expect, it } from "vitest";
import { findPublished, formatDate, isoDate, parseDate, parseTime } from "./pubdate";

describe("typed dates, the same in every locale", () => {
  it("reads the UI's own form, ISO and common newspaper forms", () => {
    for (const s of ["3 Dec 2026", "3 December 2026", "December 3, 2026", "Dec 3 2026", "Thu 3 Dec 2026", "3rd Dec 2026", "2026-12-03", " 2026-12-3 ", "2026/12/03"]) {
      expect(parseDate(s), s).toEqual({ y: 2026, m: 12, d: 3 });
    }
  });
  it("refuses what is not one date", () => {
    for (const s of ["", "12/03/2026", "31 Feb 2026", "3 Marching 2026", "2026-13-01", "3 Dec", "999-01-01", "yesterday"]) {
      expect(parseDate(s), s).toBeNull();
    }
  });
  it("writes dates as the rest of the UI does", () => {
    expect(formatDate({ y: 2026, m: 3, d: 12 })).toBe("12 Mar 2026");
    expect(isoDate({ y: 2026, m: 3, d: 2 })).toBe("2026-03-02");
  });
  it("reads times in 24 or 12 hours", () => {
    expect(parseTime("08:15")).toBe("08:15");
    expect(parseTime("8.15")).toBe("08:15");
    expect(parseTime("8:15 pm")).toBe("20:15");
    expect(parseTime("12 am")).toBe("00:00");
    expect(parseTime("24:00")).toBeNull();
    expect(parseTime("8")).toBeNull();
  });
});

describe("a pasted publication line", () => {
  it("prefills date, time and UTC", () => {
    const text = "Bridge to reopen\n\nPublished: 2 December 2025, 10:14 GMT\n\nThe council said…";
    expect(findPublished(text)).toEqual({ date: { y: 2025, m: 12, d: 2 }, time: "10:14", timeZone: "UTC" });
  });
  it("takes a date without a time, and leaves the zone alone when none is named", () => {
    expect(findPublished("Updated on March 9, 2026\nText")).toEqual({ date: { y: 2026, m: 3, d: 9 }, time: null, timeZone: null });
    expect(findPublished("Posted: Mon 9 Mar 2026 at 7.40 am")).toEqual({ date: { y: 2026, m: 3, d: 9 }, time: "07:40", timeZone: null });
  });
  it("ignores text without such a line", () => {
    expect(findPublished("The bridge was published in a report on 2 December 2025.")).toBeNull();
    expect(findPublished("Published: soon")).toBeNull();
  });
});
