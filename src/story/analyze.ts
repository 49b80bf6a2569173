import type { Article, ArticleAnalysis, EntityOverride, StoryBrief } from '../model.js';
import { sentenceTokenRanges } from '../article/analyze.js';
import { findTimes } from '../article/time.js';
import { byString } from '../util/text.js';
import { daysBetween } from '../util/dates.js';
import type { Doc } from './context.js';
import { resolveEntities } from './entities.js';
import { alignFacts, factConflicts, factSentences, findConflicts } from './facts.js';
import { officeConflicts } from './offices.js';
import { boundBrief, LIMITS } from './bounds.js';
import { sourceCoverage } from './coverage.js';
import { resolveQuotes } from './quotes.js';
import { SentenceGroups, storySentences, type StorySentence } from './sentences.js';
import { summarise } from './summary.js';
import { findSyndication } from './syndication.js';
import { buildTimeline, datedSentences, placeUndated } from './timeline.js';

export interface StoryOptions {
  summarySentences?: number;
  /** At most this many summary words, in whole sentences (see SummaryLength). */
  summaryWords?: number;
  /** Fill summaryWords and let the last sentence run past it (for ROUGE at a fixed budget). */
  summaryOverflow?: boolean;
  /** Analyst corrections to entity resolution, applied on every (re-)analysis. */
  overrides?: EntityOverride[];
}

/**
 * Reference date for each article. A publication date is used as is; an article without
 * one gets the latest date it mentions itself (an article is written after what it
 * reports), or failing that the latest publication date in the story — marked inferred.
 */
export function referenceDates(
  items: { article: Article; analysis: ArticleAnalysis }[],
): Map<string, Doc['reference']> {
  const known = items
    .map((x) => x.article.publishedAt?.value.slice(0, 10))
    .filter((v): v is string => !!v)
    .sort();
  const storyLatest = known[known.length - 1] ?? null;
  const out = new Map<string, Doc['reference']>();
  for (const { article, analysis } of items) {
    if (article.publishedAt) {
      out.set(article.id, {
        value: article.publishedAt.value.slice(0, 10),
        inferred: false,
        reason: `publication date (${article.publishedAt.source})`,
      });
      continue;
    }
    if (!storyLatest) {
      out.set(article.id, null);
      continue;
    }
    const text = article.text;
    const ranges = sentenceTokenRanges(analysis.tokens, analysis.sentences);
    const provisional = findTimes(text, analysis.tokens, analysis.sentences, ranges, storyLatest, true);
    // Month-day mentions take the year closest to the story's dates (not the past-tense bias).
    const y = Number(storyLatest.slice(0, 4));
    const mentioned = provisional
      .filter((t) => t.rule === 'month-day+reference-year' && t.value)
      .map(
        (t) =>
          [y - 1, y, y + 1]
            .map((yy) => `${yy}${t.value!.slice(4)}`)
            .sort((a, b) => Math.abs(daysBetween(storyLatest, a)) - Math.abs(daysBetween(storyLatest, b)))[0],
      )
      .sort();
    const latest = mentioned[mentioned.length - 1];
    out.set(
      article.id,
      latest
        ? {
            value: latest,
            inferred: true,
            reason: `latest date the article mentions (year from the story's publication dates)`,
          }
        : { value: storyLatest, inferred: true, reason: `latest publication date among the story's articles` },
    );
  }
  return out;
}

/** The stages that facts and the summary stand on: ordered docs, syndication, entities, sentences, facts. */
export function storyBasis(items: { article: Article; analysis: ArticleAnalysis }[], overrides: EntityOverride[] = []) {
  const sorted = [...items].sort(
    (a, b) =>
      byString(a.article.publishedAt?.value ?? '9999', b.article.publishedAt?.value ?? '9999') ||
      byString(a.article.input, b.article.input) ||
      byString(a.article.id, b.article.id),
  );
  const order = new Map(sorted.map((x, i) => [x.article.id, i]));
  const refs = referenceDates(sorted);
  const synd = findSyndication(sorted);
  const docs: Doc[] = sorted.map((x) => ({
    ...x,
    reference: refs.get(x.article.id) ?? null,
    group: synd.groupOf.get(x.article.id)!,
  }));
  const { entities, mentionEntity } = resolveEntities(docs, order, overrides);
  const sents = storySentences(docs, mentionEntity);
  const groups = new SentenceGroups(sents);
  const { facts, factOf } = alignFacts(sents, order, synd.groupOf, groups);
  return { order, synd, docs, entities, mentionEntity, sents, groups, facts, factOf };
}

/**
 * The story pipeline, composed here and only here: references -> syndication ->
 * entities -> sentences -> facts (storyBasis) -> quotes, timeline, conflicts -> summary.
 * Pure: the same articles and analyses give the same brief, byte for byte.
 */
export function analyzeStory(
  id: string,
  items: { article: Article; analysis: ArticleAnalysis }[],
  opts: StoryOptions = {},
): StoryBrief {
  return boundBrief(analyzeStoryWhole(id, items, opts));
}

/** The brief before bounds.ts cuts it: every list whole (what the API pages through). */
export function analyzeStoryWhole(
  id: string,
  items: { article: Article; analysis: ArticleAnalysis }[],
  opts: StoryOptions = {},
): StoryBrief {
  const { order, synd, docs, entities, mentionEntity, sents, groups, facts, factOf } = storyBasis(
    items,
    opts.overrides,
  );
  const { quotes, conflicts: attribution } = resolveQuotes(
    docs,
    order,
    synd.groupOf,
    mentionEntity,
    new Map(entities.map((e) => [e.id, e])),
  );
  // Articles whose reference was inferred are re-resolved against it.
  const timesOf = new Map(
    docs.map((doc) => [
      doc,
      doc.article.publishedAt || !doc.reference
        ? doc.analysis.times
        : findTimes(
            doc.article.text,
            doc.analysis.tokens,
            doc.analysis.sentences,
            sentenceTokenRanges(doc.analysis.tokens, doc.analysis.sentences),
            doc.reference.value,
            true,
          ),
    ]),
  );
  const sentsOf = new Map<Doc, StorySentence[]>(docs.map((d) => [d, []]));
  for (const s of sents) sentsOf.get(s.doc)!.push(s);
  const dated = docs.flatMap((doc) => datedSentences(doc, timesOf.get(doc)!, sentsOf.get(doc)!));
  const timeline = buildTimeline(dated, placeUndated(sents, dated, groups), order, synd.groupOf);
  const members = factSentences(factOf, order);
  const names = new Map(entities.map((e) => [e.id, e.name]));
  const conflicts = [
    ...findConflicts(sents, order, groups, factOf),
    ...factConflicts(members, (s) => timesOf.get(s.doc)!.filter((t) => t.sentence === s.index)),
    ...officeConflicts(members, mentionEntity, (id) => names.get(id) ?? id),
    ...attribution,
  ];
  const summary = summarise(
    sents,
    factOf,
    order,
    { sentences: opts.summarySentences, words: opts.summaryWords, overflow: opts.summaryOverflow },
    undefined,
    groups,
  );
  const dates = docs
    .map((d) => d.reference?.value)
    .filter((v): v is string => !!v)
    .sort();
  // Headline: the title of the article that shares the most corroborated facts (the most central report).
  const factsOf = new Map<string, number>();
  for (const f of facts)
    for (const id of new Set(f.citations.map((c) => c.articleId))) factsOf.set(id, (factsOf.get(id) ?? 0) + 1);
  const factCount = (d: Doc) => factsOf.get(d.article.id) ?? 0;
  const titled = docs
    .filter((d) => d.article.title)
    .sort((a, b) => factCount(b) - factCount(a) || order.get(a.article.id)! - order.get(b.article.id)!);
  return {
    id,
    headline: titled[0]?.article.title ?? summary[0]?.text ?? docs[0].article.text.slice(0, 120),
    articles: docs.map((d) => ({
      id: d.article.id,
      input: d.article.input,
      title: d.article.title,
      outlet: d.article.outlet,
      publishedAt: d.article.publishedAt,
      referenceDate: d.reference,
      dateline: d.article.dateline,
      sourceGroup: d.group,
      removed: d.article.removed,
      text: d.article.text,
    })),
    independentSources: new Set(docs.map((d) => d.group)).size,
    span: { from: dates[0] ?? null, to: dates[dates.length - 1] ?? null },
    summary,
    entities,
    quotes,
    timeline,
    facts,
    conflicts,
    syndication: synd.groups,
    coverage: sourceCoverage(docs, sents, facts, factOf, groups, docs.slice(0, LIMITS.coverage)),
  };
}
