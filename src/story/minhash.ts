import { words } from '../util/text.js';

// MinHash (Broder 1997) over word 5-shingles, with LSH banding: two texts whose shingle
// sets have Jaccard similarity s share at least one of BANDS bands with probability
// 1 - (1 - s^ROWS)^BANDS (s = 0.8 -> 0.9996; s = 0.4 -> 0.34), so near-duplicates are
// found with a few index lookups, whatever the size of the store.

export const HASHES = 64;
export const BANDS = 16;
const ROWS = HASHES / BANDS;
const SHINGLE = 5;

/** 32-bit FNV-1a of a string with a seed, for the HASHES independent hash functions. */
function fnv(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche so nearby seeds give unrelated orders.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

export function shingles(text: string): Set<string> {
  const ws = words(text);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= ws.length; i++) out.add(ws.slice(i, i + SHINGLE).join(' '));
  if (!out.size && ws.length) out.add(ws.join(' '));
  return out;
}

export function signature(text: string): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const sh of shingles(text)) {
    for (let k = 0; k < HASHES; k++) {
      const h = fnv(sh, k * 0x9e3779b1);
      if (h < sig[k]) sig[k] = h;
    }
  }
  return sig;
}

/** One key per band: band number and its rows' values. */
export function bandKeys(sig: Uint32Array): string[] {
  const out: string[] = [];
  for (let b = 0; b < BANDS; b++)
    out.push(`${b}:${Array.from(sig.subarray(b * ROWS, (b + 1) * ROWS), (x) => x.toString(36)).join('.')}`);
  return out;
}

/** Estimated Jaccard similarity of the shingle sets: the share of equal minima. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let k = 0; k < HASHES; k++) if (a[k] === b[k]) same++;
  return same / HASHES;
}
