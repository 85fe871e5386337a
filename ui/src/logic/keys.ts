// Keyboard shortcuts, decided apart from the DOM so they can be tested.

export type Action =
  | "focus-search"
  | "next"
  | "prev"
  | "open"
  | "escape"
  | "next-change"
  | "prev-change"
  | "help"
  | "view-timeline"
  | "view-figures"
  | "view-snapshots"
  | "view-diff"
  | "view-add"
  | null;

export interface KeyInfo {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The focus is in a text field, where letters are typing, not commands. */
  inField: boolean;
}

export const SHORTCUTS: Array<[string, string]> = [
  ["/", "Search"],
  ["j / k", "Next / previous item"],
  ["Enter", "Open the selected item"],
  ["n / p", "Next / previous change (diff)"],
  ["g t, g f, g s, g d, g a", "Timeline, figures, snapshots, diff, add"],
  ["Esc", "Close, clear, leave the field"],
  ["?", "This help"],
];

/** Maps a key press to an action; `pendingG` is true right after a bare "g". */
export function actionFor(k: KeyInfo, pendingG: boolean): Action {
  if (k.key === "Escape") return "escape";
  if (k.inField || k.ctrlKey || k.metaKey || k.altKey) return null;
  if (pendingG) {
    return ({ t: "view-timeline", f: "view-figures", s: "view-snapshots", d: "view-diff", a: "view-add" } as const)[k.key as "t"] ?? null;
  }
  switch (k.key) {
    case "/":
      return "focus-search";
    case "j":
      return "next";
    case "k":
      return "prev";
    case "Enter":
      return "open";
    case "n":
      return "next-change";
    case "p":
      return "prev-change";
    case "?":
      return "help";
    default:
      return null;
  }
}
