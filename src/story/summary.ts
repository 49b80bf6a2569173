import type { SummarySentence } from '../model.js';
import { cite, sortCitations } from './context.js';
import type { Fact } from '../model.js';
import type { StorySentence } from './sentences.js';
import { cosine } from './vectors.js';

// Extractive summary by maximal marginal relevance: relevance is how well other
// articles corroborate a sentence (and how early it stands in its article); each pick
// is penalised by its similarity to what is already chosen.

const LAMBDA = 0.7;

export function summarise(sents: StorySentence[], factOf: Map<StorySentence, Fact>, order: Map<string, number>, maxSentences = 6, maxWords = Infinity): SummarySentence[] {
  const quotedShare = (s: StorySentence) =>
    s.doc.analysis.quotes.filter((q) => q.kind === 'direct').reduce((n, q) => n + Math.max(0, Math.min(q.end, s.end) - Math.max(q.start, s.start)), 0) / (s.end - s.start);
  // Summary sentences must stand alone: no headings, fragments, or sentences that are mostly someone's quoted words.
  const candidates = sents.filter((s) => !s.heading && s.text.split(/\s+/).length >= 8 && s.text.split(/\s+/).length <= 60 && quotedShare(s) < 0.5);
  const relevance = new Map<StorySentence, number>();
  for (const s of candidates) {
    let support = 0;
    for (const o of sents) if (o.doc !== s.doc) support += Math.max(0, cosine(s.vec, o.vec) - 0.1);
    const fact = factOf.get(s);
    const position = 1 / (1 + s.index * 0.3);
    relevance.set(s, support + (fact ? fact.sources * 0.3 : 0) + position * 0.5);
  }
  const max = Math.max(1e-9, ...relevance.values());
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
    words += best.s.text.split(/\s+/).length;
  }
  // Reading order: by the article's reference date, then story order, then position.
  chosen.sort((a, b) => (a.doc.reference?.value ?? '9999').localeCompare(b.doc.reference?.value ?? '9999') || order.get(a.doc.article.id)! - order.get(b.doc.article.id)! || a.start - b.start);
  return chosen.map((s) => {
    const fact = factOf.get(s);
    const citation = cite(s.doc, s);
    return {
      text: s.text,
      citation,
      corroboratedBy: sortCitations((fact?.citations ?? []).filter((c) => c.articleId !== citation.articleId), order),
    };
  });
}
