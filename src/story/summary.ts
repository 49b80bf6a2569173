import type { SummarySentence } from '../model.js';
import { datelineLength } from '../ingest/textmeta.js';
import { cite, sortCitations } from './context.js';
import type { Fact } from '../model.js';
import type { StorySentence } from './sentences.js';
import { cosine } from './vectors.js';
import { overlapGraph, pagerank } from './textrank.js';

// Extractive summary by maximal marginal relevance: relevance is how well other
// articles corroborate a sentence (support, shared facts), how early it stands in its
// article, how close it is to the story's centroid and how central it is in the
// sentence graph (TextRank); each pick is penalised by its similarity to what is
// already chosen.

const LAMBDA = 0.7;
// Relevance weights, chosen on NeuS train clusters 1–1,200 and checked on 1,201–2,452 (val untouched).
const SUPPORT_FLOOR = 0.05;
const FACT_WEIGHT = 0.3;
const POSITION_WEIGHT = 1;
const POSITION_DECAY = 0.3;
const CENTROID_WEIGHT = 3;
const CENTRALITY_WEIGHT = 3;

export function summarise(sents: StorySentence[], factOf: Map<StorySentence, Fact>, order: Map<string, number>, maxSentences = 6, maxWords = Infinity): SummarySentence[] {
  const quotedShare = (s: StorySentence) =>
    s.doc.analysis.quotes.filter((q) => q.kind === 'direct').reduce((n, q) => n + Math.max(0, Math.min(q.end, s.end) - Math.max(q.start, s.start)), 0) / (s.end - s.start);
  // Summary sentences must stand alone: no headings, fragments, or sentences that are mostly someone's quoted words.
  const candidates = sents.filter((s) => !s.heading && s.text.split(/\s+/).length >= 8 && s.text.split(/\s+/).length <= 60 && quotedShare(s) < 0.5);
  const relevance = new Map<StorySentence, number>();
  const centroid = new Map<string, number>();
  for (const s of sents) for (const [t, w] of s.vec) centroid.set(t, (centroid.get(t) ?? 0) + w / sents.length);
  // TextRank centrality; 30 iterations were what the weights were chosen with.
  const pr = pagerank(overlapGraph(sents.map((x) => x.text)), 0.85, 30);
  const rank = new Map(sents.map((x, i) => [x, pr[i]]));
  const rankMax = Math.max(1e-9, ...rank.values());
  for (const s of candidates) {
    let support = 0;
    for (const o of sents) if (o.doc !== s.doc) support += Math.max(0, cosine(s.vec, o.vec) - SUPPORT_FLOOR);
    const fact = factOf.get(s);
    const position = 1 / (1 + s.index * POSITION_DECAY);
    relevance.set(s, support + (fact ? fact.sources * FACT_WEIGHT : 0) + position * POSITION_WEIGHT + CENTROID_WEIGHT * cosine(s.vec, centroid) + CENTRALITY_WEIGHT * ((rank.get(s) ?? 0) / rankMax));
  }
  const max = Math.max(1e-9, ...relevance.values());
  // An article's opening sentence is quoted without its dateline ("WASHINGTON (Reuters) -").
  const cutOf = (s: StorySentence) => (s.index === 0 ? datelineLength(s.text) : 0);
  const chosen: StorySentence[] = [];
  let words = 0;
  while (chosen.length < maxSentences && words < maxWords) {
    let best: { s: StorySentence; score: number } | null = null;
    for (const s of candidates) {
      if (chosen.includes(s)) continue;
      const redundancy = chosen.length ? Math.max(...chosen.map((c) => cosine(c.vec, s.vec))) : 0;
      const score = LAMBDA * (relevance.get(s)! / max) - (1 - LAMBDA) * redundancy;
      if (!best || score > best.score + 1e-12) best = { s, score };
    }
    if (!best || best.score <= 0) break;
    chosen.push(best.s);
    words += best.s.text.slice(cutOf(best.s)).split(/\s+/).length;
  }
  // Reading order: by the article's reference date, then story order, then position.
  chosen.sort((a, b) => (a.doc.reference?.value ?? '9999').localeCompare(b.doc.reference?.value ?? '9999') || order.get(a.doc.article.id)! - order.get(b.doc.article.id)! || a.start - b.start);
  return chosen.map((s) => {
    const fact = factOf.get(s);
    const citation = cite(s.doc, { start: s.start + cutOf(s), end: s.end });
    return {
      text: citation.text,
      citation,
      corroboratedBy: sortCitations((fact?.citations ?? []).filter((c) => c.articleId !== citation.articleId), order),
    };
  });
}
