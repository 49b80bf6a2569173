/**
 * Solve A w = b given the augmented matrix [A | b] (overwritten), by Gauss–Jordan
 * elimination with partial pivoting. For the handful of features our small learned scorers
 * use; deterministic, so a retrained artifact is byte-identical.
 */
export function solveAugmented(a: number[][]): number[] {
  const n = a.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    if (a[c][c] === 0) throw new Error('singular system (use a penalty > 0)');
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  return a.map((row, i) => row[n] / row[i]);
}
