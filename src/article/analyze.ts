import type { Article, ArticleAnalysis } from '../model.js';
import { findEntities } from './entities.js';
import { identifyLanguage, readsAsEnglish } from './language.js';
import { findQuantities } from './quantities.js';
import { findQuotes } from './quotes.js';
import { sentences } from './sentences.js';
import { findTimes } from './time.js';
import { tenseAt } from './time-resolve.js';
import { tokenise } from './tokens.js';

/** Bumped whenever an analyser's output changes, so stored analyses are recomputed. */
export const ANALYSIS_VERSION = 14;

/** Token index range [first, last] of each sentence. */
export function sentenceTokenRanges(
  tokens: { start: number; end: number }[],
  sents: { start: number; end: number }[],
): [number, number][] {
  const ranges: [number, number][] = [];
  let i = 0;
  for (const s of sents) {
    while (i < tokens.length && tokens[i].start < s.start) i++;
    const first = i;
    while (i < tokens.length && tokens[i].end <= s.end) i++;
    ranges.push([first, i - 1]);
  }
  return ranges;
}

/**
 * The per-article pipeline, composed here and only here: tokens -> sentences -> entities,
 * quotes, time expressions, quantities; and the language, which says whether what the
 * English-trained analysers found can be trusted (story assignment reads it). Pure: the same article gives the same analysis.
 */
export function analyzeArticle(
  article: Article,
  reference: { value: string; inferred: boolean } | null = article.publishedAt
    ? { value: article.publishedAt.value.slice(0, 10), inferred: false }
    : null,
): ArticleAnalysis {
  const text = article.text;
  const { tokens, sentenceSpans } = tokenise(text);
  const sents = sentences(text, tokens, sentenceSpans);
  const ranges = sentenceTokenRanges(tokens, sents);
  const language = identifyLanguage(article.title ? `${article.title}\n${text}` : text);
  // The tagger and the title and role rules learned English: elsewhere they type function words ("Un", "Los") as names.
  const { mentions, roleMentions } = readsAsEnglish(text, language)
    ? findEntities(text, tokens, sents, ranges)
    : { mentions: [], roleMentions: [] };
  return {
    articleId: article.id,
    version: ANALYSIS_VERSION,
    tokens,
    sentences: sents,
    mentions: mentions.sort((a, b) => a.start - b.start || a.end - b.end),
    roleMentions,
    quotes: findQuotes(text, tokens, sents, ranges),
    times: findTimes(text, tokens, sents, ranges, reference?.value ?? null, reference?.inferred ?? false),
    quantities: findQuantities(text, sents),
    tense: ranges.map(([a, b]) => tenseAt(tokens, a, b, b)),
    language,
  };
}
