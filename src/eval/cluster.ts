import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeArticle } from '../article/analyze.js';
import { makeArticle } from '../ingest/article.js';
import type { Article, ArticleAnalysis, StoryEvidence } from '../model.js';
import { Clusterer } from '../story/cluster.js';
import type { StoryModel } from '../story/same-event.js';
import { storyEvidence } from '../story/evidence.js';
import { prf, type PRF } from './ner.js';
import { eventStorylines } from './stream.js';

// Story clustering on ECB+: every document is fed to the online clusterer as a stream;
// the gold story is topic + sub-topic (ecb / ecbplus: two similar but different events
// per topic). Scored with pairwise P/R/F1 and BCubed.

const ENT: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text of an ECB+ CAT document: tokens joined by spaces, one paragraph per sentence. */
export function ecbText(xml: string): string {
  const sents: string[][] = [];
  for (const m of xml.matchAll(/<token[^>]*sentence="(\d+)"[^>]*>([^<]*)<\/token>/g)) {
    const s = Number(m[1]);
    (sents[s] ??= []).push(m[2].replace(/&(\w+);/g, (x, e) => ENT[e] ?? x).replace(/``|''/g, '"'));
  }
  return sents
    .filter(Boolean)
    .map((t) => t.join(' '))
    .join('\n\n');
}

export interface ClusterScores {
  documents: number;
  clusters: number;
  gold_clusters: number;
  pairwise: PRF;
  bcubed: { precision: number; recall: number; f1: number };
}

export function scoreClustering(pred: string[], gold: string[]): Omit<ClusterScores, 'documents'> {
  const n = pred.length;
  const pairs = (m: Map<string, number>) => [...m.values()].reduce((a, c) => a + (c * (c - 1)) / 2, 0);
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const joint = count(pred.map((p, i) => `${p}\u0000${gold[i]}`));
  const pc = count(pred);
  const gc = count(gold);
  const tp = pairs(joint);
  let bp = 0;
  let br = 0;
  for (let i = 0; i < n; i++) {
    const both = joint.get(`${pred[i]}\u0000${gold[i]}`)!;
    bp += both / pc.get(pred[i])!;
    br += both / gc.get(gold[i])!;
  }
  const P = bp / n;
  const R = br / n;
  const r = (x: number) => Math.round(x * 10000) / 100;
  return {
    clusters: pc.size,
    gold_clusters: gc.size,
    pairwise: prf(tp, pairs(pc), pairs(gc)),
    bcubed: { precision: r(P), recall: r(R), f1: r(P + R ? (2 * P * R) / (P + R) : 0) },
  };
}

interface Doc {
  name: string;
  gold: string;
  text: string;
}

export function loadEcb(dir: string): Doc[] {
  const docs: Doc[] = [];
  const topics = readdirSync(dir)
    .filter((t) => /^\d+$/.test(t) && statSync(join(dir, t)).isDirectory())
    .sort((a, b) => Number(a) - Number(b));
  for (const t of topics) {
    const files = readdirSync(join(dir, t))
      .filter((f) => f.endsWith('.xml'))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const f of files)
      docs.push({
        name: f,
        gold: `${t}${f.includes('ecbplus') ? '+' : ''}`,
        text: ecbText(readFileSync(join(dir, t, f), 'utf8')),
      });
  }
  return docs;
}

/** Deterministic Fisher–Yates shuffle (linear congruential generator, fixed seed). */
export function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = Math.floor((s / 2147483648) * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** An ECB+ document as the clusterer sees it (and its analysis, for the storylines' briefs). */
export interface EcbItem extends Doc {
  id: string;
  topic: number;
  evidence: StoryEvidence;
  article: Article;
  analysis: ArticleAnalysis;
}

/** Every document read and analysed as the product would (the stream order only changes assignment). */
export function prepareEcb(dir: string): EcbItem[] {
  return loadEcb(dir).map((d) => {
    const article = makeArticle({ input: d.name, format: 'text', text: d.text });
    const analysis = analyzeArticle(article);
    const evidence = storyEvidence(article, analysis);
    return { ...d, id: article.id, topic: parseInt(d.gold, 10), evidence, article, analysis };
  });
}

/** One stream through a fresh clusterer, scored against the sub-topics. */
export function clusterStream(stream: EcbItem[], model?: StoryModel): ClusterScores {
  const c = new Clusterer(null, model);
  // A document's story is where it ended up, after any merges.
  const pred = stream.map((d) => c.assign(d.id, d.evidence).storyId).map((id) => c.resolve(id));
  return {
    documents: stream.length,
    ...scoreClustering(
      pred,
      stream.map((d) => d.gold),
    ),
  };
}

/** Scores at both levels: events against sub-topics, storylines (linked events) against topics. */
export interface LevelScores {
  events: ClusterScores;
  /** `unlinked_bcubed_f1`: the events themselves scored against the topics (what linking adds to). */
  storylines: ClusterScores & { linked_events: number; storylines: number; unlinked_bcubed_f1: number };
}

/** One stream through a fresh clusterer; its events linked into storylines (see story/storylines.ts). */
export function clusterLevels(stream: EcbItem[]): LevelScores {
  const c = new Clusterer(null);
  const pred = stream.map((d) => c.assign(d.id, d.evidence).storyId).map((id) => c.resolve(id));
  const { lineOf, storylines } = eventStorylines(stream, pred, c);
  const score = (p: string[], gold: string[]) => ({ documents: stream.length, ...scoreClustering(p, gold) });
  const events = score(
    pred,
    stream.map((d) => d.gold),
  );
  const lines = score(
    pred.map((e) => lineOf.get(e) ?? e),
    stream.map((d) => String(d.topic)),
  );
  const unlinked = scoreClustering(
    pred,
    stream.map((d) => String(d.topic)),
  ).bcubed.f1;
  const counts = { linked_events: lineOf.size, storylines: storylines.length, unlinked_bcubed_f1: unlinked };
  return { events, storylines: { ...lines, ...counts } };
}

export function evalCluster(dir: string, seed = 1): Record<string, LevelScores> {
  const docs = prepareEcb(dir);
  return { file_order: clusterLevels(docs), [`shuffled_seed_${seed}`]: clusterLevels(shuffled(docs, seed)) };
}
