import type { Article, ArticleAnalysis, StoryEvidence } from '../model.js';
import { contentWords, fold, nameWords } from '../util/text.js';

// What story assignment reads of an article. Words and entity names say what a report is
// about; people, years and numbers tell two events of one kind apart (one boxer's two title
// defences, two years' elections, two earthquakes on one island): see same-event.ts.

/** Terms that describe an article for clustering: title and body words, plus entity names (doubled). */
export function articleTerms(article: Article, analysis: ArticleAnalysis): string[] {
  const terms = contentWords(`${article.title ?? ''} ${article.text}`);
  for (const m of analysis.mentions) {
    if (m.type !== 'MISC') {
      const key = `e:${fold(m.text)}`;
      terms.push(key, key);
    }
  }
  return terms;
}

/** Name words of the people an article mentions, once per mention: who the report is about. */
export function articlePeople(analysis: ArticleAnalysis): string[] {
  return analysis.mentions.filter((m) => m.type === 'PERSON').flatMap((m) => nameWords(m.text));
}

/** The year of each time expression that names or resolves to one ("2013", "Thursday" in a dated report). */
export function articleYears(analysis: ArticleAnalysis): string[] {
  return analysis.times.flatMap((t) => (t.value && /^\d{4}/.test(t.value) ? [t.value.slice(0, 4)] : []));
}

/** Numbers written in digits, years aside (they are read as times): tolls, scores, magnitudes. */
export function textNumbers(text: string): string[] {
  return [...text.matchAll(/\b\d+(?:\.\d+)?\b/g)].map((m) => m[0]).filter((x) => !/^(19|20)\d\d$/.test(x));
}

export function storyEvidence(article: Article, analysis: ArticleAnalysis): StoryEvidence {
  return { terms: articleTerms(article, analysis), people: articlePeople(analysis), years: articleYears(analysis), numbers: textNumbers(`${article.title ?? ''} ${article.text}`) };
}
