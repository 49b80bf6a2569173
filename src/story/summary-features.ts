import type { Fact } from '../model.js';
import { getOrInsert } from '../util/maps.js';
import { contentWords, wordCount, words } from '../util/text.js';
import type { Doc } from './context.js';
import { MAX_POSTINGS, SentenceGroups, type SentenceGroup, type StorySentence } from './sentences.js';
import { cosine, cosineNormed, dot, norm, termCounts, type Vec } from './vectors.js';

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
  for (const q of s.doc.analysis.quotes)
    if (q.kind === 'direct') n += Math.max(0, Math.min(q.end, s.end) - Math.max(q.start, s.start));
  return n / (s.end - s.start);
}

/** Summary sentences must stand alone: no headings, fragments, or sentences that are mostly someone's quoted words. */
export function summaryCandidates(sents: StorySentence[]): StorySentence[] {
  return sents.filter((s) => !s.heading && wordCount(s.text) >= 8 && wordCount(s.text) <= 60 && quotedShare(s) < 0.5);
}

/** Representatives TextRank runs on: every group of a story with at most this many, else the most repeated. */
export const CENTRALITY_GROUPS = 400;
/** Distinct headlines compared one by one; more are compared through their sum (mean) and shared words (max). */
const HEADLINES_ONE_BY_ONE = 64;

/** One feature vector (in FEATURES order) per candidate. */
export function summaryFeatures(
  sents: StorySentence[],
  candidates: StorySentence[],
  factOf: Map<StorySentence, Fact>,
  sentenceGroups = new SentenceGroups(sents),
): Map<StorySentence, number[]> {
  const centroid: Vec = new Map();
  for (const s of sents) for (const [t, w] of s.vec) centroid.set(t, (centroid.get(t) ?? 0) + w / sents.length);
  const centroidNorm = norm(centroid);
  // TextRank centrality; 30 iterations were what the weights were trained with.
  const pr = groupRank(sentenceGroups, sents.length, 0.85, 30);
  const rankMax = pr.reduce((a, b) => Math.max(a, b), 1e-9);
  const docs = [...new Set(sents.map((x) => x.doc))];
  const headlines = new Headlines(docs);
  const support = supportOf(sentenceGroups);
  const out = new Map<StorySentence, number[]>();
  for (const s of candidates) {
    const g = sentenceGroups.groupOf.get(s)!;
    const titles = headlines.similarity(s.vec, g.norm);
    const own = headlines.own(s.doc);
    const sup = support(s, g);
    out.set(s, [
      sup,
      sup / Math.max(1, docs.length - 1),
      factOf.get(s)?.sources ?? 0,
      1 / (1 + s.index * POSITION_DECAY),
      s.index === 0 ? 1 : 0,
      Math.min(s.index, 10) / 10,
      cosineNormed(s.vec, centroid, g.norm, centroidNorm),
      pr[g.index] / rankMax,
      titles.mean,
      titles.max,
      own ? cosine(s.vec, own) : 0,
      wordCount(s.text) / 30,
      /\d/.test(s.text) ? 1 : 0,
      quotedShare(s),
      1,
    ]);
  }
  return out;
}

/**
 * Support of a sentence: its similarity above SUPPORT_FLOOR to every sentence of the other
 * articles, summed in story order. Groups of identical sentences count once per member, and
 * only groups that share a word can add anything, so each group's neighbours are found once.
 */
function supportOf(sg: SentenceGroups): (s: StorySentence, g: SentenceGroup) => number {
  const near = new Map<SentenceGroup, { h: SentenceGroup; score: number }[]>();
  const perDoc = new Map<SentenceGroup, Map<Doc, number>>();
  const inDoc = (h: SentenceGroup, doc: Doc) => {
    if (h.members.length === 1) return h.members[0].doc === doc ? 1 : 0;
    let m = perDoc.get(h);
    if (!m) {
      m = new Map();
      for (const x of h.members) m.set(x.doc, (m.get(x.doc) ?? 0) + 1);
      perDoc.set(h, m);
    }
    return m.get(doc) ?? 0;
  };
  return (s, g) => {
    const list = getOrInsert(near, g, () =>
      [...sg.neighbours(g, SUPPORT_FLOOR), { h: g, score: cosineNormed(g.vec, g.vec, g.norm, g.norm) }].sort(
        (a, b) => a.h.index - b.h.index,
      ),
    );
    let support = 0;
    for (const { h, score } of list) {
      const others = h.members.length - inDoc(h, s.doc);
      if (others) support += others * Math.max(0, score - SUPPORT_FLOOR);
    }
    return support;
  };
}

/** The outlets' headlines as term counts, identical ones counted together. */
class Headlines {
  private readonly byDoc = new Map<Doc, Vec>();
  private readonly distinct: { vec: Vec; norm: number; count: number }[] = [];
  private readonly total: number;
  private readonly sum: Vec = new Map();
  private readonly postings = new Map<string, number[]>();

  constructor(docs: Doc[]) {
    const byKey = new Map<string, { vec: Vec; norm: number; count: number }>();
    for (const d of docs.filter((x) => x.article.title)) {
      const terms = contentWords(d.article.title!);
      const key = terms.join(' ');
      let h = byKey.get(key);
      if (!h) {
        const vec = termCounts(terms);
        byKey.set(key, (h = { vec, norm: norm(vec), count: 0 }));
        this.distinct.push(h);
      }
      h.count++;
      this.byDoc.set(d, h.vec);
    }
    this.total = this.byDoc.size;
    if (this.distinct.length <= HEADLINES_ONE_BY_ONE) return;
    // Many headlines: the mean of cosines is the cosine-like product with the sum of unit vectors.
    this.distinct.forEach((h, i) => {
      for (const [t, w] of h.vec) {
        if (h.norm) this.sum.set(t, (this.sum.get(t) ?? 0) + (h.count * w) / h.norm);
        getOrInsert(this.postings, t, () => []).push(i);
      }
    });
  }

  own(doc: Doc): Vec | undefined {
    return this.byDoc.get(doc);
  }

  /** Mean and max cosine similarity of a sentence vector to the headlines. */
  similarity(vec: Vec, vecNorm: number): { mean: number; max: number } {
    if (!this.total) return { mean: 0, max: 0 };
    if (this.distinct.length <= HEADLINES_ONE_BY_ONE) {
      let sum = 0;
      let max = -Infinity;
      for (const h of this.distinct) {
        const c = cosineNormed(vec, h.vec, vecNorm, h.norm);
        for (let k = 0; k < h.count; k++) sum += c;
        if (c > max) max = c;
      }
      return { mean: sum / this.total, max };
    }
    let max = 0;
    const seen = new Set<number>();
    for (const t of vec.keys()) {
      const list = this.postings.get(t) ?? [];
      if (list.length > MAX_POSTINGS) continue;
      for (const i of list) {
        if (seen.has(i)) continue;
        seen.add(i);
        max = Math.max(max, cosineNormed(vec, this.distinct[i].vec, vecNorm, this.distinct[i].norm));
      }
    }
    return { mean: vecNorm ? dot(vec, this.sum) / vecNorm / this.total : 0, max };
  }
}

/**
 * TextRank (src/story/textrank.ts) over groups of identical sentences: a group stands for
 * its members, who share one score, so the result is PageRank over every sentence. Past
 * CENTRALITY_GROUPS groups, it runs on the most repeated ones and every other group takes
 * one PageRank step from them. Returns a score per group (by group index).
 */
export function groupRank(sg: SentenceGroups, n: number, damping: number, iterations: number): number[] {
  const groups = sg.groups;
  const reps =
    groups.length <= CENTRALITY_GROUPS
      ? groups
      : [...groups]
          .sort((a, b) => b.members.length - a.members.length || a.index - b.index)
          .slice(0, CENTRALITY_GROUPS)
          .sort((a, b) => a.index - b.index);
  const sets = new Map(groups.map((g) => [g, new Set(words(g.members[0].text))]));
  const overlap = (a: Set<string>, b: Set<string>) => {
    if (a.size < 2 || b.size < 2) return 0;
    let common = 0;
    for (const x of a) if (b.has(x)) common++;
    return common / (Math.log(a.size) + Math.log(b.size));
  };
  const r = reps.length;
  const w = new Float64Array(r * r);
  for (let i = 0; i < r; i++)
    for (let j = 0; j < r; j++) w[i * r + j] = overlap(sets.get(reps[i])!, sets.get(reps[j])!);
  // Edges between a member of group j and the members of group i other than itself: out of
  // one member of j go edges(i, j) weights w[j][i]; into one member of i come edges(j, i).
  const edges = (i: number, j: number) => reps[i].members.length - (i === j ? 1 : 0);
  const out = new Float64Array(r);
  for (let j = 0; j < r; j++) for (let i = 0; i < r; i++) out[j] += edges(i, j) * w[j * r + i];
  let p = new Array<number>(r).fill(1 / n);
  for (let it = 0; it < iterations; it++) {
    const next = new Array<number>(r).fill((1 - damping) / n);
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < r; j++) {
        const m = edges(j, i);
        if (m && w[j * r + i] && out[j]) next[i] += (damping * w[j * r + i] * p[j] * m) / out[j];
      }
    }
    p = next;
  }
  const score = new Array<number>(groups.length).fill((1 - damping) / n);
  reps.forEach((g, i) => (score[g.index] = p[i]));
  if (reps.length < groups.length) {
    const isRep = new Set(reps);
    for (const g of groups) {
      if (isRep.has(g)) continue;
      const set = sets.get(g)!;
      for (let j = 0; j < r; j++) {
        const x = overlap(sets.get(reps[j])!, set);
        if (x && out[j]) score[g.index] += (damping * x * p[j] * reps[j].members.length) / out[j];
      }
    }
  }
  return score;
}
