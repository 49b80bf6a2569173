import type { StoryEvidence } from '../model.js';
import { sameLanguage, UNDETERMINED } from '../article/language.js';
import { dayNumber, isoDay } from '../util/dates.js';
import { mostCounted } from '../util/maps.js';
import {
  affinity,
  eventFeatures,
  storedModel,
  type Counts,
  type Marks,
  type People,
  type StoryModel,
} from './same-event.js';
import { norm, termCounts, tfidf, type Vec } from './vectors.js';

// Online story assignment. Each article is compared with the centroids of the stories
// that share one of its most distinctive terms; it joins the best story above the learned
// same-event model's threshold or opens a new one. The cost per article stays flat
// however long the stream runs: only the article's QUERY_TERMS rarest terms are looked up,
// each term's posting list keeps its POSTING_CAP most recently updated stories, and at most
// MAX_ACTIVE stories stay open in memory (the least recently updated close; they remain in
// the store).
// Words alone join different events of one kind (one boxer's two title defences, two stars'
// rehab stays), so the cosine is scaled by what else the article and story name: people
// (see actorsDiffer and people), years and numbers (see same-event.ts).

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
  /** Name words of the people its articles mention -> mentions (at most ACTOR_CAP per article; the most named kept, see addCounts). */
  actors?: Map<string, number>;
  /** Years and numbers its articles give -> mentions (at most MARK_CAP per article; the most given kept). */
  years?: Map<string, number>;
  numbers?: Map<string, number>;
  /** The language of its reports (the first one identified); none or 'und': any report may join. */
  language?: string | null;
  /** The days it has reports of (YYYY-MM-DD, ascending): which later reports can still join it (see EventTime). */
  days?: string[];
}

/** A candidate story as the clusterer scored it for an article (see Clusterer.assign's `choose`). */
export interface Candidate {
  storyId: string;
  cosine: number;
  /** eventFeatures of the article against the story. */
  features: number[];
  score: number;
}

/** What a store keeps of the clusterer: its stories, term frequencies, article count, and merges (from, into). */
export interface ClusterState {
  stories: StoryState[];
  df: [string, number][];
  n: number;
  merges?: [string, string][];
}

/**
 * Time proximity: a story is a near-certain home for an article within a week of its
 * latest report, and none at all two months on (a new event with old words).
 */
export function timeFactor(storyLast: string | null | undefined, date: string | null | undefined): number {
  return closeness(storyLast ? dayNumber(storyLast) : null, date ? dayNumber(date) : null);
}

/** timeFactor over day numbers (see dayNumber), as the clusterer keeps dates; null: undated, no penalty. */
function closeness(a: number | null, b: number | null): number {
  if (a === null || b === null) return 1;
  const d = Math.abs(a - b);
  return d <= 7 ? 1 : d >= TIME_WINDOW ? 0 : 1 - (d - 7) / (TIME_WINDOW - 7);
}

/** Days apart at which a story is no home for an article at all (timeFactor 0). */
const TIME_WINDOW = 60;

/**
 * How far in time one event's reports reach. An event is one happening reported within days:
 * a report joins a story only within `gap` days of one of its reports, and only if the story
 * then spans at most `span` days from first report to last. Without it, a campaign's weekly
 * primaries became one "event" of 13 reports over 32 days (PolNeAR); what continues over
 * weeks is a line of events, not one. Chosen on the PolNeAR train split (docs/BENCHMARKS.md).
 */
export interface EventTime {
  gap: number;
  span: number;
}

export const EVENT_TIME: EventTime = { gap: 4, span: 14 };

export class Clusterer {
  private df = new Map<string, number>();
  private n = 0;

  /**
   * Everything the clusterer does per article runs over numbers, not strings. Every counted
   * term has a small integer id (a forgotten term's id is reused), every open story a number
   * (never reused). A story's centroid is two flat arrays of term ids and weights, the
   * article's weights sit in a dense array indexed by term id, and posting lists are indexed
   * by term id and hold story numbers. Scoring a candidate is then one contiguous read, and
   * adding an article to a story touches no hash table of strings: string-keyed lookups,
   * spread over a heap that grows as the index fills, were most of the time per article.
   */
  private termId = new Map<string, number>();
  private termOf: string[] = [];
  private freeIds: number[] = [];
  private nextId = 0;
  private weights = new Float64Array(1024);
  /** Scratch: a centroid entry's position + 1, by term id (zero elsewhere; see absorb). */
  private slot = new Int32Array(1024);
  /**
   * Term id -> numbers of open stories whose centroid carries it, most recently updated last.
   * A Set keeps insertion order, so moving a story to the end and dropping the oldest are O(1)
   * however full the list is: the cost of an update does not grow as the stream fills the index.
   */
  private postings: (Set<number> | undefined)[] = [];
  /** Open stories by id, least recently updated first (a Map keeps insertion order), and by number. */
  private open = new Map<string, Open>();
  /** Ids of stories closed in this process (they stay in the store), so a new story never reuses one. */
  private closed = new Set<string>();
  private byNumber = new Map<number, Open>();
  private nextNumber = 0;

  /**
   * Terms in the order they were first seen, with when: a term still seen in one article
   * only HAPAX_WINDOW articles later is forgotten (see forgetHapaxes).
   */
  private firstSeen: string[] = [];
  private firstSeenAt: number[] = [];
  private firstSeenHead = 0;

  /** Stories merged into another: from -> into (the larger story keeps its id). */
  readonly merged = new Map<string, string>();

  /** `model` replaces the committed same-event model (scripts/train-stories.ts tries thresholds with it). */
  constructor(
    initial: ClusterState | null = null,
    private readonly model: StoryModel = storedModel(),
    private readonly time: EventTime = EVENT_TIME,
  ) {
    if (initial) {
      this.n = initial.n;
      this.df = new Map(initial.df);
      // Stored one-article terms get a fresh window (when they were seen is not stored).
      for (const [t, df] of initial.df) {
        this.idOf(t);
        if (df === 1) this.seenFirst(t);
      }
      for (const s of initial.stories) {
        // A stored centroid's forgotten terms (no longer counted) can match nothing: left out.
        const known = [...s.centroid].filter(([t]) => this.termId.has(t));
        const o: Open = {
          id: s.id,
          n: this.nextNumber++,
          ids: known.map(([t]) => this.termId.get(t)!),
          w: known.map(([, x]) => x),
          size: s.size,
          last: s.last ?? null,
          day: s.last ? dayNumber(s.last) : null,
          actors: s.actors ?? new Map(),
          years: s.years ?? new Map(),
          numbers: s.numbers ?? new Map(),
          language: s.language ?? null,
          days: storedDays(s),
        };
        this.byNumber.set(o.n, o);
        this.put(o);
      }
      // Merged-away ids stay taken: old links to them resolve to the story they joined.
      for (const [from, into] of initial.merges ?? []) this.merged.set(from, into);
    }
  }

  /** How many terms the clusterer holds frequencies and posting lists for (the bench and tests watch these stay bounded). */
  get vocabulary(): { frequencies: number; postings: number } {
    return { frequencies: this.df.size, postings: this.postings.reduce((k, p) => k + (p ? 1 : 0), 0) };
  }

  /** How many stories are open (in memory, candidates for new articles). */
  get openStories(): number {
    return this.open.size;
  }

  /** An open story as the store keeps it (centroid by term), or undefined if it is not open. */
  story(id: string): StoryState | undefined {
    const o = this.open.get(id);
    return (
      o && {
        id: o.id,
        centroid: new Map(o.ids.map((t, i) => [this.termOf[t], o.w[i]])),
        size: o.size,
        last: o.last,
        actors: o.actors,
        years: o.years,
        numbers: o.numbers,
        language: o.language,
        days: o.days.map((d) => isoDay(new Date(d * 86_400_000))),
      }
    );
  }

  /** The story an id stands for now, following merges. */
  resolve(id: string): string {
    let cur = id;
    while (this.merged.has(cur)) cur = this.merged.get(cur)!;
    return cur;
  }

  /**
   * Place one article; returns the story id, the similarity that decided it, and the merge
   * it caused, if the story it joined has grown close enough to another to be the same.
   * `choose` overrides the decision (training places articles in their gold stories): it is
   * given the scored candidates and names the story to join, or null for a new one; no
   * merges follow then.
   */
  assign(
    articleId: string,
    evidence: StoryEvidence,
    date: string | null = null,
    choose?: (candidates: Candidate[]) => string | null,
  ): { storyId: string; score: number; created: boolean; merged: { from: string; into: string } | null } {
    const vec = this.vectorise(evidence.terms);
    const day = date ? dayNumber(date) : null;
    // Candidates: the stories sharing the most of the article's distinctive terms (weighted).
    const hits = new Map<number, number>();
    // Looked up by the strongest of its terms some open story carries: an article's rarest
    // words are often new to the stream (a name, a typo) and would find nothing.
    const indexed = vec.w.map((x, i) => (this.postings[vec.ids[i]] ? x : 0));
    for (const i of strongest(indexed, QUERY_TERMS, (a, b) => this.byTerm(vec.ids[a], vec.ids[b]))) {
      const t = vec.ids[i];
      const list = this.postings[t];
      if (!list) continue;
      // Closed stories leave the lists lazily; stories the article's date cannot join (see
      // EventTime) take no candidate's place (a year of one recurring kind of news would
      // otherwise crowd out this month's story). Nor do stories in another language: reports
      // of one event in two languages are two stories.
      for (const n of list) {
        const o = this.byNumber.get(n);
        if (!o) list.delete(n);
        else if (this.reaches(day, o.days) && sameLanguage(evidence.language, o.language))
          hits.set(n, (hits.get(n) ?? 0) + vec.w[i]);
      }
      if (!list.size) this.postings[t] = undefined;
    }
    const numbers = [...hits.keys()];
    const tallies = [...hits.values()];
    // Ties (stories sharing just one term) go to the older story; scored in id order.
    const candidates = strongest(tallies, MAX_CANDIDATES, (a, b) => numbers[a] - numbers[b])
      .map((i) => this.byNumber.get(numbers[i])!)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    let best: { o: Open; score: number } | null = null;
    const vnorm = norm(vec.w);
    const actors = articleActors(evidence.people ?? []);
    const marks = marksOf(evidence);
    // Only stories the article itself resembles can be drawn together by it.
    const related: Open[] = [];
    const scored: Candidate[] = [];
    this.load(vec);
    for (const o of candidates) {
      const d = vnorm * this.normOf(o);
      const cosine = d ? this.dotLoaded(o) / d : 0;
      const { features, score } = this.weigh(
        cosine,
        this.people(actors, o),
        marks,
        o,
        day,
        nearest(o.days, day) ?? o.day,
      );
      if (choose) scored.push({ storyId: o.id, cosine, features, score });
      if (score >= MERGE_RELATED) related.push(o);
      if (!best || score > best.score) best = { o, score };
    }
    this.unload(vec);
    const added = articleAdded(vec, date, actors, marks, evidence.language);
    if (choose) {
      const id = choose(scored);
      const o = id === null ? undefined : this.open.get(id);
      if (id !== null && !o) throw new Error(`story ${id} is not open`);
      if (o && !sameLanguage(evidence.language, o.language))
        throw new Error(`story ${id} is in ${o.language}, the article in ${evidence.language}`);
      if (o) {
        this.absorb(o, added);
        return {
          storyId: o.id,
          score: scored.find((c) => c.storyId === o.id)?.score ?? 0,
          created: false,
          merged: null,
        };
      }
    } else if (best && best.score >= this.model.threshold) {
      const o = best.o;
      this.absorb(o, added);
      const merged = this.mergeNear(o, related);
      return { storyId: merged?.into ?? o.id, score: best.score, created: false, merged };
    }
    const o: Open = {
      id: this.newId(articleId),
      n: this.nextNumber++,
      ids: [],
      w: [],
      size: 0,
      last: null,
      day: null,
      actors: new Map(),
      years: new Map(),
      numbers: new Map(),
      language: null,
      days: [],
    };
    this.byNumber.set(o.n, o);
    this.absorb(o, added);
    return { storyId: o.id, score: best?.score ?? 0, created: true, merged: null };
  }

  /**
   * Put an article into a known story (a near-duplicate of one of its articles), skipping
   * the similarity search; null if that story is not open, is in another language, or is
   * too far in time (a reprint weeks later does not stretch the event, see EventTime).
   */
  join(
    storyId: string,
    evidence: StoryEvidence,
    date: string | null = null,
  ): { storyId: string; score: number; created: boolean; merged: null } | null {
    const o = this.open.get(storyId);
    // A near-copy is the report it copies, republished: it joins whatever its date (not its language).
    if (!o || !sameLanguage(evidence.language, o.language)) return null;
    const vec = this.vectorise(evidence.terms);
    const d = norm(vec.w) * this.normOf(o);
    this.load(vec);
    const score = d ? this.dotLoaded(o) / d : 0;
    this.unload(vec);
    this.absorb(o, articleAdded(vec, date, articleActors(evidence.people ?? []), marksOf(evidence), evidence.language));
    return { storyId: o.id, score, created: false, merged: null };
  }

  /**
   * A new story is named after its first article. Twelve hex digits of the article's hash
   * keep ids short; should they name a story this clusterer knows, open, merged or closed
   * (a chance of about one in 500 over a million stories), the whole id is used, or failing
   * that a counted one. (A store reloads every story, so closed ones are known again.)
   */
  private newId(articleId: string): string {
    const taken = (id: string) => this.open.has(id) || this.merged.has(id) || this.closed.has(id);
    let id = `s-${articleId.slice(0, 12)}`;
    if (taken(id)) id = `s-${articleId}`;
    for (let k = 2; taken(id); k++) id = `s-${articleId}-${k}`;
    return id;
  }

  private idOf(t: string): number {
    let id = this.termId.get(t);
    if (id === undefined) {
      id = this.freeIds.pop() ?? this.nextId++;
      this.termId.set(t, id);
      this.termOf[id] = t;
      if (id >= this.weights.length) {
        const grown = new Float64Array(this.weights.length * 2);
        grown.set(this.weights);
        this.weights = grown;
        this.slot = new Int32Array(grown.length);
      }
    }
    return id;
  }

  /** Order of two term ids by their terms: how ties in weight are broken, in every run alike. */
  private byTerm(a: number, b: number): number {
    return this.termOf[a] < this.termOf[b] ? -1 : 1;
  }

  /** Count a new article's terms into the document frequencies and weigh them by TF-IDF. */
  private vectorise(terms: string[]): Packed {
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
    const ids: number[] = [];
    const w: number[] = [];
    for (const [t, x] of vec) (ids.push(this.termId.get(t)!), w.push(x));
    return { ids, w };
  }

  private seenFirst(t: string): void {
    this.firstSeen.push(t);
    this.firstSeenAt.push(this.n);
  }

  /**
   * Forget terms no second article has used in HAPAX_WINDOW articles: their frequency, posting
   * list and place in any open centroid. A stream keeps bringing one-off words (names,
   * numbers, typos); keeping each forever makes the tables, and with them the time of every
   * lookup, grow with the stream. A forgotten term that comes back counts from one again: its
   * weight barely changes.
   */
  private forgetHapaxes(): void {
    const until = this.n - HAPAX_WINDOW;
    let head = this.firstSeenHead;
    while (head < this.firstSeen.length && this.firstSeenAt[head] <= until) {
      const t = this.firstSeen[head++];
      if (this.df.get(t) === 1) {
        this.df.delete(t);
        const id = this.termId.get(t)!;
        // Its posting list names the one story that ever had it (or the story that took that
        // one in): the term leaves its centroid, so its id can serve another term.
        for (const n of this.postings[id] ?? []) {
          const o = this.byNumber.get(n);
          const at = o ? o.ids.indexOf(id) : -1;
          if (o && at >= 0) {
            o.ids.splice(at, 1);
            o.w.splice(at, 1);
            o.norm = undefined;
          }
        }
        this.postings[id] = undefined;
        this.freeIds.push(id);
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

  /** The article's weights into the dense array, for dotLoaded; unload clears them. */
  private load(v: Packed): void {
    for (let i = 0; i < v.ids.length; i++) this.weights[v.ids[i]] = v.w[i];
  }

  private unload(v: Packed): void {
    for (const t of v.ids) this.weights[t] = 0;
  }

  /** The dot product of the loaded vector with a story's centroid. */
  private dotLoaded(o: Open): number {
    const { ids, w } = o;
    const a = this.weights;
    let d = 0;
    for (let i = 0; i < ids.length; i++) d += w[i] * a[ids[i]];
    return d;
  }

  private normOf(o: Open): number {
    return (o.norm ??= norm(o.w));
  }

  /** Cosine similarity as clustering weighs it: by the same-event model's signals (`a`, an article or story, against story `b`), then by time proximity. */
  private weigh(
    cosine: number,
    people: People,
    a: Marks,
    b: Marks,
    day: number | null,
    other: number | null,
  ): { features: number[]; score: number } {
    const features = eventFeatures(people, a, b, day !== null && other !== null);
    return { features, score: affinity(cosine, features, this.model.weights) * closeness(day, other) };
  }

  /** How the people of an article (or story) `a` compare with story `o`'s. */
  private people(a: Actors, o: Open): People {
    const strangers = actorsDiffer(a, o.actors, () => this.keysOf(o));
    return { strangers, shared: !strangers && a.keys.length > 0 && a.keys[0] === this.keysOf(o)[0] };
  }

  /** The people a story is most about. */
  private keysOf(o: Open): string[] {
    return (o.keys ??= topKeys(o.actors, 1));
  }

  /** Whether a report of `day` may join a story with reports on `days` (see EventTime); undated reports and stories always may. */
  private reaches(day: number | null, days: number[]): boolean {
    if (day === null || !days.length) return true;
    if (Math.max(day, days[days.length - 1]) - Math.min(day, days[0]) > this.time.span) return false;
    return Math.abs(nearest(days, day)! - day) <= this.time.gap;
  }

  /** Whether two stories' reports could be one event's: together within the span, and some report of one within the gap of one of the other. */
  private reachEach(a: number[], b: number[]): boolean {
    if (!a.length || !b.length) return true;
    if (Math.max(a[a.length - 1], b[b.length - 1]) - Math.min(a[0], b[0]) > this.time.span) return false;
    return b.some((d) => Math.abs(nearest(a, d)! - d) <= this.time.gap);
  }

  /** Mark a story most recently updated, index its terms, and close the least recent beyond MAX_ACTIVE. */
  private put(o: Open): void {
    o.norm = o.keys = o.main = undefined;
    this.open.delete(o.id);
    this.open.set(o.id, o);
    for (const t of o.ids) {
      let list = this.postings[t];
      if (!list) this.postings[t] = list = new Set();
      list.delete(o.n);
      list.add(o.n);
      if (list.size > POSTING_CAP) list.delete(list.values().next().value!);
    }
    while (this.open.size > MAX_ACTIVE) {
      const oldest = this.open.values().next().value!;
      this.closed.add(oldest.id);
      this.forgetStory(oldest);
    }
  }

  /** Take a story out of memory (closed or merged away) and out of the posting lists of its terms. */
  private forgetStory(o: Open): void {
    this.open.delete(o.id);
    this.byNumber.delete(o.n);
    for (const t of o.ids) {
      const list = this.postings[t];
      if (list?.delete(o.n) && !list.size) this.postings[t] = undefined;
    }
  }

  /**
   * Add an article (or a merged story) to a story and re-index it. The centroid keeps the
   * order a Map would (entries in place, new terms at the end, the strongest CENTROID_TERMS
   * in weight order after a prune), so sums run in the same order every time.
   */
  private absorb(o: Open, { vec: v, last, size, actors, years, numbers, language, days }: Added): void {
    const slot = this.slot;
    for (let i = 0; i < o.ids.length; i++) slot[o.ids[i]] = i + 1;
    for (let i = 0; i < v.ids.length; i++) {
      const at = slot[v.ids[i]];
      if (at) o.w[at - 1] += v.w[i];
      else {
        o.ids.push(v.ids[i]);
        o.w.push(v.w[i]);
      }
    }
    for (const t of o.ids) slot[t] = 0;
    addCounts(o.actors, actors, ACTOR_WORDS);
    addCounts(o.years, years, MARK_VALUES);
    addCounts(o.numbers, numbers, MARK_VALUES);
    o.size += size;
    if (!o.language || o.language === UNDETERMINED) o.language = language ?? o.language;
    if (days.length) o.days = [...new Set([...o.days, ...days])].sort((a, b) => a - b);
    if (last && (!o.last || last > o.last)) {
      o.last = last;
      o.day = dayNumber(last);
    }
    // A term pruned from the centroid keeps the story in its posting list (until pushed out
    // by newer stories): a later report may still share it, and the story stays findable.
    if (o.ids.length > CENTROID_TERMS) {
      const keep = strongest(o.w, CENTROID_TERMS, (a, b) => this.byTerm(o.ids[a], o.ids[b]));
      o.ids = keep.map((i) => o.ids[i]);
      o.w = keep.map((i) => o.w[i]);
    }
    this.put(o);
  }

  /** Merge the grown story with the closest other candidate story, if they are now one. */
  private mergeNear(s: Open, candidates: Open[]): { from: string; into: string } | null {
    let near: { t: Open; score: number } | null = null;
    this.load(s);
    for (const t of candidates) {
      if (
        t === s ||
        !this.byNumber.has(t.n) ||
        !sameLanguage(s.language, t.language) ||
        !this.reachEach(s.days, t.days)
      )
        continue;
      const d = this.normOf(s) * this.normOf(t);
      const { score } = this.weigh(
        d ? this.dotLoaded(t) / d : 0,
        this.people({ words: s.actors, keys: this.keysOf(s) }, t),
        s,
        t,
        s.day,
        t.day,
      );
      if (score >= MERGE_THRESHOLD && (!near || score > near.score)) near = { t, score };
    }
    this.unload(s);
    if (!near) return null;
    // The larger story keeps its id, so links to it stay good; the other id is recorded.
    const [into, from] =
      near.t.size > s.size || (near.t.size === s.size && near.t.id < s.id) ? [near.t, s] : [s, near.t];
    this.forgetStory(from);
    this.merged.set(from.id, into.id);
    this.absorb(into, {
      vec: from,
      last: from.last,
      size: from.size,
      actors: from.actors,
      years: from.years,
      numbers: from.numbers,
      language: from.language,
      days: from.days,
    });
    return { from: from.id, into: into.id };
  }
}

/** A vector as term ids and weights, in parallel arrays. */
interface Packed {
  ids: number[];
  w: number[];
}

/** An open story: its centroid packed by term id, its number in the posting lists, and values cached until it changes. */
interface Open extends Packed, Marks {
  id: string;
  n: number;
  size: number;
  last: string | null;
  /** `last` as a day number (see dayNumber), or null. */
  day: number | null;
  actors: Map<string, number>;
  language: string | null;
  /** Day numbers of its reports, ascending, distinct. */
  days: number[];
  norm?: number;
  keys?: string[];
}

/** What absorb adds to a story: an article's (or a merged story's) weights and counts. */
interface Added {
  vec: Packed;
  last: string | null | undefined;
  size: number;
  actors: Counts;
  years: Counts;
  numbers: Counts;
  language: string | null | undefined;
  days: number[];
}
/** How many of the most-named words say who a report (or story) is about. */
const ACTOR_KEYS = 2;
/** Name words a story remembers. */
const ACTOR_WORDS = 48;
/** Mentions that make a person one the report is about, whoever else it names. */
const PROMINENT = 5;
/** One article counts at most this many mentions of a name into its story's. */
const ACTOR_CAP = 5;
/** One article counts at most this many mentions of a year or number into its story's. */
const MARK_CAP = 3;
/** Years, and numbers, a story remembers. */
const MARK_VALUES = 48;

interface Actors {
  /** Name words and how often the article (or story) names them. */
  words: Map<string, number>;
  /** The most named: who the report is about. */
  keys: string[];
}

/** The day in ascending `days` nearest to `day` (the earlier on a tie), or null if there is none or `day` is undated. */
function nearest(days: number[], day: number | null): number | null {
  if (day === null || !days.length) return null;
  let best = days[0];
  for (const d of days) if (Math.abs(d - day) < Math.abs(best - day)) best = d;
  return best;
}

/** A stored story's report days; one stored before they were kept has its latest only. */
function storedDays(s: StoryState): number[] {
  if (s.days?.length) return [...new Set(s.days.map(dayNumber))].sort((a, b) => a - b);
  return s.last ? [dayNumber(s.last)] : [];
}

/** The name words of an article's people (one entry per mention, see articlePeople). */
function articleActors(people: string[]): Actors {
  const words = termCounts(people);
  return { words, keys: topKeys(words, 2) };
}

const topKeys = (words: Map<string, number>, min: number) => mostCounted(words, ACTOR_KEYS, min);

const capped = (m: Counts, cap: number) => new Map([...m].map(([w, n]) => [w, Math.min(n, cap)]));

const marksOf = (e: StoryEvidence): Marks => ({
  years: termCounts(e.years ?? []),
  numbers: termCounts(e.numbers ?? []),
});

/** What an article adds to its story: its weights, its date, and its counts capped (one report repeating a name or number is still one report). */
function articleAdded(
  vec: Packed,
  date: string | null,
  actors: Actors,
  marks: Marks,
  language: string | undefined,
): Added {
  return {
    vec,
    last: date,
    size: 1,
    actors: capped(actors.words, ACTOR_CAP),
    years: capped(marks.years, MARK_CAP),
    numbers: capped(marks.numbers, MARK_CAP),
    language,
    days: date ? [dayNumber(date)] : [],
  };
}

/** Add counts; down to the `keep` most counted once twice that many have gathered (a sort per article would cost more than the rest). */
function addCounts(into: Counts, from: Counts, keep: number): void {
  for (const [w, n] of from) into.set(w, (into.get(w) ?? 0) + n);
  if (into.size > 2 * keep) keepStrongest(into, keep);
}

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

/**
 * The indices of the `k` largest values, largest first; ties go to the index `before` puts
 * first (as a full sort would). Cut at the k-th largest value (a typed array sorts natively)
 * and only the survivors are sorted: an article's tally reaches about 200 stories, and a
 * story's centroid about 200 terms before it is pruned to 80.
 */
function strongest(values: number[], k: number, before: (a: number, b: number) => number): number[] {
  const byValue = (a: number, b: number) => values[b] - values[a] || before(a, b);
  const all = values.map((_, i) => i);
  if (values.length <= k) return all.sort(byValue);
  const cut = Float64Array.from(values).sort()[values.length - k];
  const above = all.filter((i) => values[i] > cut);
  const at = all.filter((i) => values[i] === cut).sort(byValue);
  return above.concat(at.slice(0, k - above.length)).sort(byValue);
}

function keepStrongest(m: Map<string, number>, n: number): Map<string, number> {
  const entries = [...m];
  const keep = strongest(
    entries.map((e) => e[1]),
    n,
    (a, b) => (entries[a][0] < entries[b][0] ? -1 : 1),
  );
  m.clear();
  for (const i of keep) m.set(...entries[i]);
  return m;
}
