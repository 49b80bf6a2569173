import { munkres } from 'munkres';

// Coreference metrics from their definitions, over clusters of mention ids. Key and
// response may hold different mentions (predicted mentions): a mention missing from one
// side counts as absent there, as in the CoNLL-2012 reference scorer.
// MUC: Vilain et al. 1995. B3: Bagga & Baldwin 1998. CEAF-e: Luo 2005 (phi4, optimal
// one-to-one entity alignment by the Hungarian algorithm).

export type Clusters = string[][];

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}

const f1 = (p: number, r: number) => (p + r ? (2 * p * r) / (p + r) : 0);
const prf = (p: number, r: number): PRF => ({ precision: p, recall: r, f1: f1(p, r) });

function index(cs: Clusters): Map<string, number> {
  const m = new Map<string, number>();
  cs.forEach((c, i) => c.forEach((x) => m.set(x, i)));
  return m;
}

/** MUC recall of `a` against `b`: links of `a` kept by the partition `b` induces. */
function mucRecall(a: Clusters, b: Clusters): [number, number] {
  const ib = index(b);
  let num = 0;
  let den = 0;
  for (const c of a) {
    if (c.length < 2) continue;
    // Partitions of c by b; mentions b lacks are each their own partition.
    const parts = new Set<string>();
    c.forEach((x, k) => parts.add(ib.has(x) ? `b${ib.get(x)}` : `m${k}`));
    num += c.length - parts.size;
    den += c.length - 1;
  }
  return [num, den];
}

export function muc(key: Clusters, response: Clusters): PRF {
  const [rn, rd] = mucRecall(key, response);
  const [pn, pd] = mucRecall(response, key);
  return prf(pd ? pn / pd : 0, rd ? rn / rd : 0);
}

/** B3 recall of `a` against `b`: for each mention of a, the share of its cluster b also puts with it. */
function b3Recall(a: Clusters, b: Clusters): [number, number] {
  const ib = index(b);
  let num = 0;
  let den = 0;
  for (const c of a) {
    const overlap = new Map<number, number>();
    for (const x of c) if (ib.has(x)) overlap.set(ib.get(x)!, (overlap.get(ib.get(x)!) ?? 0) + 1);
    for (const n of overlap.values()) num += (n * n) / c.length;
    den += c.length;
  }
  return [num, den];
}

export function b3(key: Clusters, response: Clusters): PRF {
  const [rn, rd] = b3Recall(key, response);
  const [pn, pd] = b3Recall(response, key);
  return prf(pd ? pn / pd : 0, rd ? rn / rd : 0);
}

/** CEAF-e: best one-to-one alignment of key and response entities under phi4 = 2|K∩R| / (|K|+|R|). */
export function ceafe(key: Clusters, response: Clusters): PRF {
  const ir = index(response);
  // Only entities that share a mention can score; solve each connected group on its own.
  const edges = key.map((k) => {
    const m = new Map<number, number>();
    for (const x of k) if (ir.has(x)) m.set(ir.get(x)!, (m.get(ir.get(x)!) ?? 0) + 1);
    return m;
  });
  const seenK = new Set<number>();
  let total = 0;
  const byResponse = new Map<number, number[]>();
  edges.forEach((m, i) => m.forEach((_, j) => (byResponse.get(j) ?? byResponse.set(j, []).get(j)!).push(i)));
  for (let start = 0; start < key.length; start++) {
    if (seenK.has(start) || edges[start].size === 0) continue;
    // Collect the component around this key entity.
    const ks: number[] = [];
    const rs = new Set<number>();
    const queue = [start];
    seenK.add(start);
    while (queue.length) {
      const k = queue.pop()!;
      ks.push(k);
      for (const r of edges[k].keys()) {
        if (rs.has(r)) continue;
        rs.add(r);
        for (const k2 of byResponse.get(r) ?? []) if (!seenK.has(k2)) (seenK.add(k2), queue.push(k2));
      }
    }
    const rl = [...rs];
    const phi = ks.map((k) => rl.map((r) => (2 * (edges[k].get(r) ?? 0)) / (key[k].length + response[r].length)));
    if (ks.length === 1 && rl.length === 1) total += phi[0][0];
    else for (const [y, x] of munkres(phi.map((row) => row.map((v) => -v)))) total += phi[y][x];
  }
  return prf(response.length ? total / response.length : 0, key.length ? total / key.length : 0);
}

export interface CorefScores {
  mentions: { key: number; response: number };
  muc: PRF;
  b3: PRF;
  ceafe: PRF;
  /** Mean of the MUC, B3 and CEAF-e F1. */
  conll_f1: number;
}

export function scoreCoref(key: Clusters, response: Clusters): CorefScores {
  const r = (x: PRF): PRF => ({ precision: round(x.precision), recall: round(x.recall), f1: round(x.f1) });
  const m = muc(key, response);
  const b = b3(key, response);
  const c = ceafe(key, response);
  return {
    mentions: { key: key.flat().length, response: response.flat().length },
    muc: r(m),
    b3: r(b),
    ceafe: r(c),
    conll_f1: round((m.f1 + b.f1 + c.f1) / 3),
  };
}

const round = (x: number) => Math.round(x * 10000) / 100;
