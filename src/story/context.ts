import type { Article, ArticleAnalysis, Citation, Span } from '../model.js';

/** One article with its analysis, as story analysis sees it. */
export interface Doc {
  article: Article;
  analysis: ArticleAnalysis;
  /** Date used to resolve relative expressions. */
  reference: { value: string; inferred: boolean; reason: string } | null;
  /** Syndication group: wire copies share one. */
  group: string;
}

export function cite(doc: Doc, span: Span): Citation {
  return {
    articleId: doc.article.id,
    start: span.start,
    end: span.end,
    text: doc.article.text.slice(span.start, span.end),
  };
}

/** Citations in a stable order: by article order in the story, then offset. */
export function sortCitations(cs: Citation[], order: Map<string, number>): Citation[] {
  return cs.sort((a, b) => order.get(a.articleId)! - order.get(b.articleId)! || a.start - b.start || a.end - b.end);
}

/** Number of distinct syndication groups among citations. */
export function independentSources(cs: Citation[], groupOf: Map<string, string>): number {
  return new Set(cs.map((c) => groupOf.get(c.articleId))).size;
}
