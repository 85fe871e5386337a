import { describe, expect, it } from "vitest";
import { compareTimex, eventDate, isFuturePeriod, parseTimex, timexLabel } from "./dates";
import { event } from "./fixtures";
import { buildRows, viewEvents } from "./timeline";

const label = (v: string) => timexLabel(parseTimex(v));

describe("timex labels show the precision the text gave", () => {
  it.each([
    ["2019", "2019"],
    ["2026-03", "March 2026"],
    ["2026-03-09", "Monday 9 March 2026"],
    ["2025-12-01", "Monday 1 December 2025"],
    ["2026-03-09T23:40", "Monday 9 March 2026, 23:40"],
    ["2026-Q1", "Q1 2026"],
    ["2026-W10", "Week 10 of 2026"],
    ["2026-SU", "Summer 2026"],
    ["PRESENT_REF", "PRESENT_REF"],
  ])("%s → %s", (value, want) => {
    expect(label(value)).toBe(want);
  });
});

describe("ordering", () => {
  it("puts a vaguer period before the days inside it", () => {
    const values = ["2026-03-09", "2026-03", "2026", "2025-12-01", "2026-03-09T08:00", "2026-03-01"];
    const sorted = values.map(parseTimex).sort(compareTimex).map((t) => t.value);
    expect(sorted).toEqual(["2025-12-01", "2026", "2026-03", "2026-03-01", "2026-03-09", "2026-03-09T08:00"]);
  });

  it("sorts undated values last", () => {
    const sorted = ["XXXX", "2019"].map(parseTimex).sort(compareTimex).map((t) => t.value);
    expect(sorted).toEqual(["2019", "XXXX"]);
  });

  it("reads winter Y as December Y-1 to February Y", () => {
    const w = parseTimex("2026-WI");
    expect(new Date(w.start).toISOString().slice(0, 10)).toBe("2025-12-01");
    expect(new Date(w.end).toISOString().slice(0, 10)).toBe("2026-02-28");
  });

  it("gives ISO week 1 of 2026 starting on Monday 29 December 2025", () => {
    expect(new Date(parseTimex("2026-W01").start).toISOString().slice(0, 10)).toBe("2025-12-29");
  });
});

describe("future periods", () => {
  const now = Date.UTC(2026, 2, 10, 12);
  it("counts a period that is not over yet as ahead", () => {
    expect(isFuturePeriod(parseTimex("2026-03"), now)).toBe(true);
    expect(isFuturePeriod(parseTimex("2026-03-10"), now)).toBe(true);
    expect(isFuturePeriod(parseTimex("2026-03-09"), now)).toBe(false);
    expect(isFuturePeriod(parseTimex("2027"), now)).toBe(true);
    expect(isFuturePeriod(parseTimex("junk"), now)).toBe(false);
  });
});

describe("dates as people read them", () => {
  it("keeps the part of day the text gave", () => {
    const t = parseTimex("2025-12-01TMO");
    expect(t.precision).toBe("day");
    expect(t.part).toBe("morning");
    expect(timexLabel(t)).toBe("Monday 1 December 2025, morning");
    expect(timexLabel(parseTimex("2025-12-01"))).toBe("Monday 1 December 2025");
  });

  it("names both years of a winter", () => {
    expect(timexLabel(parseTimex("2026-WI"))).toBe("Winter 2025–26");
    expect(timexLabel(parseTimex("2026-SU"))).toBe("Summer 2026");
  });
});

describe("event dates come from the core's record", () => {
  // As `timeline` sends them: granularity, and the first and last day the date covers.
  it.each([
    [{ date: "2026-H2", granularity: "half", start: "2026-07-01", end: "2026-12-31" }, "Second half of 2026", 2026],
    [{ date: "196", granularity: "decade", start: "1960-01-01", end: "1969-12-31" }, "1960s", 1960],
    [{ date: "2026-WI", granularity: "season", start: "2025-12-01", end: "2026-02-28" }, "Winter 2025–26", 2025],
    [{ date: "2026-W01", granularity: "week", start: "2025-12-29", end: "2026-01-04" }, "Week 1 of 2026", 2025],
    [{ date: "2026-Q2", granularity: "quarter", start: "2026-04-01", end: "2026-06-30" }, "Q2 2026", 2026],
    [{ date: "2025-12-01TMO", granularity: "day", start: "2025-12-01", end: "2025-12-01" }, "Monday 1 December 2025, morning", 2025],
    [{ date: "2026-03-09T23:40", granularity: "time", start: "2026-03-09", end: "2026-03-09" }, "Monday 9 March 2026, 23:40", 2026],
  ] as const)("%o reads %s, filed under %i", (rec, want, year) => {
    const d = eventDate(rec);
    expect(timexLabel(d)).toBe(want);
    expect(d.year).toBe(year);
    expect(new Date(d.start).toISOString().slice(0, 10)).toBe(rec.start);
  });

  it("files half-years and decades under their year, not under Undated", () => {
    const views = viewEvents(
      [
        event({ id: 1, date: "2026-H1", granularity: "half", start: "2026-01-01", end: "2026-06-30" }),
        event({ id: 2, date: "201", granularity: "decade", start: "2010-01-01", end: "2019-12-31" }),
      ],
      new Map(),
      null,
      Date.UTC(2027, 0, 1),
    );
    const years = buildRows(views).filter((r) => r.kind === "year").map((r) => r.label);
    expect(years).toEqual(["2010", "2026"]);
    expect(isFuturePeriod(views[0].date, Date.UTC(2026, 5, 30, 12))).toBe(true);
  });
});
