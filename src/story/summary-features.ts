import type { Fact } from '../model.js';
import { contentWords, wordCount } from '../util/text.js';
import type { StorySentence } from './sentences.js';
import { overlapGraph, pagerank } from './textrank.js';
import { cosine, termCounts, type Vec } from './vectors.js';

// What the summary knows about a candidate sentence. The learned weights of
// data/summary-model.json (scripts/train-summary.ts) combine these into its relevance, so
// the order of FEATURES is the order of the weights.

export const FEATURES = [
  'support', // corroboration: similarity to other articles' sentences above a floor, summed
  'support per other article',
  'fact sources', // independent sources of the sentence's fact
  'position', // 1 / (1 + 0.3 index): earlier is more newsworthy
  'opening sentence',
  'index (capped at 10) / 10',
  'centroid similarity',
  'centrality', // TextRank, relative to the story's most central sentence
  'mean headline similarity', // headlines are the outlets' own summaries
  'max headline similarity',
  'own headline similarity',
  'words / 30',
  'has a digit',
  'quoted share',
  'bias',
] as const;

const SUPPORT_FLOOR = 0.05;
const POSITION_DECAY = 0.3;


/** Share of the sentence's characters inside direct quotes. */
export function quotedShare(s: StorySentence): number {
  let n = 0;
  for (const q of s.doc.analysis.quotes) if (q.kind === 'direct') n += Math.max(0, Math.min(q.end, s.end) - Math.max(q.start, s.start));
  return n / (s.end - s.start);
}

/** Summary sentences must stand alone: no headings, fragments, or sentences that are mostly someone's quoted words. */
export function summaryCandidates(sents: StorySentence[]): StorySentence[] {
  return sents.filter((s) => !s.heading && wordCount(s.text) >= 8 && wordCount(s.text) <= 60 && quotedShare(s) < 0.5);
}

/** One feature vector (in FEATURES order) per candidate. */
export function summaryFeatures(sents: StorySentence[], candidates: StorySentence[], factOf: Map<StorySentence, Fact>): Map<StorySentence, number[]> {
  const centroid: Vec = new Map();
  for (const s of sents) for (const [t, w] of s.vec) centroid.set(t, (centroid.get(t) ?? 0) + w / sents.length);
  // TextRank centrality; 30 iterations were what the weights were trained with.
  const pr = pagerank(overlapGraph(sents.map((x) => x.text)), 0.85, 30);
  const rank = new Map(sents.map((x, i) => [x, pr[i]]));
  const rankMax = Math.max(1e-9, ...pr);
  const docs = [...new Set(sents.map((x) => x.doc))];
  const headline = new Map(docs.filter((d) => d.article.title).map((d) => [d, termCounts(contentWords(d.article.title!))]));
  const out = new Map<StorySentence, number[]>();
  for (const s of candidates) {
    let support = 0;
    for (const o of sents) if (o.doc !== s.doc) support += Math.max(0, cosine(s.vec, o.vec) - SUPPORT_FLOOR);
    const titles = [...headline.values()].map((t) => cosine(s.vec, t));
    const own = headline.get(s.doc);
    out.set(s, [
      support,
      support / Math.max(1, docs.length - 1),
      factOf.get(s)?.sources ?? 0,
      1 / (1 + s.index * POSITION_DECAY),
      s.index === 0 ? 1 : 0,
      Math.min(s.index, 10) / 10,
      cosine(s.vec, centroid),
      (rank.get(s) ?? 0) / rankMax,
      titles.length ? titles.reduce((a, b) => a + b, 0) / titles.length : 0,
      titles.length ? Math.max(...titles) : 0,
      own ? cosine(s.vec, own) : 0,
      wordCount(s.text) / 30,
      /\d/.test(s.text) ? 1 : 0,
      quotedShare(s),
      1,
    ]);
  }
  return out;
}
