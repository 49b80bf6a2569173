/**
 * Ridge regression by the normal equations, (XᵀX + λI) w = Xᵀy, solved by Gauss–Jordan
 * elimination with partial pivoting. For the handful of features our small learned scorers
 * use; deterministic, so a retrained artifact is byte-identical.
 */
export function ridge(rows: { x: number[]; y: number }[], features: number, lambda: number): number[] {
  const n = features;
  const a = Array.from({ length: n }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === j ? lambda : 0)));
  for (const { x, y } of rows) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) a[i][j] += x[i] * x[j];
      a[i][n] += x[i] * y;
    }
  }
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    if (a[c][c] === 0) throw new Error('ridge: singular system (use lambda > 0)');
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  return a.map((row, i) => row[n] / row[i]);
}
