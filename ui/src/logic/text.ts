// Locating a source sentence inside a snapshot's text, whatever unit the offsets came in.

/** UTF-8 byte offset → UTF-16 index into `s` (the core counts bytes; JS strings count UTF-16 units). */
export function byteToIndex(s: string, byteOffset: number): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    if (bytes >= byteOffset) return i;
    const c = s.codePointAt(i)!;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (c >= 0x10000) i++;
  }
  return s.length;
}

/**
 * Where `sentence` sits in `text`: at the given offsets read as UTF-8 bytes or as characters if
 * the text there matches, else the occurrence nearest to them, else null.
 */
export function locate(text: string, sentence: string, start: number, end: number): [number, number] | null {
  const candidates: Array<[number, number]> = [
    [byteToIndex(text, start), byteToIndex(text, end)],
    [start, end],
  ];
  const want = sentence.trim();
  for (const [a, b] of candidates) {
    if (a < b && b <= text.length) {
      const got = text.slice(a, b);
      if (!want || got.trim() === want || got.includes(want) || want.includes(got.trim())) return [a, b];
    }
  }
  if (!want) return null;
  let best = -1;
  for (let i = text.indexOf(want); i >= 0; i = text.indexOf(want, i + 1)) {
    if (best < 0 || Math.abs(i - start) < Math.abs(best - start)) best = i;
  }
  return best < 0 ? null : [best, best + want.length];
}
