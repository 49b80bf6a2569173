import { ANALYSIS_VERSION } from '../article/analyze.js';
import { datelineLength } from '../ingest/textmeta.js';
import type { Article, ArticleAnalysis, Fact, StoryArticle, StoryBrief } from '../model.js';
import { shortHash } from '../util/hash.js';
import { fold, squash, wordCount } from '../util/text.js';
import { getOrInsert } from '../util/maps.js';
import { analyzeStoryWhole, type StoryOptions } from './analyze.js';
import { boundBrief } from './bounds.js';

// A story's analysis state, folded one article at a time in storage order, so a brief after
// adding k articles costs k folds plus one bounded analysis, and a full rebuild (folding every
// article from an empty state) gives the same bytes. Story analysis proper (facts, quotes,
// entities, timeline, conflicts, summary) runs on at most REPRESENTATIVES articles: the first
// FIXED of the story, then the latest that brought new sentences. Every article is counted in
// the article list, its syndication group, the span, the totals, and in the corroboration of
// each fact whose sentence it carries word for word.

/** Bumped when what a fold keeps or how it decides changes: stored states of another version are rebuilt. */
export const STATE_VERSION = 2;
export const REPRESENTATIVES = 24;
const FIXED = REPRESENTATIVES / 2;
/** Share of an article's prose sentences no earlier article has for it to join the representatives. */
const NOVEL = 0.3;
/** Sentences shared word for word with an earlier article that make a syndicated copy (as syndication.ts). */
const SYNDICATED = 2;
/** Sentences shorter than this are not keyed: datelines and bylines are alike everywhere. */
const MIN_WORDS = 6;

type Row = Omit<StoryArticle, 'referenceDate' | 'text'>;

export interface StoryFoldState {
  version: string;
  /** Every article folded in, in fold (storage) order, without its text. */
  rows: Row[];
  /** Sentence key → indices in `rows` of the articles with that sentence, the first first. */
  carriers: Map<string, number[]>;
  /** Shared sentences per syndication group (for groups of two or more). */
  shared: Map<string, number>;
  /** Indices in `rows`: the first FIXED articles, then the latest novel ones, oldest first. */
  reps: number[];
}

const version = () => `${STATE_VERSION}/${ANALYSIS_VERSION}`;

export function emptyState(): StoryFoldState {
  return { version: version(), rows: [], carriers: new Map(), shared: new Map(), reps: [] };
}

const keyOf = (text: string) => shortHash(squash(fold(text)), 12);

/** Keys of an article's prose sentences (the first without its dateline, as facts cite it), in text order, each once. */
function sentenceKeys(article: Article, analysis: ArticleAnalysis): string[] {
  const keys = new Set<string>();
  analysis.sentences.forEach((s, i) => {
    let text = article.text.slice(s.start, s.end);
    if (i === 0) text = text.slice(datelineLength(text));
    if (!s.heading && wordCount(text) >= MIN_WORDS) keys.add(keyOf(text));
  });
  return [...keys];
}

/**
 * Fold one article in: its sentence keys decide its syndication group (the group of the
 * earliest article it shares SYNDICATED sentences with) and whether it is a representative.
 */
export function foldArticle(state: StoryFoldState, article: Article, analysis: ArticleAnalysis): void {
  const index = state.rows.length;
  const keys = sentenceKeys(article, analysis);
  const votes = new Map<number, number>();
  let novel = 0;
  for (const k of keys) {
    const first = state.carriers.get(k)?.[0];
    if (first === undefined) novel++;
    else votes.set(first, (votes.get(first) ?? 0) + 1);
  }
  const copyOf = [...votes.entries()].filter(([, n]) => n >= SYNDICATED).sort((a, b) => a[0] - b[0])[0];
  const group = copyOf ? state.rows[copyOf[0]].sourceGroup : `g-${article.id.slice(0, 8)}`;
  if (copyOf) state.shared.set(group, (state.shared.get(group) ?? 0) + copyOf[1]);
  for (const k of keys) getOrInsert(state.carriers, k, () => []).push(index);
  const { id, input, title, outlet, publishedAt, dateline, removed } = article;
  state.rows.push({ id, input, title, outlet, publishedAt, dateline, sourceGroup: group, removed });
  if (state.reps.length < REPRESENTATIVES) return void state.reps.push(index);
  if (novel < 2 || novel < NOVEL * keys.length) return;
  // The oldest of the latest novel ones gives way; the first FIXED stay.
  state.reps.splice(FIXED, 1);
  state.reps.push(index);
}

/** Ids of the articles story analysis runs on. */
export function representativeIds(state: StoryFoldState): string[] {
  return state.reps.map((i) => state.rows[i].id);
}

/** Whether a stored state can take the story's articles `ids` (in storage order) by folding the rest in. */
export function canExtend(state: StoryFoldState | null, ids: string[]): state is StoryFoldState {
  return !!state && state.version === version() && state.rows.every((r, i) => ids[i] === r.id);
}

export function serialiseState(s: StoryFoldState): string {
  return JSON.stringify({ ...s, carriers: [...s.carriers], shared: [...s.shared] });
}

/** A stored state, or null if it is not one this version wrote (it is then rebuilt). */
export function parseState(json: string | null): StoryFoldState | null {
  if (!json) return null;
  try {
    const o = JSON.parse(json);
    if (o.version !== version() || !Array.isArray(o.rows) || !Array.isArray(o.reps)) return null;
    return { ...o, carriers: new Map(o.carriers), shared: new Map(o.shared) };
  } catch {
    return null;
  }
}

/** Reference date of an article outside the representatives: its publication date, or the story's latest. */
function referenceOf(r: Row, latest: string | null): StoryArticle['referenceDate'] {
  if (r.publishedAt)
    return {
      value: r.publishedAt.value.slice(0, 10),
      inferred: false,
      reason: `publication date (${r.publishedAt.source})`,
    };
  if (!latest) return null;
  return { value: latest, inferred: true, reason: `latest publication date among the story's articles` };
}

/**
 * The whole story's brief (uncut) from its representatives' whole brief: every article listed,
 * sources, span and syndication over all of them. A story no bigger than REPRESENTATIVES is
 * its representatives' brief as it is.
 */
export function wholeBrief(rep: StoryBrief, state: StoryFoldState): StoryBrief {
  if (state.rows.length <= REPRESENTATIVES) return rep;
  const analysed = new Map(rep.articles.map((a) => [a.id, a]));
  const published = state.rows.map((r) => r.publishedAt?.value.slice(0, 10)).filter((v): v is string => !!v);
  const latest = published.length ? published.reduce((a, b) => (b > a ? b : a)) : null;
  const articles: StoryArticle[] = state.rows.map((r) => {
    const a = analysed.get(r.id);
    return { ...r, referenceDate: a ? a.referenceDate : referenceOf(r, latest), ...(a?.text ? { text: a.text } : {}) };
  });
  const dates = articles
    .map((a) => a.referenceDate?.value)
    .filter((v): v is string => !!v)
    .sort();
  const members = new Map<string, string[]>();
  for (const r of state.rows) getOrInsert(members, r.sourceGroup, () => []).push(r.id);
  const syndication = [...members]
    .filter(([, ids]) => ids.length > 1)
    .map(([group, articleIds]) => ({ group, articleIds, sharedSentences: state.shared.get(group) ?? 0 }));
  return {
    ...rep,
    articles,
    facts: corroborated(rep.facts, state),
    independentSources: members.size,
    span: { from: dates[0] ?? null, to: dates[dates.length - 1] ?? null },
    syndication,
  };
}

/**
 * Facts counted over the whole story: an article outside the representatives that carries one
 * of a fact's sentences word for word corroborates it. Ranked again as facts.ts ranks them.
 */
function corroborated(facts: Fact[], state: StoryFoldState): Fact[] {
  const index = new Map(state.rows.map((r, i) => [r.id, i]));
  const counted = facts.map((f) => {
    const carriers = new Set(f.citations.map((c) => index.get(c.articleId)!));
    for (const key of new Set(f.citations.map((c) => keyOf(c.text))))
      for (const i of state.carriers.get(key) ?? []) carriers.add(i);
    const groups = new Set([...carriers].map((i) => state.rows[i].sourceGroup));
    return { ...f, sources: groups.size, articles: carriers.size };
  });
  // Stable: ties keep the representatives' order.
  return counted.sort((a, b) => b.sources - a.sources || b.articles - a.articles);
}

type Item = { article: Article; analysis: ArticleAnalysis };

/**
 * Fold `items` into `state` (a fresh one if null; `stored`: the articles folded before, of
 * which the representatives are read) and return the whole brief and the state.
 */
export function analyzeStoryFolded(
  id: string,
  items: Item[],
  opts: StoryOptions = {},
  state: StoryFoldState | null = null,
  stored: Item[] = [],
): { whole: StoryBrief; brief: StoryBrief; state: StoryFoldState } {
  const s = state ?? emptyState();
  for (const x of items) foldArticle(s, x.article, x.analysis);
  const byId = new Map([...stored, ...items].map((x) => [x.article.id, x]));
  const reps = representativeIds(s).map((r) => byId.get(r)!);
  const whole = wholeBrief(analyzeStoryWhole(id, reps, opts), s);
  return { whole, brief: boundBrief(whole), state: s };
}
