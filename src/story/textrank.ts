import { words } from '../util/text.js';

// Graph centrality for extractive summaries: TextRank's word-overlap graph (Mihalcea &
// Tarau 2004) and PageRank over any weighted graph (also LexRank's, in src/eval).

/** Sentence similarity: shared words over the sum of the logs of the sentence lengths. */
export function overlapGraph(texts: string[]): number[][] {
  const sets = texts.map((t) => new Set(words(t)));
  return sets.map((a, i) =>
    sets.map((b, j) => {
      if (i === j || a.size < 2 || b.size < 2) return 0;
      let common = 0;
      for (const x of a) if (b.has(x)) common++;
      return common / (Math.log(a.size) + Math.log(b.size));
    }),
  );
}

/** PageRank by power iteration; w[j][i] is the weight of the edge j -> i. */
export function pagerank(w: number[][], damping = 0.85, iterations = 50): number[] {
  const n = w.length;
  const out = w.map((row) => row.reduce((a, b) => a + b, 0));
  let p = new Array<number>(n).fill(1 / n);
  for (let it = 0; it < iterations; it++) {
    const next = new Array<number>(n).fill((1 - damping) / n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) if (w[j][i] && out[j]) next[i] += (damping * w[j][i] * p[j]) / out[j];
    p = next;
  }
  return p;
}
