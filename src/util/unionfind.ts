import { getOrInsert } from './maps.js';
/** Disjoint sets over 0..n-1; the smaller index is kept as root so grouping is deterministic. */
export class UnionFind {
  private parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]];
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  /** Groups as sorted index lists, ordered by their smallest member. */
  groups(): number[][] {
    const m = new Map<number, number[]>();
    this.parent.forEach((_, i) => {
      const r = this.find(i);
      getOrInsert(m, r, () => []).push(i);
    });
    return [...m.values()].sort((a, b) => a[0] - b[0]);
  }
}
