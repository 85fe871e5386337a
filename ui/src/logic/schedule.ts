// Scheduled refresh while the app is open: per story, off until the user turns it on in the
// Sources panel. Kept in localStorage (a UI preference, like "last seen"); the back end fetches
// only when the UI calls `refresh`.

const KEY = "storyline.autoRefresh.";

/** How often the app asks the back end to refresh the due sources of opted-in stories. */
export const AUTO_REFRESH_EVERY_MS = 5 * 60 * 1000;

export function autoRefreshOn(storage: Storage, storyId: number): boolean {
  return storage.getItem(KEY + storyId) === "on";
}

export function setAutoRefresh(storage: Storage, storyId: number, on: boolean): void {
  if (on) storage.setItem(KEY + storyId, "on");
  else storage.removeItem(KEY + storyId);
}

/** The stories (of those that exist) that the user opted in. */
export function autoRefreshStories(storage: Storage, storyIds: number[]): number[] {
  return storyIds.filter((id) => autoRefreshOn(storage, id));
}
