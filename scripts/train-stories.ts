// Trains the clusterer's same-event model (src/story/data/story-model.json) on the ECB+
// train topics, never the dev topics (src/eval/coref.ts SPLITS). Each train stream (file
// order, then shuffled with seeds 1–4) is fed to the clusterer with every article placed in
// its gold sub-topic's story; each candidate story the clusterer scored for it is an
// example: features (log cosine and same-event.ts's FEATURES), label "same sub-topic". A
// logistic regression (L2 penalty LAMBDA) weighs them; dividing by the log-cosine weight
// puts the weights on the cosine's scale (affinity = cosine × exp(Σ w·f)). The joining
// threshold is then the one of THRESHOLDS with the best mean BCubed F1 over the same train
// streams. With --check it first trains on two thirds of the train topics and scores the
// held-out third, against the clusterer before the model (people only, threshold 0.18).
// Usage:
//   npm run build && node dist/scripts/train-stories.js [ecbplus dir] [--check] [--out file]
import { writeFileSync } from 'node:fs';
import { clusterStream, prepareEcb, shuffled, type EcbItem } from '../src/eval/cluster.js';
import { SPLITS } from '../src/eval/coref.js';
import { Clusterer } from '../src/story/cluster.js';
import { FEATURES, type StoryModel } from '../src/story/same-event.js';
import { logistic } from '../src/util/logistic.js';

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--out') ?? '../shared/data/coref/ecbplus';
const out = args.includes('--out')
  ? args[args.indexOf('--out') + 1]
  : new URL('../../src/story/data/story-model.json', import.meta.url).pathname;

const LAMBDA = 10;
/** Seeds of the shuffled streams; 0 is file order. */
const ORDERS = [0, 1, 2, 3, 4];
const THRESHOLDS = Array.from({ length: 15 }, (_, i) => (10 + i) / 100);
/** Candidates scoring less are no decision the model has to make. */
const MIN_COSINE = 0.03;
/** The clusterer before the model: people strangers scale the cosine by 0.7. */
const BEFORE: StoryModel = { weights: [Math.log(0.7), ...FEATURES.slice(1).map(() => 0)], threshold: 0.18 };

const streams = (docs: EcbItem[]) => ORDERS.map((seed) => (seed ? shuffled(docs, seed) : docs));

/** Examples from streams placed by gold: [1, log cosine, ...features] and whether the story is the article's sub-topic. */
function examples(docs: EcbItem[]): { x: number[]; y: number }[] {
  const rows: { x: number[]; y: number }[] = [];
  for (const stream of streams(docs)) {
    // The committed model plays no part (every article goes where `choose` puts it): a
    // neutral one, so that the trainer runs when the artifact is stale (other FEATURES).
    const c = new Clusterer(null, { weights: FEATURES.map(() => 0), threshold: 0 });
    const storyOf = new Map<string, string>();
    const goldOf = new Map<string, string>();
    for (const d of stream) {
      const placed = c.assign(d.id, d.evidence, null, (candidates) => {
        for (const k of candidates) {
          if (k.cosine >= MIN_COSINE)
            rows.push({ x: [1, Math.log(k.cosine), ...k.features], y: goldOf.get(k.storyId) === d.gold ? 1 : 0 });
        }
        return storyOf.get(d.gold) ?? null;
      });
      storyOf.set(d.gold, placed.storyId);
      goldOf.set(placed.storyId, d.gold);
    }
  }
  return rows;
}

const meanBcubed = (docs: EcbItem[], model: StoryModel) => {
  const f1 = streams(docs).map((s) => clusterStream(s, model).bcubed.f1);
  return f1.reduce((a, b) => a + b, 0) / f1.length;
};

function train(docs: EcbItem[]): { model: StoryModel; rows: number } {
  const rows = examples(docs);
  const w = logistic(rows, FEATURES.length + 2, LAMBDA);
  const weights = w.slice(2).map((x) => Math.round((x / w[1]) * 1e4) / 1e4);
  let best = { threshold: THRESHOLDS[0], f1: -1 };
  for (const threshold of THRESHOLDS) {
    const f1 = meanBcubed(docs, { weights, threshold });
    if (f1 > best.f1) best = { threshold, f1 };
  }
  return { model: { weights, threshold: best.threshold }, rows: rows.length };
}

const all = prepareEcb(dir);
const trainTopics = new Set(SPLITS.train);
const docs = all.filter((d) => trainTopics.has(d.topic));

if (args.includes('--check')) {
  const topics = [...trainTopics].sort((a, b) => a - b);
  for (let k = 0; k < 3; k++) {
    const held = new Set(topics.filter((_, i) => i % 3 === k));
    const { model } = train(docs.filter((d) => !held.has(d.topic)));
    const test = docs.filter((d) => held.has(d.topic));
    console.log(
      `held-out topics ${[...held].join(' ')}: mean BCubed F1 over ${ORDERS.length} streams ${meanBcubed(test, BEFORE).toFixed(2)} before, ${meanBcubed(test, model).toFixed(2)} with the model (threshold ${model.threshold})`,
    );
  }
}

const { model, rows } = train(docs);
writeFileSync(
  out,
  JSON.stringify(
    {
      trainedOn: `${dir} train topics (${docs.length} documents, ${ORDERS.length} streams, ${rows} candidate stories)`,
      lambda: LAMBDA,
      features: FEATURES,
      weights: model.weights,
      threshold: model.threshold,
    },
    null,
    1,
  ) + '\n',
);
console.log(
  `wrote ${out}: weights ${model.weights.join(' ')}, threshold ${model.threshold}; mean BCubed F1 on the train streams ${meanBcubed(docs, model).toFixed(2)} (before the model ${meanBcubed(docs, BEFORE).toFixed(2)})`,
);
