import type { Article, ArticleAnalysis, StoryEvidence } from '../model.js';
import { contentWordsIn, identifyLanguage } from '../article/language.js';
import { fold, nameWords } from '../util/text.js';

// What story assignment reads of an article. Words and entity names say what a report is
// about; people, years and numbers tell two events of one kind apart (one boxer's two title
// defences, two years' elections, two earthquakes on one island): see same-event.ts.
// Names and times come from English-trained analysers: in a report in another language they
// are noise ("Un" an organisation, "Estados Unidos" a person), so such a report is described
// by its content words, its digits and its language alone.

/** Content words at the head of a report, its title and lead, that count LEAD_WEIGHT times. */
const LEAD_WORDS = 20;
const LEAD_WEIGHT = 3;

/**
 * A report's content words (title first) with its lead's counted again. A report says first
 * which event it is about (who, what, where, how many); its body goes on to background it
 * shares with reports of earlier events of the kind (the previous heist at the same jeweller,
 * the last election). LEAD_WORDS and LEAD_WEIGHT were chosen on the ECB+ train topics
 * (docs/BENCHMARKS.md).
 */
export function leadWeighted(text: string, language?: string): string[] {
  const terms = contentWordsIn(text, language);
  const lead = terms.slice(0, LEAD_WORDS);
  for (let k = 1; k < LEAD_WEIGHT; k++) terms.push(...lead);
  return terms;
}

/** Terms that describe an article for clustering: title and body words (`text`, see leadWeighted), plus entity names (doubled) in English. */
function articleTerms(text: string, analysis: ArticleAnalysis, language: string): string[] {
  const terms = leadWeighted(text, language);
  if (language !== 'en') return terms;
  for (const m of analysis.mentions) {
    if (m.type !== 'MISC') {
      const key = `e:${fold(m.text)}`;
      terms.push(key, key);
    }
  }
  return terms;
}

/** Name words of the people an article mentions, once per mention: who the report is about. */
function articlePeople(analysis: ArticleAnalysis): string[] {
  return analysis.mentions.filter((m) => m.type === 'PERSON').flatMap((m) => nameWords(m.text));
}

/** The year of each time expression that names or resolves to one ("2013", "Thursday" in a dated report). */
function articleYears(analysis: ArticleAnalysis): string[] {
  return analysis.times.flatMap((t) => (t.value && /^\d{4}/.test(t.value) ? [t.value.slice(0, 4)] : []));
}

/**
 * Numbers written in digits, years aside (they are read as times): tolls, scores, magnitudes.
 * A thousands separator stays inside its number ("2,000" is 2000, not 2 and 000).
 */
export function textNumbers(text: string): string[] {
  return [...text.matchAll(/\b\d{1,3}(?:,\d{3})+(?!\d)|\b\d+(?:\.\d+)?\b/g)]
    .map((m) => m[0])
    .filter((x) => !/^(19|20)\d\d$/.test(x))
    .map((x) => x.replace(/,/g, ''));
}

/** Years written in digits (the time analyser reads English only). */
const textYears = (text: string) => text.match(/\b(?:19|20)\d\d\b/g) ?? [];

export function storyEvidence(article: Article, analysis: ArticleAnalysis): StoryEvidence {
  const text = `${article.title ?? ''} ${article.text}`;
  // An analysis stored before languages were identified has none: identified here.
  const language =
    analysis.language ?? identifyLanguage(article.title ? `${article.title}\n${article.text}` : article.text);
  const numbers = textNumbers(text);
  if (language !== 'en')
    return { terms: articleTerms(text, analysis, language), people: [], years: textYears(text), numbers, language };
  return {
    terms: articleTerms(text, analysis, language),
    people: articlePeople(analysis),
    years: articleYears(analysis),
    numbers,
    language,
  };
}
