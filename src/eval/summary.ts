import { readFileSync } from 'node:fs';
import { analyzeArticle } from '../article/analyze.js';
import { sentences } from '../article/sentences.js';
import { tokenise } from '../article/tokens.js';
import { makeArticle } from '../ingest/article.js';
import { analyzeStory } from '../story/analyze.js';
import { overlapGraph, pagerank } from '../story/textrank.js';
import { cosine, termCounts, tfidf, type Vec } from '../story/vectors.js';
import { lcsLength } from '../util/lcs.js';
import { contentWords, wordCount, words } from '../util/text.js';

// Multi-document summary evaluation on NeuS/AllSides (X.source / X.target, one cluster a
// line). Every system gets the reference's word budget; ROUGE-1/2/L F1 (no stemming, no
// stopword removal) are averaged over clusters. Baselines follow their papers in
// simplified form: lead-3, LexRank (Erkan & Radev 2004, threshold 0.1), TextRank (Mihalcea
// & Tarau 2004, overlap similarity) and centroid (Radev et al. 2004).

export interface Doc {
  title: string;
  text: string;
}

export function parseCluster(line: string): Doc[] {
  return line.split(' [SEP] ').map((part) => {
    const m = /TITLE=>([\s\S]*?)ARTICLE=>([\s\S]*)$/.exec(part);
    return m ? { title: m[1].trim(), text: m[2].trim() } : { title: '', text: part.trim() };
  });
}

// --- ROUGE ---------------------------------------------------------------------------

export function ngrams(ws: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= ws.length; i++) {
    const k = ws.slice(i, i + n).join(' ');
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

const f1 = (hit: number, p: number, r: number) =>
  hit && p && r ? (2 * (hit / p) * (hit / r)) / (hit / p + hit / r) : 0;

/** N-grams of the candidate found in the reference, each counted at most as often as there. */
export function clippedHits(candidate: Map<string, number>, reference: Map<string, number>): number {
  let hit = 0;
  for (const [k, v] of candidate) hit += Math.min(v, reference.get(k) ?? 0);
  return hit;
}

export const ngramCount = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

export function rougeN(candidate: string, reference: string, n: number): number {
  const c = ngrams(words(candidate), n);
  const r = ngrams(words(reference), n);
  return f1(clippedHits(c, r), ngramCount(c), ngramCount(r));
}

export function rougeL(candidate: string, reference: string): number {
  const a = words(candidate);
  const b = words(reference);
  return f1(lcsLength(a, b), a.length, b.length);
}

/** The first `budget` words of a text. */
export function truncateWords(text: string, budget: number): string {
  return text.split(/\s+/).filter(Boolean).slice(0, budget).join(' ');
}

// --- systems -------------------------------------------------------------------------

type System = (docs: Doc[], budget: number) => string;

function splitSentences(docs: Doc[]): { text: string; doc: number; index: number }[] {
  return docs.flatMap((d, doc) => {
    const { tokens, sentenceSpans } = tokenise(d.text);
    return sentences(d.text, tokens, sentenceSpans).map((s, index) => ({
      text: d.text.slice(s.start, s.end),
      doc,
      index,
    }));
  });
}

function vectors(sents: { text: string }[]): Vec[] {
  const counts = sents.map((s) => termCounts(contentWords(s.text)));
  const df = new Map<string, number>();
  counts.forEach((c) => c.forEach((_, t) => df.set(t, (df.get(t) ?? 0) + 1)));
  return counts.map((c) => tfidf(c, (t) => df.get(t) ?? 0, counts.length));
}

/** Highest-scoring sentences, skipping near-repeats, until the budget is filled. */
function pick(sents: { text: string }[], vecs: Vec[], score: number[], budget: number): string {
  const order = score.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const chosen: number[] = [];
  let n = 0;
  for (const [, i] of order) {
    if (n >= budget) break;
    if (chosen.some((j) => cosine(vecs[i], vecs[j]) > 0.5)) continue;
    chosen.push(i);
    n += wordCount(sents[i].text);
  }
  return chosen.map((i) => sents[i].text).join(' ');
}

export const lead3: System = (docs) =>
  splitSentences(docs)
    .slice(0, 3)
    .map((s) => s.text)
    .join(' ');

export const lexrank: System = (docs, budget) => {
  const sents = splitSentences(docs);
  const v = vectors(sents);
  const w = v.map((a, i) => v.map((b, j) => (i !== j && cosine(a, b) > 0.1 ? 1 : 0)));
  return pick(sents, v, pagerank(w), budget);
};

export const textrank: System = (docs, budget) => {
  const sents = splitSentences(docs);
  return pick(sents, vectors(sents), pagerank(overlapGraph(sents.map((s) => s.text))), budget);
};

export const centroid: System = (docs, budget) => {
  const sents = splitSentences(docs);
  const v = vectors(sents);
  const c: Vec = new Map();
  v.forEach((x) => x.forEach((w, t) => c.set(t, (c.get(t) ?? 0) + w / v.length)));
  return pick(
    sents,
    v,
    v.map((x) => cosine(x, c)),
    budget,
  );
};

/** A cluster's documents as analysed articles; an empty or tiny article is left out, the others still make the story. */
export function clusterItems(docs: Doc[]) {
  return docs.flatMap((d, k) => {
    try {
      const article = makeArticle({ input: `doc${k}`, format: 'text', text: d.text, title: d.title || null });
      return [{ article, analysis: analyzeArticle(article) }];
    } catch {
      return [];
    }
  });
}

export const triangulateSummary: System = (docs, budget) => {
  const items = clusterItems(docs);
  if (!items.length) return '';
  return analyzeStory('eval', items, { summarySentences: 50, summaryWords: budget, summaryOverflow: true })
    .summary.map((s) => s.text)
    .join(' ');
};

export const SYSTEMS: Record<string, System> = { triangulate: triangulateSummary, lead3, lexrank, textrank, centroid };

export function evalSummary(
  path: string,
): Record<string, { rouge1: number; rouge2: number; rougeL: number; clusters: number }> {
  const base = path.replace(/\.(source|target)$/, '');
  const sources = readFileSync(`${base}.source`, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const targets = readFileSync(`${base}.target`, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const out: Record<string, { rouge1: number; rouge2: number; rougeL: number; clusters: number }> = {};
  for (const [name, system] of Object.entries(SYSTEMS)) {
    let r1 = 0,
      r2 = 0,
      rl = 0;
    sources.forEach((line, i) => {
      const ref = parseCluster(targets[i])[0].text;
      const budget = wordCount(ref);
      const cand = truncateWords(system(parseCluster(line), budget), budget);
      r1 += rougeN(cand, ref, 1);
      r2 += rougeN(cand, ref, 2);
      rl += rougeL(cand, ref);
    });
    const r = (x: number) => Math.round((x / sources.length) * 10000) / 100;
    out[name] = { rouge1: r(r1), rouge2: r(r2), rougeL: r(rl), clusters: sources.length };
  }
  return out;
}
