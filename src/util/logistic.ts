import { solveAugmented } from './solve.js';

/**
 * Logistic regression by Newton's method, with an L2 penalty λ on every weight but the
 * first (x[0] is the constant 1: the intercept goes unpenalised). Deterministic.
 */
export function logistic(
  rows: { x: number[]; y: number }[],
  features: number,
  lambda: number,
  iterations = 50,
): number[] {
  const n = features;
  const w = new Array<number>(n).fill(0);
  for (let it = 0; it < iterations; it++) {
    // [H | g] with H the Hessian of the penalised log loss and g its gradient.
    const a = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
    for (const { x, y } of rows) {
      let z = 0;
      for (let i = 0; i < n; i++) z += w[i] * x[i];
      const p = 1 / (1 + Math.exp(-z));
      const s = p * (1 - p);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) a[i][j] += s * x[i] * x[j];
        a[i][n] += (p - y) * x[i];
      }
    }
    for (let i = 1; i < n; i++) {
      a[i][i] += lambda;
      a[i][n] += lambda * w[i];
    }
    const step = solveAugmented(a);
    let largest = 0;
    for (let i = 0; i < n; i++) {
      w[i] -= step[i];
      largest = Math.max(largest, Math.abs(step[i]));
    }
    if (largest < 1e-10) break;
  }
  return w;
}
