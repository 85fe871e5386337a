// Shaping a word diff (ops from the core) for the inline and side-by-side views.

import type { DiffOp } from "../types";

export interface Segment {
  op: DiffOp["op"];
  text: string;
  /** Index of the change this segment belongs to (consecutive insert/delete = one change), or -1. */
  change: number;
}

/** Numbers the changes: a deletion directly followed by an insertion is one replacement. */
export function segments(ops: DiffOp[]): { segs: Segment[]; changes: number } {
  const segs: Segment[] = [];
  let change = -1;
  let prevChanged = false;
  for (const op of ops) {
    if (op.op === "equal") {
      segs.push({ op: op.op, text: op.text, change: -1 });
      prevChanged = false;
    } else {
      if (!prevChanged) change++;
      segs.push({ op: op.op, text: op.text, change });
      prevChanged = true;
    }
  }
  return { segs, changes: change + 1 };
}

export interface SideRow {
  left: Segment[];
  right: Segment[];
  changed: boolean;
}

/**
 * Side-by-side rows, one per paragraph of the unchanged text: a row ends where an unchanged run
 * contains a line break, so both columns stay aligned paragraph by paragraph.
 */
export function sideBySide(segs: Segment[]): SideRow[] {
  const rows: SideRow[] = [];
  let cur: SideRow = { left: [], right: [], changed: false };
  const flush = () => {
    if (cur.left.length || cur.right.length) rows.push(cur);
    cur = { left: [], right: [], changed: false };
  };
  for (const seg of segs) {
    if (seg.op === "equal") {
      // Split after each run of line breaks, so a blank line does not become a row of its own.
      for (const part of seg.text.split(/(?<=\n)(?!\n)/)) {
        if (!part) continue;
        cur.left.push({ ...seg, text: part });
        cur.right.push({ ...seg, text: part });
        if (part.endsWith("\n")) flush();
      }
    } else {
      (seg.op === "delete" ? cur.left : cur.right).push(seg);
      cur.changed = true;
    }
  }
  flush();
  return rows;
}

/** The two texts the diff joins, rebuilt from its ops (the core promises this holds exactly). */
export function texts(ops: DiffOp[]): { from: string; to: string } {
  let from = "";
  let to = "";
  for (const op of ops) {
    if (op.op !== "insert") from += op.text;
    if (op.op !== "delete") to += op.text;
  }
  return { from, to };
}

export function countWords(s: string): number {
  const m = s.match(/\S+/g);
  return m ? m.length : 0;
}

/** Which change to go to next (wrapping), given the current one (-1 = none yet). */
export function nextChange(current: number, total: number, dir: 1 | -1): number {
  if (total === 0) return -1;
  if (current < 0) return dir === 1 ? 0 : total - 1;
  return (current + dir + total) % total;
}
