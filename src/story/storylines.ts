import { sameLanguage } from '../article/language.js';
import type { StoryBrief, Storyline, StorylineLink } from '../model.js';
import { dayNumber } from '../util/dates.js';
import { shortHash } from '../util/hash.js';
import { byString, fold } from '../util/text.js';
import type { StoryState } from './cluster.js';

// Storylines: the second level over events. An event (a story) is one happening reported
// within days; a storyline links events that continue one another (a campaign's primaries, a
// trial's hearings). Each event links to the one other event it continues best: the same
// language, at most MAX_GAP days apart, sharing names that are rare across the store (a name
// in many events, "Trump" in a campaign, weighs little) and distinctive words. Linked events
// form one storyline. Pure: the same events give the same storylines, byte for byte.

/** What storyline linking reads of one event. */
export interface EventDigest {
  id: string;
  headline: string;
  language: string | null;
  from: string | null;
  to: string | null;
  articles: number;
  /** Resolved entities, most reported first: each one's keys (folded name and multi-word aliases). */
  entities: { name: string; keys: string[] }[];
  /** The event's strongest words (clustering centroid, entity terms aside). */
  terms: string[];
}

/** Days between consecutive events beyond which nothing continues. */
export const MAX_GAP = 60;
/** Entities and terms per event that linking compares. */
const TOP_ENTITIES = 12;
const TOP_TERMS = 24;
/** Pseudo-events added to the store's count: in a store of a few events a shared name still counts. */
const SMOOTHING = 40;

/**
 * What links two events. Names and words are weighted by rarity (idf over the store's events);
 * below `minIdf` (a name in a third of the events) they weigh nothing. A link needs a shared
 * name of rarity `rare` or more, and a similarity (`entityShare` of the names' idf-weighted
 * cosine, the rest the words') of `minSimilarity`. Chosen on the PolNeAR train split and the
 * ECB+ topics (docs/BENCHMARKS.md).
 */
export interface LinkParams {
  minIdf: number;
  rare: number;
  entityShare: number;
  minSimilarity: number;
}

/** Distinctive words two events sharing one rare name must also share. */
const MIN_TERMS = 2;

export const LINK_PARAMS: LinkParams = { minIdf: 1, rare: 3, entityShare: 0.5, minSimilarity: 0.15 };

/** A brief and its clusterer state as linking reads them. */
export function digestOf(brief: StoryBrief, state: StoryState | undefined): EventDigest {
  const entities = brief.entities
    .filter((e) => e.type !== 'MISC')
    .slice(0, TOP_ENTITIES)
    .map((e) => {
      const aliases = e.aliases.filter((a) => a.trim().includes(' '));
      return { name: e.name, keys: [...new Set([e.name, ...aliases].map((n) => fold(n.trim())))].sort(byString) };
    });
  const terms = state
    ? [...state.centroid]
        .filter(([t]) => !t.startsWith('e:'))
        .sort((a, b) => b[1] - a[1] || byString(a[0], b[0]))
        .slice(0, TOP_TERMS)
        .map(([t]) => t)
    : [];
  return {
    id: brief.id,
    headline: brief.headline,
    language: state?.language ?? null,
    from: brief.span.from?.slice(0, 10) ?? null,
    to: brief.span.to?.slice(0, 10) ?? null,
    articles: brief.totals?.articles ?? brief.articles.length,
    entities,
    terms,
  };
}

/** Keys -> how many events hold each (an event counts once per key). */
function frequencies(events: EventDigest[], keysOf: (e: EventDigest) => string[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const e of events) for (const k of new Set(keysOf(e))) df.set(k, (df.get(k) ?? 0) + 1);
  return df;
}

const entityKeys = (e: EventDigest) => e.entities.flatMap((x) => x.keys);

/** Days between two events' reports (0 if they overlap), null when either is undated. */
export function gapDays(a: EventDigest, b: EventDigest): number | null {
  if (!a.from || !b.from) return null;
  const [first, second] = a.from <= b.from ? [a, b] : [b, a];
  return Math.max(0, dayNumber(second.from!) - dayNumber(first.to ?? first.from!));
}

interface Scorer {
  params: LinkParams;
  /** Rarity of an entity key or a term (0 below params.minIdf). */
  entity: (k: string) => number;
  term: (t: string) => number;
}

/** A scorer over these events' frequencies. */
function scorer(events: EventDigest[], params: LinkParams): Scorer {
  const n = events.length + SMOOTHING;
  const weight = (df: Map<string, number>) => (k: string) => {
    const idf = Math.log(n / (df.get(k) ?? 1));
    return idf >= params.minIdf ? idf : 0;
  };
  return { params, entity: weight(frequencies(events, entityKeys)), term: weight(frequencies(events, (e) => e.terms)) };
}

/** Cosine of two weighted sets given the weights of what they share. */
const cosine = (shared: number[], a: number[], b: number[]) => {
  const sq = (xs: number[]) => xs.reduce((n, x) => n + x * x, 0);
  return sq(a) && sq(b) ? sq(shared) / Math.sqrt(sq(a) * sq(b)) : 0;
};

/** An entity's weight: its rarest key's. */
const entityWeight = (x: { keys: string[] }, s: Scorer) => Math.max(0, ...x.keys.map(s.entity));

/** How `b` continues `a`, or null: same language, within MAX_GAP days, a rare shared name and enough alike (see LinkParams). */
function linkRule(a: EventDigest, b: EventDigest, s: Scorer): StorylineLink | null {
  if (!sameLanguage(a.language, b.language)) return null;
  const gap = gapDays(a, b);
  if (gap !== null && gap > MAX_GAP) return null;
  const bKeys = new Set(entityKeys(b));
  const shared: { name: string; w: number }[] = [];
  for (const x of a.entities) {
    const w = Math.max(0, ...x.keys.filter((k) => bKeys.has(k)).map(s.entity));
    if (w > 0) shared.push({ name: x.name, w });
  }
  const rare = shared.filter((x) => x.w >= s.params.rare);
  if (!rare.length) return null;
  const bTerms = new Set(b.terms);
  const terms = a.terms.filter((t) => bTerms.has(t) && s.term(t) > 0).sort(byString);
  const names = cosine(
    shared.map((x) => x.w),
    a.entities.map((x) => entityWeight(x, s)),
    b.entities.map((x) => entityWeight(x, s)),
  );
  const words = cosine(terms.map(s.term), a.terms.map(s.term), b.terms.map(s.term));
  const score = s.params.entityShare * names + (1 - s.params.entityShare) * words;
  if (score < s.params.minSimilarity) return null;
  // One rare name alone is a coincidence unless the events also share their words.
  const rule = rare.length >= 2 ? 'shared-entities' : 'entity-and-terms';
  if (rule === 'entity-and-terms' && terms.length < MIN_TERMS) return null;
  return {
    to: a.id,
    rule,
    entities: shared.map((x) => x.name).sort(byString),
    terms,
    score: Math.round(score * 1000) / 1000,
    gapDays: gap,
  };
}

/** Each event's best link to another event (the highest score; ties: the nearer in time, then the smaller id). */
export function bestLinks(events: EventDigest[], params = LINK_PARAMS): Map<string, StorylineLink> {
  const s = scorer(events, params);
  // Candidates share a rare name: an inverted index over the keys rare enough to link.
  const postings = new Map<string, number[]>();
  events.forEach((e, i) => {
    for (const k of new Set(entityKeys(e)))
      if (s.entity(k) >= params.rare) (postings.get(k) ?? postings.set(k, []).get(k)!).push(i);
  });
  const links = new Map<string, StorylineLink>();
  events.forEach((b, i) => {
    const seen = new Set<number>([i]);
    let best: StorylineLink | null = null;
    for (const k of new Set(entityKeys(b)))
      for (const j of postings.get(k) ?? []) {
        if (seen.has(j)) continue;
        seen.add(j);
        const l = linkRule(events[j], b, s);
        if (l && (!best || better(l, best))) best = l;
      }
    if (best) links.set(b.id, best);
  });
  return links;
}

const better = (l: StorylineLink, best: StorylineLink) =>
  l.score !== best.score
    ? l.score > best.score
    : (l.gapDays ?? Infinity) !== (best.gapDays ?? Infinity)
      ? (l.gapDays ?? Infinity) < (best.gapDays ?? Infinity)
      : l.to < best.to;

/** Events by date, undated last, then by id. */
const byDate = (a: EventDigest, b: EventDigest) =>
  byString(a.from ?? '\uffff', b.from ?? '\uffff') || byString(a.id, b.id);

/** Linked events as storylines of two or more events, newest first; each event at most once. */
export function linkStorylines(events: EventDigest[], params = LINK_PARAMS): Storyline[] {
  const sorted = [...events].sort(byDate);
  const links = bestLinks(sorted, params);
  const parent = new Map(sorted.map((e) => [e.id, e.id]));
  const root = (id: string): string => {
    while (parent.get(id) !== id) id = parent.get(id)!;
    return id;
  };
  const position = new Map(sorted.map((e, i) => [e.id, i]));
  for (const [id, l] of links) {
    const [a, b] = [root(id), root(l.to)];
    // The root is the earlier event, so a storyline's root is its first event.
    if (a !== b) position.get(a)! < position.get(b)! ? parent.set(b, a) : parent.set(a, b);
  }
  const groups = new Map<string, EventDigest[]>();
  for (const e of sorted) (groups.get(root(e.id)) ?? groups.set(root(e.id), []).get(root(e.id))!).push(e);
  return [...groups.values()]
    .filter((g) => g.length > 1)
    .map((g) => storyline(g, links))
    .sort((a, b) => byString(b.to ?? '', a.to ?? '') || byString(a.id, b.id));
}

/** One storyline of events (in date order), titled by the names most of them share. */
function storyline(events: EventDigest[], links: Map<string, StorylineLink>): Storyline {
  const count = new Map<string, number>();
  for (const e of events) for (const x of new Set(e.entities.map((y) => y.name))) count.set(x, (count.get(x) ?? 0) + 1);
  const title = [...count]
    .filter(([, c]) => c >= 2)
    .sort((a, b) => b[1] - a[1] || byString(a[0], b[0]))
    .slice(0, 3)
    .map(([name]) => name)
    .join(' · ');
  const dated = events.filter((e) => e.from);
  return {
    id: `line-${shortHash(events[0].id, 12)}`,
    title: title || events[0].headline,
    from: dated[0]?.from ?? null,
    to:
      dated
        .map((e) => e.to ?? e.from!)
        .sort(byString)
        .pop() ?? null,
    events: events.map((e) => ({
      id: e.id,
      headline: e.headline,
      from: e.from,
      to: e.to,
      articles: e.articles,
      link: links.get(e.id) ?? null,
    })),
  };
}
