import { parseArgs } from 'node:util';
import { adversarial, RUNS, STAGES } from './adversarial.js';

// Adversarial bodies of 1, 3 and 10 MB (runs of whitespace and punctuation) through
// normalisation and each reader: time per MB should stay flat as the size grows. A stage
// that takes longer than --limit seconds at one size is not run at the larger ones.

const UNITS = [
  'spaces',
  'tabs',
  'newlines',
  'crlf',
  'space-newline',
  'nbsp',
  'dots',
  'dashes',
  'quotes',
  'punctuation',
  'space-punct',
];
const MB = 1024 * 1024;

export async function benchFuzz(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      sizes: { type: 'string', default: '1,3,10' },
      stages: { type: 'string', default: 'normalise,text,html,jsonl,feed' },
      limit: { type: 'string', default: '30' },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const limitMs = Number(values.limit) * 1000;
  process.stdout.write(
    `| stage | input | ${sizes.map((s) => `ms/MB at ${s} MB`).join(' | ')} |\n|---|---|${sizes.map(() => '---').join('|')}|\n`,
  );
  for (const stage of values.stages.split(',')) {
    for (const name of UNITS) {
      const cells: string[] = [];
      let skip = false;
      for (const size of sizes) {
        if (skip) {
          cells.push('skipped');
          continue;
        }
        const input = adversarial(RUNS[name], size * MB);
        const t0 = performance.now();
        STAGES[stage](input);
        const ms = performance.now() - t0;
        cells.push((ms / size).toFixed(1));
        skip = ms > limitMs;
      }
      process.stdout.write(`| ${stage} | ${name} | ${cells.join(' | ')} |\n`);
    }
  }
}
