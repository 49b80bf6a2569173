import type { BriefTotals, StoryArticle, StoryBrief } from '../model.js';

// A brief stays bounded however big its story: each list is ranked and cut to a limit, and
// what was cut is counted (the brief's `totals`; an item's own `totals` where its
// citations were cut). Limits sit above what a story of a few dozen articles fills, so
// small briefs are whole. Article texts beyond the first ARTICLE_TEXTS are left out:
// GET /api/articles/:id serves them.

export const LIMITS = {
  articles: 200,
  articleTexts: 10,
  entities: 100,
  mentions: 50,
  quotes: 100,
  facts: 50,
  timeline: 60,
  conflicts: 50,
  syndication: 50,
  coverage: 50,
  /** Citations (and variants, article ids) per item. */
  citations: 10,
  /** Citations a whole list keeps at `citations` (or `mentions`) per item; past them, FLOOR per item. */
  budget: 1000,
  floor: 2,
} as const;

/** The first `n` of a list, and its length when that cut something. */
function cut<T>(xs: T[], n: number): { kept: T[]; total?: number } {
  return xs.length > n ? { kept: xs.slice(0, n), total: xs.length } : { kept: xs };
}

/**
 * A cutter for one list's items: each item's lists cut to `n` while the list's budget
 * lasts, to LIMITS.floor after; `totals` names the lists that were cut, with their length.
 */
function cutter(n: number = LIMITS.citations, budget: number = LIMITS.budget) {
  let left = budget;
  return <T extends object>(item: T, fields: (keyof T & string)[]): T => {
    const out = { ...item } as T & { totals?: Record<string, number> };
    for (const f of fields) {
      const { kept, total } = cut(item[f] as unknown[], left > 0 ? n : LIMITS.floor);
      left -= kept.length;
      (out as Record<string, unknown>)[f] = kept;
      if (total !== undefined) out.totals = { ...out.totals, [f]: total };
    }
    return out;
  };
}

/** The brief cut to LIMITS. `ranked` orders are the brief's own, except the timeline (most sources first). */
export function boundBrief(b: StoryBrief): StoryBrief {
  const totals: BriefTotals = {
    articles: b.articles.length,
    entities: b.entities.length,
    quotes: b.quotes.length,
    timeline: b.timeline.length,
    facts: b.facts.length,
    conflicts: b.conflicts.length,
    syndication: b.syndication.length,
    coverage: b.articles.length, // one entry per article; analyze.ts covers the first LIMITS.coverage only
  };
  const [factCut, eventCut, summaryCut, entityCut, quoteCut, groupCut] = [
    cutter(),
    cutter(),
    cutter(),
    cutter(LIMITS.mentions),
    cutter(LIMITS.citations, LIMITS.budget / 4),
    cutter(),
  ];
  const facts = b.facts.slice(0, LIMITS.facts).map((f) => factCut(f, ['citations']));
  const shownFacts = new Set(facts.map((f) => f.id));
  // The timeline keeps its best-sourced events, shown in date order.
  const keptEvents = new Set([...b.timeline].sort((x, y) => y.sources - x.sources).slice(0, LIMITS.timeline));
  const timeline = b.timeline.filter((e) => keptEvents.has(e)).map((e) => eventCut(e, ['citations', 'evidence']));
  const bounded: StoryBrief = {
    ...b,
    summary: b.summary.map((s) => summaryCut(s, ['corroboratedBy'])),
    entities: b.entities.slice(0, LIMITS.entities).map((e) => entityCut(e, ['mentions'])),
    quotes: b.quotes.slice(0, LIMITS.quotes).map((q) => quoteCut(q, ['citations', 'variants'])),
    timeline,
    facts,
    conflicts: b.conflicts.slice(0, LIMITS.conflicts),
    syndication: boundSyndication(b.syndication, groupCut),
    coverage: b.coverage.slice(0, LIMITS.coverage).map((c) => ({
      ...c,
      factsReported: c.factsReported.filter((id) => shownFacts.has(id)),
      factsMissing: c.factsMissing.filter((id) => shownFacts.has(id)),
    })),
  };
  bounded.articles = boundArticles(bounded, b.articles);
  bounded.totals = totals;
  return bounded;
}

/** Syndication groups cut to LIMITS, each group's article ids too. */
function boundSyndication(groups: StoryBrief['syndication'], groupCut = cutter()): StoryBrief['syndication'] {
  return groups.slice(0, LIMITS.syndication).map((g) => groupCut(g, ['articleIds']));
}

/** Articles the bounded brief cites first, then the others, in story order; texts for the first ARTICLE_TEXTS. */
function boundArticles(b: StoryBrief, articles: StoryBrief['articles']): StoryBrief['articles'] {
  if (articles.length <= LIMITS.articles && articles.length <= LIMITS.articleTexts) return articles;
  const cited = new Set<string>();
  const add = (cs: { articleId: string }[]) => cs.forEach((c) => cited.add(c.articleId));
  b.summary.forEach((s) => add([s.citation, ...s.corroboratedBy]));
  b.facts.forEach((f) => add(f.citations));
  b.quotes.forEach((q) => add(q.citations));
  b.timeline.forEach((e) => add(e.citations));
  b.conflicts.forEach((c) => add(c.values.map((v) => v.citation)));
  const chosen = new Set(
    [...articles.filter((a) => cited.has(a.id)), ...articles.filter((a) => !cited.has(a.id))].slice(0, LIMITS.articles),
  );
  const withoutText = ({ text: _text, ...rest }: StoryArticle): StoryArticle => rest;
  return articles.filter((a) => chosen.has(a)).map((a, i) => (i < LIMITS.articleTexts ? a : withoutText(a)));
}

/** The parts of a brief the API pages through (GET /api/stories/:id/:part). */
export const PARTS = [
  'articles',
  'summary',
  'entities',
  'quotes',
  'timeline',
  'facts',
  'conflicts',
  'syndication',
] as const;
export type Part = (typeof PARTS)[number];

/**
 * Every list of a whole (uncut) brief, for paging: each list whole, in the brief's order,
 * each item's own lists cut as in the brief (no list-wide budget); articles without text.
 */
export function briefParts(b: StoryBrief): Record<Part, unknown[]> {
  const each = <T extends object>(xs: T[], fields: (keyof T & string)[], n: number = LIMITS.citations) => {
    const c = cutter(n, Infinity);
    return xs.map((x) => c(x, fields));
  };
  return {
    articles: b.articles.map(({ text: _text, ...rest }) => rest),
    summary: each(b.summary, ['corroboratedBy']),
    entities: each(b.entities, ['mentions'], LIMITS.mentions),
    quotes: each(b.quotes, ['citations', 'variants']),
    timeline: each(b.timeline, ['citations', 'evidence']),
    facts: each(b.facts, ['citations']),
    conflicts: b.conflicts,
    syndication: each(b.syndication, ['articleIds']),
  };
}
