// Windowing for long lists: rows have known heights, so only the rows in view (plus a margin) are
// in the DOM. 5,000 events then cost about as much to show as 50.

export class Layout {
  /** offsets[i] = top of row i; offsets[n] = total height. */
  readonly offsets: Float64Array;

  constructor(heights: ArrayLike<number>) {
    this.offsets = new Float64Array(heights.length + 1);
    for (let i = 0; i < heights.length; i++) this.offsets[i + 1] = this.offsets[i] + heights[i];
  }

  get count(): number {
    return this.offsets.length - 1;
  }

  get total(): number {
    return this.offsets[this.offsets.length - 1];
  }

  /** The row containing pixel `y` (clamped). */
  rowAt(y: number): number {
    let lo = 0;
    let hi = this.count - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid] <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Rows [first, last) to render for a viewport at `scrollTop` of `height`, with `overscan` px. */
  range(scrollTop: number, height: number, overscan = 400): [number, number] {
    if (this.count === 0) return [0, 0];
    const first = this.rowAt(Math.max(0, scrollTop - overscan));
    const last = this.rowAt(scrollTop + height + overscan) + 1;
    return [first, Math.min(last, this.count)];
  }
}
