import { solveAugmented } from './solve.js';

/** Ridge regression by the normal equations, (XᵀX + λI) w = Xᵀy. */
export function ridge(rows: { x: number[]; y: number }[], features: number, lambda: number): number[] {
  const n = features;
  const a = Array.from({ length: n }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === j ? lambda : 0)));
  for (const { x, y } of rows) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) a[i][j] += x[i] * x[j];
      a[i][n] += x[i] * y;
    }
  }
  return solveAugmented(a);
}
