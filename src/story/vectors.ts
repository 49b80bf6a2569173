/** Sparse term-weight vector. */
export type Vec = Map<string, number>;

export function termCounts(terms: string[]): Vec {
  const v: Vec = new Map();
  for (const t of terms) v.set(t, (v.get(t) ?? 0) + 1);
  return v;
}

/** TF-IDF with sublinear tf; `df` and `n` describe the collection the weights are relative to. */
export function tfidf(counts: Vec, df: (term: string) => number, n: number): Vec {
  const v: Vec = new Map();
  for (const [t, c] of counts) v.set(t, (1 + Math.log(c)) * Math.log(1 + n / (1 + df(t))));
  return v;
}

/** Euclidean norm of a vector, or of its weights alone. */
export function norm(v: Vec | number[]): number {
  let s = 0;
  for (const x of v instanceof Map ? v.values() : v) s += x * x;
  return Math.sqrt(s);
}

export function dot(a: Vec, b: Vec): number {
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  let d = 0;
  for (const [t, x] of small) {
    const y = big.get(t);
    if (y) d += x * y;
  }
  return d;
}

export function cosine(a: Vec, b: Vec): number {
  return cosineNormed(a, b, norm(a), norm(b));
}

/** Cosine with the norms already known (the same arithmetic as cosine). */
export function cosineNormed(a: Vec, b: Vec, na: number, nb: number): number {
  const d = na * nb;
  return d ? dot(a, b) / d : 0;
}
