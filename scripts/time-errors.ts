import { readFileSync } from 'node:fs';
import { halfOf, parseTimeml, tmlFiles, triangulateTimes } from '../src/eval/time.js';

// Development aid: the time expressions we miss, mistype or misvalue on a TimeML folder,
// one line each, so rules are chosen from the errors of a development slice.
// Usage: node dist/scripts/time-errors.js <dir> [even|odd]

const [dir, half] = process.argv.slice(2);
halfOf(tmlFiles(dir), half).forEach((f) => {
  const { dct, text, gold } = parseTimeml(readFileSync(f, 'utf8'));
  if (!dct) return;
  const pred = triangulateTimes(text, dct);
  const used = new Set<number>();
  const ctx = (s: number, e: number) => text.slice(Math.max(0, s - 40), e + 20).replace(/\s+/g, ' ');
  for (const p of pred) {
    const gi = gold.findIndex((g, j) => !used.has(j) && g.start < p.end && p.start < g.end);
    if (gi < 0) {
      console.log(`FP\t${dct}\t${text.slice(p.start, p.end)}\t${p.value}\t| ${ctx(p.start, p.end)}`);
      continue;
    }
    used.add(gi);
    const g = gold[gi];
    if (g.value !== p.value)
      console.log(
        `VAL\t${dct}\t${text.slice(p.start, p.end)} / ${text.slice(g.start, g.end)}\t${p.value} / ${g.value}\t| ${ctx(g.start, g.end)}`,
      );
  }
  gold.forEach((g, j) => {
    if (!used.has(j))
      console.log(`FN\t${dct}\t${text.slice(g.start, g.end)}\t${g.type} ${g.value}\t| ${ctx(g.start, g.end)}`);
  });
});
