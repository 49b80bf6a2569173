import type { Article, ArticleAnalysis } from '../model.js';
import { daysBetween } from '../util/dates.js';
import { contentWords, fold, nameWords } from '../util/text.js';
import { cosine, dot, norm, termCounts, tfidf, type Vec } from './vectors.js';

// Online story assignment. Each article is compared with the centroids of the stories
// that share one of its most distinctive terms; it joins the best story above THRESHOLD
// or opens a new one. The cost per article stays flat however long the stream runs:
// only the article's QUERY_TERMS rarest terms are looked up, each term's posting list
// keeps its POSTING_CAP most recently updated stories, and at most MAX_ACTIVE stories stay
// open in memory (the least recently updated close; they remain in the store).
// Words alone join different events of one kind (one boxer's two title defences, two stars'
// rehab stays), so a story whose main people are strangers to the article's counts as
// less close (ACTOR_CONFLICT; see actorsDiffer).

export const THRESHOLD = 0.18;
const CENTROID_TERMS = 80;
const QUERY_TERMS = 16;
const POSTING_CAP = 64;
const MAX_ACTIVE = 20_000;
const MAX_CANDIDATES = 48;
/** Articles after which a term no other article has used is forgotten (see forgetHapaxes). */
const HAPAX_WINDOW = 10_000;
/** Two stories whose centroids come this close are one story (reports that started apart). */
export const MERGE_THRESHOLD = 0.5;
/** A story is checked for a merge only if the joining article scored at least this against it. */
const MERGE_RELATED = 0.1;

export interface StoryState {
  id: string;
  /** Summed term weights of member articles (pruned to the strongest terms). */
  centroid: Vec;
  size: number;
  /** Latest publication date among its articles (YYYY-MM-DD), if any has one. */
  last?: string | null;
  /** Name words of the people its articles mention -> mentions (at most ACTOR_CAP per article; the most named kept, see pruneActors). */
  actors?: Map<string, number>;
}

/**
 * Time proximity: a story is a near-certain home for an article within a week of its
 * latest report, and none at all two months on (a new event with old words).
 */
export function timeFactor(storyLast: string | null | undefined, date: string | null | undefined): number {
  if (!storyLast || !date) return 1;
  const d = Math.abs(daysBetween(storyLast, date));
  return d <= 7 ? 1 : d >= 60 ? 0 : 1 - (d - 7) / 53;
}

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

export class Clusterer {
  private df = new Map<string, number>();
  private n = 0;
  /**
   * Term -> ids of stories whose centroid carries it, most recently updated last. A Set keeps
   * insertion order, so moving a story to the end and dropping the oldest are O(1) however
   * full the list is: the cost of an update does not grow as the stream fills the index.
   */
  private index = new Map<string, Set<string>>();
  /** Open stories in least-recently-updated-first order (a Map keeps insertion order). */
  readonly stories = new Map<string, StoryState>();

  /**
   * Terms in the order they were first seen, with when: a term still seen in one article
   * only HAPAX_WINDOW articles later is forgotten (see forgetHapaxes).
   */
  private firstSeen: string[] = [];
  private firstSeenAt: number[] = [];
  private firstSeenHead = 0;

  constructor(initial: { stories: StoryState[]; df: [string, number][]; n: number } | null = null) {
    if (initial) {
      this.n = initial.n;
      this.df = new Map(initial.df);
      // Stored one-article terms get a fresh window (when they were seen is not stored).
      for (const [t, df] of initial.df) {
        this.idOf(t);
        if (df === 1) this.seenFirst(t);
      }
      for (const s of initial.stories) this.put(s);
    }
  }

  /** How many terms the clusterer holds frequencies and posting lists for (the bench and tests watch these stay bounded). */
  get vocabulary(): { frequencies: number; postings: number } {
    return { frequencies: this.df.size, postings: this.index.size };
  }

  /**
   * What is derived from a story's centroid and people (norm, packed centroid, main people),
   * cached until they change: put() and forgetStory() drop a story's entry, a forgotten term
   * drops its story's.
   */
  private derived = new Map<string, { norm?: number; packed?: { ids: number[]; w: number[] }; keys?: string[] }>();

  private derivedOf(s: StoryState) {
    let d = this.derived.get(s.id);
    if (!d) this.derived.set(s.id, (d = {}));
    return d;
  }

  /**
   * Scoring runs over numbers, not strings: every counted term has a small integer id (ids
   * of forgotten terms are reused), each open story's centroid is packed into two flat
   * arrays (plain arrays: V8 keeps them unboxed in its heap, where the churn of repacking
   * costs less than typed arrays' separate buffers), and the article's weights sit in a
   * dense array indexed by term id. A story's centroid is then one contiguous read, not a
   * hash table of string keys spread over the heap: what slowed scoring as the open stories
   * outgrew the cache.
   */
  private termId = new Map<string, number>();
  private freeIds: number[] = [];
  private nextId = 0;
  private weights = new Float64Array(1024);

  private idOf(t: string): number {
    let id = this.termId.get(t);
    if (id === undefined) {
      id = this.freeIds.pop() ?? this.nextId++;
      this.termId.set(t, id);
      if (id >= this.weights.length) {
        const grown = new Float64Array(this.weights.length * 2);
        grown.set(this.weights);
        this.weights = grown;
      }
    }
    return id;
  }

  /** A story's centroid as term ids and weights, in the centroid's order; terms no longer counted are left out (no article can share them). */
  private packedOf(s: StoryState): { ids: number[]; w: number[] } {
    const d = this.derivedOf(s);
    if (!d.packed) {
      const ids: number[] = [];
      const w: number[] = [];
      for (const [t, x] of s.centroid) {
        const id = this.termId.get(t);
        if (id !== undefined) ids.push(id), w.push(x);
      }
      d.packed = { ids, w };
    }
    return d.packed;
  }

  /** The dot product of the article now in `weights` with a story's centroid. */
  private dotPacked(s: StoryState): number {
    const { ids, w } = this.packedOf(s);
    const a = this.weights;
    let d = 0;
    for (let i = 0; i < ids.length; i++) d += w[i] * a[ids[i]];
    return d;
  }

  /** The people a story is most about. */
  private keysOf(s: StoryState): string[] {
    const d = this.derivedOf(s);
    return (d.keys ??= topKeys(s.actors ?? new Map(), 1));
  }

  private normOf(s: StoryState): number {
    const d = this.derivedOf(s);
    return (d.norm ??= norm(s.centroid));
  }

  private put(s: StoryState): void {
    this.derived.delete(s.id);
    this.stories.delete(s.id);
    this.stories.set(s.id, s);
    for (const t of s.centroid.keys()) {
      let list = this.index.get(t);
      if (!list) this.index.set(t, (list = new Set()));
      list.delete(s.id);
      list.add(s.id);
      if (list.size > POSTING_CAP) list.delete(list.values().next().value!);
    }
    while (this.stories.size > MAX_ACTIVE) {
      const oldest = this.stories.values().next().value!;
      this.forgetStory(oldest);
    }
  }

  /** Stories merged into another: from -> into (the larger story keeps its id). */
  readonly merged = new Map<string, string>();

  /** The story an id stands for now, following merges. */
  resolve(id: string): string {
    let cur = id;
    while (this.merged.has(cur)) cur = this.merged.get(cur)!;
    return cur;
  }

  /**
   * Place one article; returns the story id, the similarity that decided it, and the merge
   * it caused, if the story it joined has grown close enough to another to be the same.
   */
  assign(articleId: string, terms: string[], date: string | null = null, people: string[] = []): { storyId: string; score: number; created: boolean; merged: { from: string; into: string } | null } {
    const vec = this.vectorise(terms);
    const query = [...vec].sort(heaviest).slice(0, QUERY_TERMS);
    // Candidates: the stories sharing the most of the article's distinctive terms (weighted).
    const hits = new Map<string, number>();
    for (const [t, w] of query) {
      const list = this.index.get(t);
      if (!list) continue;
      // Closed stories leave the lists lazily.
      for (const id of list) {
        if (!this.stories.has(id)) list.delete(id);
        else hits.set(id, (hits.get(id) ?? 0) + w);
      }
      if (!list.size) this.index.delete(t);
    }
    const candidates = [...hits].sort(heaviest).slice(0, MAX_CANDIDATES).map(([id]) => id);
    let best: { id: string; score: number } | null = null;
    const vnorm = norm(vec);
    const actors = articleActors(people);
    // Only stories the article itself resembles can be drawn together by it.
    const related: string[] = [];
    for (const [t, w] of vec) this.weights[this.termId.get(t)!] = w;
    for (const id of candidates.sort()) {
      const story = this.stories.get(id)!;
      const d = vnorm * this.normOf(story);
      const score = scaled(d ? this.dotPacked(story) / d : 0, story.last, date, actorsDiffer(actors, story.actors, () => this.keysOf(story)));
      if (score >= MERGE_RELATED) related.push(id);
      if (!best || score > best.score) best = { id, score };
    }
    for (const t of vec.keys()) this.weights[this.termId.get(t)!] = 0;
    if (best && best.score >= THRESHOLD) {
      const s = this.stories.get(best.id)!;
      this.absorb(s, vec, date, 1, capped(actors.words));
      const merged = this.mergeNear(s, related);
      return { storyId: merged?.into ?? s.id, score: best.score, created: false, merged };
    }
    const s: StoryState = { id: `s-${articleId.slice(0, 12)}`, centroid: prune(new Map(vec)), size: 1, last: date, actors: pruneActors(capped(actors.words)) };
    this.put(s);
    return { storyId: s.id, score: best?.score ?? 0, created: true, merged: null };
  }

  /**
   * Put an article into a known story (a near-duplicate of one of its articles), skipping
   * the similarity search; null if that story is not open.
   */
  join(storyId: string, terms: string[], date: string | null = null, people: string[] = []): { storyId: string; score: number; created: boolean; merged: null } | null {
    const s = this.stories.get(storyId);
    if (!s) return null;
    const vec = this.vectorise(terms);
    const score = cosine(vec, s.centroid);
    this.absorb(s, vec, date, 1, capped(articleActors(people).words));
    return { storyId: s.id, score, created: false, merged: null };
  }

  /** Count a new article's terms into the document frequencies and weigh them by TF-IDF. */
  private vectorise(terms: string[]): Vec {
    const counts = termCounts(terms);
    this.n++;
    for (const t of counts.keys()) {
      const df = this.df.get(t) ?? 0;
      this.df.set(t, df + 1);
      if (df === 0) {
        this.seenFirst(t);
        this.idOf(t);
      }
    }
    const vec = tfidf(counts, (t) => this.df.get(t) ?? 0, Math.max(this.n, 20));
    this.forgetHapaxes();
    return vec;
  }

  private seenFirst(t: string): void {
    this.firstSeen.push(t);
    this.firstSeenAt.push(this.n);
  }

  /**
   * Forget terms no second article has used in HAPAX_WINDOW articles: their frequency and
   * posting list. A stream keeps bringing one-off words (names, numbers, typos); keeping each
   * forever makes the tables, and with them the time of every lookup, grow with the stream. A
   * forgotten term that comes back counts from one again: its weight barely changes.
   */
  private forgetHapaxes(): void {
    const until = this.n - HAPAX_WINDOW;
    let head = this.firstSeenHead;
    while (head < this.firstSeen.length && this.firstSeenAt[head] <= until) {
      const t = this.firstSeen[head++];
      if (this.df.get(t) === 1) {
        this.df.delete(t);
        // Its posting list names the one story that ever had it: nothing to find it by.
        // That story is repacked without the term, so its id can serve another.
        for (const id of this.index.get(t) ?? []) this.derived.delete(id);
        this.index.delete(t);
        this.freeIds.push(this.termId.get(t)!);
        this.termId.delete(t);
      }
    }
    if (head > 4096 && head * 2 > this.firstSeen.length) {
      this.firstSeen = this.firstSeen.slice(head);
      this.firstSeenAt = this.firstSeenAt.slice(head);
      head = 0;
    }
    this.firstSeenHead = head;
  }

  /** Take a story out of memory (closed or merged away) and out of the posting lists of its terms. */
  private forgetStory(s: StoryState): void {
    this.stories.delete(s.id);
    this.derived.delete(s.id);
    for (const t of s.centroid.keys()) this.unindex(t, s.id);
  }

  private unindex(term: string, id: string): void {
    const list = this.index.get(term);
    if (list?.delete(id) && !list.size) this.index.delete(term);
  }

  /** Add weights (an article's, or a merged story's) to a story and re-index it. */
  private absorb(s: StoryState, vec: Vec, last: string | null | undefined, size: number, actors: Map<string, number> | undefined): void {
    for (const [t, w] of vec) s.centroid.set(t, (s.centroid.get(t) ?? 0) + w);
    const own = (s.actors ??= new Map());
    for (const [w, n] of actors ?? []) own.set(w, (own.get(w) ?? 0) + n);
    pruneActors(own);
    s.size += size;
    if (last && (!s.last || last > s.last)) s.last = last;
    // A term pruned from the centroid keeps the story in its posting list (until pushed out
    // by newer stories): a later report may still share it, and the story stays findable.
    prune(s.centroid);
    this.put(s);
  }

  /** Merge the grown story with the closest other candidate story, if they are now one. */
  private mergeNear(s: StoryState, candidates: string[]): { from: string; into: string } | null {
    let near: { t: StoryState; score: number } | null = null;
    for (const id of candidates) {
      const t = this.stories.get(id);
      if (!t || t === s) continue;
      const d = this.normOf(s) * this.normOf(t);
      const score = scaled(d ? dot(s.centroid, t.centroid) / d : 0, s.last, t.last, actorsDiffer({ words: s.actors ?? new Map(), keys: this.keysOf(s) }, t.actors, () => this.keysOf(t)));
      if (score >= MERGE_THRESHOLD && (!near || score > near.score)) near = { t, score };
    }
    if (!near) return null;
    // The larger story keeps its id, so links to it stay good; the other id is recorded.
    const [into, from] = near.t.size > s.size || (near.t.size === s.size && near.t.id < s.id) ? [near.t, s] : [s, near.t];
    this.forgetStory(from);
    this.merged.set(from.id, into.id);
    this.absorb(into, from.centroid, from.last, from.size, from.actors);
    return { from: from.id, into: into.id };
  }
}

/** A story whose main people are strangers to the article's (and the reverse) counts this much as close. */
export const ACTOR_CONFLICT = 0.7;

/** Cosine similarity as clustering weighs it: by time proximity, and less between reports about strangers. */
const scaled = (cos: number, last: string | null | undefined, other: string | null | undefined, strangers: boolean) => cos * timeFactor(last, other) * (strangers ? ACTOR_CONFLICT : 1);
/** How many of the most-named words say who a report (or story) is about. */
const ACTOR_KEYS = 2;
/** Name words a story remembers. */
const ACTOR_WORDS = 48;
/** Mentions that make a person one the report is about, whoever else it names. */
const PROMINENT = 5;
/** One article counts at most this many mentions of a name into its story's. */
const ACTOR_CAP = 5;

interface Actors {
  /** Name words and how often the article (or story) names them. */
  words: Map<string, number>;
  /** The most named: who the report is about. */
  keys: string[];
}

/** The name words of an article's people (one entry per mention, see articlePeople). */
function articleActors(people: string[]): Actors {
  const words = new Map<string, number>();
  for (const w of people) words.set(w, (words.get(w) ?? 0) + 1);
  return { words, keys: topKeys(words, 2) };
}

function topKeys(words: Map<string, number>, min: number): string[] {
  return [...words].filter(([, n]) => n >= min).sort(heaviest).slice(0, ACTOR_KEYS).map(([w]) => w);
}

const capped = (words: Map<string, number>) => new Map([...words].map(([w, n]) => [w, Math.min(n, ACTOR_CAP)]));

/** Down to the ACTOR_WORDS most named, once twice that many have gathered (a sort per article would cost more than the rest). */
const pruneActors = (m: Map<string, number>) => (m.size <= 2 * ACTOR_WORDS ? m : keepStrongest(m, ACTOR_WORDS));

/**
 * Two reports are about different events of one kind, however alike their words, when their
 * main people are strangers to each other (none of the article's most-named people among the
 * story's names, nor the story's among the article's), or when the article keeps naming
 * someone the story never does (PROMINENT times or more) and never names the story's own main
 * person: the same champion against another challenger. On ECB+ pairs of one topic, 94% of
 * those that are strangers are different events. Articles or stories naming nobody never differ.
 */
function actorsDiffer(a: Actors, story: Map<string, number> | undefined, storyKeys: () => string[]): boolean {
  if (!a.keys.length || !story?.size) return false;
  const strangers = a.keys.filter((k) => !story.has(k));
  const allStrangers = strangers.length === a.keys.length;
  // Most candidates know the article's people: decided without ranking the story's.
  const prominent = strangers.some((k) => a.words.get(k)! >= PROMINENT);
  if (!allStrangers && !prominent) return false;
  const theirs = storyKeys();
  if (allStrangers && !theirs.some((k) => a.words.has(k))) return true;
  return prominent && theirs.some((k) => !a.words.has(k));
}

const prune = (v: Vec) => (v.size <= CENTROID_TERMS ? v : keepStrongest(v, CENTROID_TERMS));

/** Heaviest first; ties in key order, so every run keeps the same entries. */
const heaviest = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);

function keepStrongest(m: Map<string, number>, n: number): Map<string, number> {
  const keep = [...m].sort(heaviest).slice(0, n);
  m.clear();
  for (const [k, w] of keep) m.set(k, w);
  return m;
}
