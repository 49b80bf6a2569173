import type { Fact, SummarySentence } from '../model.js';
import { cite, sortCitations } from './context.js';
import model from './data/summary-model.json' with { type: 'json' };
import { SentenceGroups, type StorySentence } from './sentences.js';
import { wordCount } from '../util/text.js';
import { FEATURES, summaryCandidates, summaryFeatures } from './summary-features.js';
import { cosine } from './vectors.js';

// Extractive summary by maximal marginal relevance. A sentence's relevance is a linear
// model over what the story knows of it (corroboration, shared facts, position,
// centrality, likeness to the outlets' headlines; see summary-features.ts), trained on
// NeuS train by scripts/train-summary.ts to predict the share of its bigrams a human
// summary uses. Each pick is penalised by its similarity to what is already chosen.

const LAMBDA = 0.7;

// Weights trained on another feature list would silently mis-score, so they are refused.
const trained: number[] | null = model.features.join('|') === FEATURES.join('|') ? model.weights : null;

export interface SummaryLength {
  /** At most this many sentences (default 6). */
  sentences?: number;
  /** At most this many words, in whole sentences; the most relevant sentence is always kept, however long. */
  words?: number;
  /** Let the last sentence run past `words` instead of skipping it: ROUGE evaluation fills the budget and cuts the rest. */
  overflow?: boolean;
}

/** `weights` other than the trained ones are for the trainer's held-out check. */
export function summarise(
  sents: StorySentence[],
  factOf: Map<StorySentence, Fact>,
  order: Map<string, number>,
  length: SummaryLength = {},
  weights = trained,
  groups = new SentenceGroups(sents),
): SummarySentence[] {
  const { sentences: maxSentences = 6, words: maxWords = Infinity, overflow = false } = length;
  if (!weights)
    throw new Error(
      'src/story/data/summary-model.json was trained on other features: rebuild it with scripts/train-summary.ts',
    );
  const w = weights;
  const candidates = summaryCandidates(sents);
  const features = summaryFeatures(sents, candidates, factOf, groups);
  const relevance = new Map(candidates.map((s) => [s, features.get(s)!.reduce((a, f, i) => a + f * w[i], 0)]));
  let max = 1e-9;
  for (const r of relevance.values()) max = Math.max(max, r);
  const chosen: StorySentence[] = [];
  let words = 0;
  while (chosen.length < maxSentences && words < maxWords) {
    let best: { s: StorySentence; score: number } | null = null;
    for (const s of candidates) {
      if (chosen.includes(s)) continue;
      if (!overflow && chosen.length && words + wordCount(s.text) > maxWords) continue;
      const redundancy = chosen.length ? Math.max(...chosen.map((c) => cosine(c.vec, s.vec))) : 0;
      const score = LAMBDA * (relevance.get(s)! / max) - (1 - LAMBDA) * redundancy;
      if (!best || score > best.score + 1e-12) best = { s, score };
    }
    // The most relevant sentence is always taken, however its relevance scores; later picks must add more than they repeat.
    if (!best || (chosen.length && best.score <= 0)) break;
    chosen.push(best.s);
    words += wordCount(best.s.text);
  }
  // Reading order: by the article's reference date, then story order, then position.
  chosen.sort(
    (a, b) =>
      (a.doc.reference?.value ?? '9999').localeCompare(b.doc.reference?.value ?? '9999') ||
      order.get(a.doc.article.id)! - order.get(b.doc.article.id)! ||
      a.start - b.start,
  );
  return chosen.map((s) => {
    const fact = factOf.get(s);
    const citation = cite(s.doc, { start: s.start, end: s.end });
    return {
      text: citation.text,
      citation,
      corroboratedBy: sortCitations(
        (fact?.citations ?? []).filter((c) => c.articleId !== citation.articleId),
        order,
      ),
    };
  });
}
