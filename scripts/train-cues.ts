// Trains the attribution cue detector (src/article/data/cue-model.json): an averaged
// perceptron over cueFeatures, on PolNeAR train (never dev), every annotator's file as its
// own example. The threshold is the one that scores best on held-out train articles: models
// trained on each half of the articles are scored (overlap F1) on the other half at several
// thresholds, and the best threshold is kept for the model trained on all.
// Usage: npm run build && node dist/scripts/train-cues.js [polnear train dir] [--out file]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cueFeatures, type CueModel } from '../src/article/cues.js';
import { quotedSpans } from '../src/article/quotes.js';
import { sentences } from '../src/article/sentences.js';
import { sentenceTokenRanges } from '../src/article/analyze.js';
import { tokenise } from '../src/article/tokens.js';
import { annotations, evalQuotes, parseAnn, quotesWith } from '../src/eval/quotes.js';
import { byString } from '../src/util/text.js';

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--out') ?? '../shared/data/quotes/train';
const outArg = args.indexOf('--out');
const out = outArg >= 0 ? args[outArg + 1] : 'src/article/data/cue-model.json';
const EPOCHS = 5;
/** Weights smaller than this are dropped from the artifact (they decide nothing). */
const CUT = 1;
const THRESHOLDS = [-8, -6, -4, -2, 0];

interface Example {
  article: string;
  feats: string[];
  cue: boolean;
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const [article, anns] of annotations(join(dir, 'attributions'))) {
    const text = readFileSync(join(dir, 'text', `${article}.txt`), 'utf8');
    const { tokens, sentenceSpans } = tokenise(text);
    const ranges = sentenceTokenRanges(tokens, sentences(text, tokens, sentenceSpans));
    const spans = quotedSpans(text);
    const quoted = tokens.map((t) => spans.some((q) => t.start >= q.start && t.end <= q.end));
    for (const ann of anns) {
      const cueStarts = new Set<number>();
      for (const g of parseAnn(readFileSync(join(dir, 'attributions', ann), 'utf8')))
        if (g.cue) cueStarts.add(g.cue.start);
      for (const [a, b] of ranges) {
        // Sentences inside quote marks are the rules' domain (direct quotes); the detector learns the rest.
        for (let i = a; i <= b; i++)
          if (!quoted[i])
            out.push({ article, feats: cueFeatures(tokens, i, a, b, false), cue: cueStarts.has(tokens[i].start) });
      }
    }
  }
  return out;
}

/** Binary averaged perceptron (Collins 2002), examples in a fixed order: deterministic. */
function train(data: Example[]): Record<string, number> {
  const w = new Map<string, number>();
  const u = new Map<string, number>(); // summed updates weighted by time, for averaging
  let c = 1;
  for (let e = 0; e < EPOCHS; e++) {
    for (const x of data) {
      let s = 0;
      for (const f of x.feats) s += w.get(f) ?? 0;
      const y = x.cue ? 1 : -1;
      if (y * s <= 0) {
        for (const f of x.feats) {
          w.set(f, (w.get(f) ?? 0) + y);
          u.set(f, (u.get(f) ?? 0) + y * c);
        }
      }
      c++;
    }
  }
  const avg: Record<string, number> = {};
  for (const [f, x] of [...w].sort((p, q) => byString(p[0], q[0]))) {
    const v = Math.round((x - (u.get(f) ?? 0) / c) * 1000) / 1000;
    if (Math.abs(v) >= CUT) avg[f] = v;
  }
  return avg;
}

const data = examples();
const articles = [...new Set(data.map((x) => x.article))];
console.log(`${data.length} tokens, ${data.filter((x) => x.cue).length} cues, ${articles.length} articles`);
let threshold = THRESHOLDS[THRESHOLDS.length - 1];
{
  const half = new Set(articles.filter((_, i) => i % 2 === 0));
  const totals = new Map<number, { correct: number; predicted: number; gold: number }>();
  for (const [trainOn, scoreOn] of [
    [(a: string) => half.has(a), (a: string) => !half.has(a)],
    [(a: string) => !half.has(a), (a: string) => half.has(a)],
  ]) {
    const weights = train(data.filter((x) => trainOn(x.article)));
    for (const t of [...THRESHOLDS, Infinity]) {
      const r = evalQuotes(
        dir,
        (text) => quotesWith(text, t === Infinity ? null : { weights, threshold: t }),
        scoreOn,
      ).content_overlap;
      const sum = totals.get(t) ?? { correct: 0, predicted: 0, gold: 0 };
      totals.set(t, {
        correct: sum.correct + r.correct,
        predicted: sum.predicted + r.predicted,
        gold: sum.gold + r.gold,
      });
    }
  }
  let bestF = -1;
  for (const [t, s] of totals) {
    const p = s.correct / s.predicted,
      r = s.correct / s.gold,
      f = (2 * p * r) / (p + r);
    console.log(
      `threshold ${t === Infinity ? 'none (rules only)' : t}: held-out overlap P ${(100 * p).toFixed(2)} R ${(100 * r).toFixed(2)} F1 ${(100 * f).toFixed(2)}`,
    );
    if (t !== Infinity && f > bestF) ((bestF = f), (threshold = t));
  }
}
const model: CueModel & { trainedOn: string; epochs: number } = {
  trainedOn: `${dir} (${articles.length} articles, ${data.length} tokens)`,
  epochs: EPOCHS,
  threshold,
  weights: train(data),
};
writeFileSync(out, JSON.stringify(model) + '\n');
console.log(`wrote ${out}: threshold ${threshold}, ${Object.keys(model.weights).length} features`);
