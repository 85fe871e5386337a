import { describe, expect, it } from "vitest";
import { autoRefreshOn, autoRefreshStories, setAutoRefresh } from "./schedule";

describe("scheduled refresh", () => {
  it("is off for every story until turned on, and only for that story", () => {
    localStorage.clear();
    expect(autoRefreshOn(localStorage, 3)).toBe(false);
    expect(autoRefreshStories(localStorage, [1, 2, 3])).toEqual([]);
    setAutoRefresh(localStorage, 3, true);
    expect(autoRefreshStories(localStorage, [1, 2, 3])).toEqual([3]);
    // A deleted story is not refreshed even if its setting is left behind.
    expect(autoRefreshStories(localStorage, [1, 2])).toEqual([]);
    setAutoRefresh(localStorage, 3, false);
    expect(autoRefreshOn(localStorage, 3)).toBe(false);
  });
});
