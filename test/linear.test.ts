import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adversarial, RUNS, STAGES, timeOf } from '../scripts/bench/adversarial.js';

// Untrusted input must cost time in proportion to its size: a regex that backtracks
// super-linearly turns one crafted body into minutes of blocked server. Each stage reads a
// run of each character class at 1x and 10x; linear work grows ~10x, quadratic ~100x.

const RATIO = 50;
// Stages slower per byte are measured on shorter runs (20 KB unless said here).
const SMALL: Record<string, number> = { html: 2_000, feed: 10_000, analysis: 2_000 };

/** Cost at 10x over cost at 1x; measured up to three times before it counts, since a loaded machine is noisy. */
function growth(run: (s: string) => unknown, unit: string, size: number): { a: number; b: number; ratio: number } {
  const a1 = adversarial(unit, size);
  const a10 = adversarial(unit, size * 10);
  run(a1); // warm up the JIT on this shape
  let best = { a: 0, b: 0, ratio: Infinity };
  for (let i = 0; i < 3 && best.ratio > RATIO; i++) {
    const a = timeOf(() => run(a1), 30);
    const b = timeOf(() => run(a10), 30);
    // Below 5 ms the noise of a shared machine (GC, other processes) dominates: compare against at least that.
    const ratio = b / Math.max(a, 5);
    if (ratio < best.ratio) best = { a, b, ratio };
  }
  return best;
}

for (const [stage, run] of Object.entries(STAGES)) {
  const size = SMALL[stage] ?? 20_000;
  test(`linear time: ${stage} on 10x longer runs of each character class costs at most ${RATIO}x`, (t) => {
    const rows: string[] = [];
    for (const [name, unit] of Object.entries(RUNS)) {
      const { a, b, ratio } = growth(run, unit, size);
      rows.push(`${name} ${a.toFixed(1)}->${b.toFixed(1)} ms`);
      assert.ok(
        ratio <= RATIO,
        `${stage} on ${name}: ${a.toFixed(2)} ms at ${size / 1000} KB, ${b.toFixed(2)} ms at ${size / 100} KB`,
      );
    }
    t.diagnostic(rows.join('; '));
  });
}
