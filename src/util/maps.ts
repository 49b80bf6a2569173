/** The `k` most counted keys with at least `min`, most counted first; ties in key order, so every run picks the same. */
export function mostCounted(counts: Map<string, number>, k: number, min = 1): string[] {
  return [...counts]
    .filter(([, n]) => n >= min)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([key]) => key);
}

/** The value under `key`, created by `make` and stored first if absent. */
export function getOrInsert<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}
