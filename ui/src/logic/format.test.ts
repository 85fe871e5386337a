import { describe, expect, it } from "vitest";
import { formatInstant, nowInZone, relativeTime, shortInstant, zonedToRfc3339, zoneOffsetMinutes } from "./format";

describe("published time with a time zone", () => {
  it("uses the zone's offset at that date, including summer time", () => {
    expect(zonedToRfc3339("2026-03-10", "08:15", "Europe/Paris")).toBe("2026-03-10T08:15:00+01:00");
    expect(zonedToRfc3339("2026-07-10", "08:15", "Europe/Paris")).toBe("2026-07-10T08:15:00+02:00");
    expect(zonedToRfc3339("2025-12-02", "23:59", "America/New_York")).toBe("2025-12-02T23:59:00-05:00");
    expect(zonedToRfc3339("2026-01-01", "00:00", "Asia/Kolkata")).toBe("2026-01-01T00:00:00+05:30");
    expect(zonedToRfc3339("2026-01-01", "", "UTC")).toBe("2026-01-01T00:00:00Z");
  });

  it("round-trips: the RFC 3339 instant shows the same wall time in that zone", () => {
    for (const zone of ["Europe/Kyiv", "Australia/Sydney", "America/Los_Angeles"]) {
      const iso = zonedToRfc3339("2026-10-25", "09:30", zone);
      expect(nowInZone(Date.parse(iso), zone)).toEqual({ date: "2026-10-25", time: "09:30" });
    }
  });

  it("rejects malformed input", () => {
    expect(() => zonedToRfc3339("10/03/2026", "08:15", "UTC")).toThrow(/YYYY-MM-DD/);
  });

  it("computes offsets east-positive", () => {
    expect(zoneOffsetMinutes(Date.UTC(2026, 0, 1), "Asia/Tokyo")).toBe(540);
    expect(zoneOffsetMinutes(Date.UTC(2026, 0, 1), "America/Sao_Paulo")).toBe(-180);
  });
});

describe("formatting instants", () => {
  it("formats in a given zone", () => {
    expect(formatInstant("2026-03-10T08:15:00+01:00", "UTC")).toBe("10 Mar 2026, 07:15");
    expect(formatInstant(null)).toBe("—");
    expect(formatInstant("not a date")).toBe("not a date");
  });

  it("shows a date-only publication as the date alone, in any zone", () => {
    expect(formatInstant("2026-03-10", "America/New_York")).toBe("10 Mar 2026");
    expect(shortInstant("2026-03-10", Date.parse("2026-06-01T00:00:00Z"), "Pacific/Auckland")).toBe("10 Mar");
    expect(shortInstant("2025-12-02", Date.parse("2026-06-01T00:00:00Z"), "UTC")).toBe("2 Dec 2025");
  });

  it("says how long ago", () => {
    const now = Date.parse("2026-03-10T12:00:00Z");
    expect(relativeTime("2026-03-10T11:59:50Z", now)).toBe("just now");
    expect(relativeTime("2026-03-10T11:30:00Z", now)).toBe("30 min ago");
    expect(relativeTime("2026-03-10T09:00:00Z", now)).toBe("3 h ago");
    expect(relativeTime("2026-03-09T10:00:00Z", now)).toBe("yesterday");
    expect(relativeTime("2026-03-05T12:00:00Z", now)).toBe("5 days ago");
    expect(relativeTime("2025-01-05T12:00:00Z", now)).toBe("5 Jan 2025");
  });
});

describe("short instants", () => {
  it("drops the year when it is this year", () => {
    const now = Date.parse("2026-06-01T00:00:00Z");
    expect(shortInstant("2026-03-09T07:40:00Z", now, "UTC")).toBe("9 Mar 07:40");
    expect(shortInstant("2025-12-02T10:00:00Z", now, "UTC")).toBe("2 Dec 2025 10:00");
  });
});
