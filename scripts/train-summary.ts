// Trains the summary's sentence relevance (src/story/data/summary-model.json): a ridge
// regression from the features of summary-features.ts to the share of a sentence's bigrams
// that the cluster's human summary uses, over NeuS train clusters (never val). With
// --check it first trains on each half of train and scores ROUGE on the other half, the
// figures the feature set and label were chosen by. Usage:
//   npm run build && node dist/scripts/train-summary.js [train base path] [--check] [--out file]
import { readFileSync, writeFileSync } from 'node:fs';
import {
  clippedHits,
  clusterItems,
  ngramCount,
  ngrams,
  parseCluster,
  rougeN,
  truncateWords,
} from '../src/eval/summary.js';
import { storyBasis } from '../src/story/analyze.js';
import { FEATURES, summaryCandidates, summaryFeatures } from '../src/story/summary-features.js';
import { summarise } from '../src/story/summary.js';
import { ridge } from '../src/util/ridge.js';
import { words } from '../src/util/text.js';

const args = process.argv.slice(2);
const base = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--out') ?? '../shared/data/summary/train';
const RIDGE = 1;

const read = (ext: string) =>
  readFileSync(`${base}.${ext}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
const sources = read('source');
const targets = read('target');

/** Share of a text's bigrams found in the reference (clipped counts). */
function bigramPrecision(text: string, reference: Map<string, number>): number {
  const bigrams = ngrams(words(text), 2);
  const total = ngramCount(bigrams);
  return total ? clippedHits(bigrams, reference) / total : 0;
}

interface Cluster {
  basis: ReturnType<typeof storyBasis> | null;
  reference: string;
  rows: { x: number[]; y: number }[];
}

const clusters: Cluster[] = sources.map((line, i) => {
  const reference = parseCluster(targets[i])[0].text;
  const items = clusterItems(parseCluster(line));
  if (!items.length) return { basis: null, reference, rows: [] };
  const basis = storyBasis(items);
  const candidates = summaryCandidates(basis.sents);
  const features = summaryFeatures(basis.sents, candidates, basis.factOf);
  const ref = ngrams(words(reference), 2);
  const rows = candidates.map((s) => ({ x: features.get(s)!, y: bigramPrecision(s.text, ref) }));
  return { basis, reference, rows };
});

/** Weights rounded to 6 places: the artifact stays small and diffs stay readable. */
const fit = (rows: { x: number[]; y: number }[]) =>
  ridge(rows, FEATURES.length, RIDGE).map((w) => Math.round(w * 1e6) / 1e6);

function rouge(part: Cluster[], weights: number[]): string {
  let r1 = 0,
    r2 = 0;
  for (const c of part) {
    const budget = c.reference.split(/\s+/).length;
    const text = c.basis
      ? summarise(
          c.basis.sents,
          c.basis.factOf,
          c.basis.order,
          { sentences: 50, words: budget, overflow: true },
          weights,
        )
          .map((s) => s.text)
          .join(' ')
      : '';
    r1 += rougeN(truncateWords(text, budget), c.reference, 1);
    r2 += rougeN(truncateWords(text, budget), c.reference, 2);
  }
  return `ROUGE-1 ${((100 * r1) / part.length).toFixed(2)}, ROUGE-2 ${((100 * r2) / part.length).toFixed(2)}`;
}

if (args.includes('--check')) {
  const half = Math.floor(clusters.length / 2);
  const [a, b] = [clusters.slice(0, half), clusters.slice(half)];
  console.log(`trained on clusters 1-${half}, scored on the rest: ${rouge(b, fit(a.flatMap((c) => c.rows)))}`);
  console.log(
    `trained on clusters ${half + 1}-${clusters.length}, scored on the rest: ${rouge(a, fit(b.flatMap((c) => c.rows)))}`,
  );
}
const rows = clusters.flatMap((c) => c.rows);
const weights = fit(rows);
const outArg = args.indexOf('--out');
const out = outArg >= 0 ? args[outArg + 1] : 'src/story/data/summary-model.json';
writeFileSync(
  out,
  JSON.stringify(
    {
      trainedOn: `${base} (${clusters.length} clusters, ${rows.length} candidate sentences)`,
      label: 'bigram precision against the human summary',
      ridge: RIDGE,
      features: FEATURES,
      weights,
    },
    null,
    1,
  ) + '\n',
);
console.log(`wrote ${out}: ${FEATURES.map((f, i) => `${f} ${weights[i]}`).join('; ')}`);
