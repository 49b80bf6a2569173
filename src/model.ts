// The types every layer shares. Offsets (`start`/`end`) are UTF-16 indices into
// `Article.text`, end-exclusive: `text.slice(start, end)` is the annotated string.

/** A half-open character span into an article's text. */
export interface Span {
  start: number;
  end: number;
}

/** Where a value was read from, so the UI and JSON can say why. */
export type DateSource =
  | 'header' // " date 2020-01-05" at the top of a text file
  | 'trailer' // "Published in Dawn, January 4th, 2020"
  | 'dateline' // "WASHINGTON, Jan. 5, 2020 (Reuters) -"
  | 'date-line' // "Published: July 29, 2004" on a line of its own near the top
  | 'json-ld'
  | 'meta'
  | 'time-element'
  | 'page-text' // a date written in the page's date, time or byline element
  | 'feed'
  | 'jsonl'
  | 'url'
  | 'sidecar' // "<file>.meta.json" next to the input
  | 'user';

export interface PublishedDate {
  /** ISO date (YYYY-MM-DD) or date-time. */
  value: string;
  source: DateSource;
  /** 0..1: how sure the extractor is. */
  confidence: number;
}

/** One ingested document. `id` is a hash of its normalised text: re-ingesting is idempotent. */
export interface Article {
  id: string;
  /** File path, URL or "file.jsonl:3" — what the user gave us. */
  input: string;
  format: 'text' | 'html' | 'jsonl' | 'feed';
  url: string | null;
  title: string | null;
  outlet: string | null;
  byline: string | null;
  dateline: string | null;
  publishedAt: PublishedDate | null;
  /** Clean body text; every annotation offset points into it. */
  text: string;
  /** Boilerplate lines removed at ingest, for transparency. */
  removed: string[];
}

/** A failure to ingest one input; the rest of the batch goes on. */
export interface InputError {
  input: string;
  reason: string;
}

export interface Token extends Span {
  text: string;
  /** Universal POS tag from wink (PROPN, NOUN, VERB, ...). */
  pos: string;
  lemma: string;
}

export interface Sentence extends Span {
  /** A heading/caption line rather than running prose (no final punctuation). */
  heading: boolean;
  /** Paragraph index within the article. */
  paragraph: number;
}

export type EntityType = 'PERSON' | 'ORG' | 'PLACE' | 'MISC';

/** A named mention with titles/roles split off. Span covers the name only. */
export interface Mention extends Span {
  text: string;
  type: EntityType;
  /** Role or title phrase in front of the name ("Foreign Minister", "Maj Gen"). */
  role: string | null;
  /** Span of the role phrase when present. */
  roleSpan: Span | null;
  /** Which rule typed it, for explanations. */
  rule: string;
}

/** A lower-case description such as "the army chief", linked to a named entity at story level. */
export interface RoleMention extends Span {
  text: string;
  role: string;
}

export type QuoteKind = 'direct' | 'indirect' | 'inferred';

export interface Quote extends Span {
  /** The quoted words (text.slice(start, end)), without the quote marks. */
  text: string;
  /**
   * direct: in quote marks; indirect: reported speech the rules recognise ("X said that …");
   * inferred: an attribution around a cue only the learned detector found ("X wants …",
   * "polls show …"), less certain than the others.
   */
  kind: QuoteKind;
  /** The reporting verb: said, tweeted, told... */
  cue: (Span & { text: string }) | null;
  /** The speaker's words as written (a name, "he", "the FO"). */
  speaker: (Span & { text: string }) | null;
  /** Medium or reporter that relays the quote ("quoted as saying by the ARY News", "Gen Bajwa, it said, called for “…”"). */
  via: (Span & { text: string }) | null;
  /** Sentence index of the quote. */
  sentence: number;
}

/** How precise a time value is; ref (PRESENT_REF...), duration (P9M) and set (P1D) are not points on a calendar. */
export type Granularity =
  'day' | 'week' | 'month' | 'quarter' | 'season' | 'year' | 'time' | 'ref' | 'duration' | 'set';

export interface TimeExpression extends Span {
  text: string;
  /** TIMEX3-style value (2020-01-05, 2020-01, 2020-W02, 2020) or null when unresolved. */
  value: string | null;
  granularity: Granularity;
  /** True when the value rests on an inferred reference (no year, no publication date). */
  inferred: boolean;
  /** Name of the rule that resolved it. */
  rule: string;
  /** For "two days after": the signed offset in days to apply to an anchor event. */
  anchorOffsetDays?: number;
  sentence: number;
}

export interface Quantity extends Span {
  text: string;
  /** Lower and upper bounds of what the phrase asserts (inclusive; null = open). */
  low: number | null;
  high: number | null;
  /** The counted noun ("people", "protesters", "kilometer"). */
  unit: string | null;
  sentence: number;
}

/** Everything we know about one article, as a pure function of it. */
export interface ArticleAnalysis {
  articleId: string;
  version: number;
  tokens: Token[];
  sentences: Sentence[];
  mentions: Mention[];
  roleMentions: RoleMention[];
  quotes: Quote[];
  times: TimeExpression[];
  quantities: Quantity[];
  /** Tense per sentence, used by the time refiners. */
  tense: ('past' | 'present' | 'future')[];
  /**
   * The language the article is written in, ISO 639-1 ('en', 'fr', …), or 'und' when its text
   * is too short or too mixed to tell (src/article/language.ts). Absent in analyses stored
   * before languages were identified.
   */
  language?: string;
}

/** What story assignment reads of an article (src/story/evidence.ts), one entry per occurrence. */
export interface StoryEvidence {
  /** Content words of title and body, the lead's counted three times, plus entity keys (see evidence.ts). */
  terms: string[];
  /** Name words of the people it mentions. */
  people?: string[];
  /** Years its time expressions name or resolve to. */
  years?: string[];
  /** Numbers in its text other than years. */
  numbers?: string[];
  /** Its language (see ArticleAnalysis.language): a story holds reports in one language only. */
  language?: string;
}

/** A pointer to supporting text: the currency of every output line. */
export interface Citation extends Span {
  articleId: string;
  text: string;
}

export interface StoryArticle {
  id: string;
  input: string;
  title: string | null;
  outlet: string | null;
  publishedAt: PublishedDate | null;
  /** Reference date used to resolve relative dates, and whether it was inferred. */
  referenceDate: { value: string; inferred: boolean; reason: string } | null;
  dateline: string | null;
  /** Syndication group id: articles sharing wire copy count as one source. */
  sourceGroup: string;
  removed: string[];
  /**
   * The clean article text every citation's offsets index into. A big story's brief
   * carries it for its first articles only (src/story/bounds.ts); GET /api/articles/:id has every one.
   */
  text?: string;
}

export interface StoryEntity {
  id: string;
  name: string;
  type: EntityType;
  aliases: string[];
  roles: string[];
  mentions: Citation[];
  /** Why mentions were merged ("transliteration", "surname", "acronym", ...). */
  links: string[];
  articleCount: number;
  /** Present when `mentions` was cut (src/story/bounds.ts): how many there are. */
  totals?: { mentions?: number };
}

export interface StoryQuote {
  id: string;
  text: string;
  /** resolvedBy: name, role, description ("the embassy" for the US Embassy), pronoun, statement ("The message suggested …": the speaker of the quote just before), sentence-subject or unresolved. */
  speaker: { entityId: string | null; name: string; resolvedBy: string } | null;
  /** Who relays the speaker's words, named as a story entity where one resolves ("it" -> the ISPR), from an attribution to the speaker shown. */
  via: string | null;
  kind: QuoteKind;
  variants: { text: string; citation: Citation; score: number }[];
  citations: Citation[];
  sources: number;
  /** Present when a list was cut (src/story/bounds.ts): how many there are. */
  totals?: { citations?: number; variants?: number };
}

export interface TimelineEntry {
  date: string;
  granularity: Granularity;
  inferred: boolean;
  label: string;
  citations: Citation[];
  /** The time expressions that dated this event, one per citing article. */
  evidence: Citation[];
  sources: number;
  /**
   * An undated event placed by a cue ("after the call", "Later,"): it happened before or
   * after the anchor event, whose date it shows; `cue` cites the words that place it.
   */
  placement?: { relation: 'before' | 'after'; anchor: string; anchorDate: string; cue: Citation };
  /** Other dates sources give for this same event: flagged, never resolved silently. */
  conflictingDates?: { date: string; citations: Citation[] }[];
  /** Present when a list was cut (src/story/bounds.ts): how many there are. */
  totals?: { citations?: number; evidence?: number };
}

export interface Fact {
  id: string;
  text: string;
  citations: Citation[];
  /** Independent sources (syndication groups), not raw article count. */
  sources: number;
  articles: number;
  /** Present when `citations` was cut (src/story/bounds.ts): how many there are. */
  totals?: { citations?: number };
}

/**
 * Sources that disagree, side by side, never resolved silently. quantity: counts that
 * cannot both hold; date: one fact dated differently; polarity: one fact asserted and
 * negated; attribution: one quote given to different speakers; role: one person given two
 * different offices; name: one office given to two different people. Each value cites the
 * exact span that carries it (the number, the date expression, the negation, the speaker,
 * the title).
 */
export interface Conflict {
  type: 'quantity' | 'date' | 'polarity' | 'attribution' | 'role' | 'name';
  about: string;
  values: { text: string; citation: Citation; low: number | null; high: number | null }[];
  explanation: string;
}

/** What one source reports of the story, and what it alone reports. */
export interface SourceCoverage {
  articleId: string;
  outlet: string | null;
  sourceGroup: string;
  /** Facts (backed by two or more independent sources) this article reports. */
  factsReported: string[];
  /** Facts backed by two or more independent sources that this article does not report. */
  factsMissing: string[];
  /** Sentences no other source comes close to that carry a name, number or date. */
  uniqueDetails: Citation[];
}

export interface SummarySentence {
  text: string;
  citation: Citation;
  corroboratedBy: Citation[];
  /** Present when `corroboratedBy` was cut (src/story/bounds.ts): how many there are. */
  totals?: { corroboratedBy?: number };
}

/** How long each of a brief's lists was before it was cut to its limit (src/story/bounds.ts). */
export interface BriefTotals {
  articles: number;
  entities: number;
  quotes: number;
  timeline: number;
  facts: number;
  conflicts: number;
  syndication: number;
  coverage: number;
}

export interface StoryBrief {
  id: string;
  headline: string;
  articles: StoryArticle[];
  independentSources: number;
  span: { from: string | null; to: string | null };
  summary: SummarySentence[];
  entities: StoryEntity[];
  quotes: StoryQuote[];
  timeline: TimelineEntry[];
  facts: Fact[];
  conflicts: Conflict[];
  syndication: { group: string; articleIds: string[]; sharedSentences: number; totals?: { articleIds?: number } }[];
  coverage: SourceCoverage[];
  /** Set when the story's latest analysis failed: this is its last good brief, without what came since (`staleReason` says why). */
  stale?: true;
  staleReason?: string;
  /** Every list's length before it was cut; absent in briefs stored before lists were cut. */
  totals?: BriefTotals;
}

/**
 * Work that failed and is retried by the next `ingest` or `reanalyse` (and cleared when it
 * succeeds): an article's analysis or write, or a story's analysis or brief write.
 */
export interface Failure {
  stage: 'article-analysis' | 'article-write' | 'story-analysis' | 'brief-write';
  /** The article id or story id. */
  subject: string;
  /** The input the article came from; for a story, "story <id>". */
  input: string;
  reason: string;
  /** When it last failed (ISO 8601). */
  at: string;
}

/** What `watch` keeps of a feed between polls (and across restarts). */
export interface FeedState {
  url: string;
  etag: string | null;
  lastModified: string | null;
  /** Earliest time (ISO 8601) to poll again: the interval, a backoff or the server's Retry-After. */
  nextAt: string;
  /** Failed polls in a row (the backoff doubles with each). */
  failures: number;
  /** The last poll: when, its HTTP status (0 if none), and what went wrong if it did. */
  checkedAt: string;
  status: number;
  error: string | null;
}

/** The JSON document `analyze --format json` prints. */
export interface AnalysisReport {
  schema: 'triangulate/report@1';
  stories: StoryBrief[];
  errors: InputError[];
}

/**
 * An analyst's correction to entity resolution, kept apart from the analysis so it
 * survives re-analysis. Names are matched case- and accent-insensitively against
 * mention texts (and role descriptions for splits).
 * - merge: every entity carrying one of `names` becomes one entity;
 * - split: `name` is never grouped with an entity that carries `from`.
 */
export type EntityOverride =
  | { id: string; kind: 'merge'; names: string[]; note: string | null }
  | { id: string; kind: 'split'; name: string; from: string; note: string | null };

/** One row of the story list: enough to choose a story without loading its brief. */
export interface StorySummary {
  id: string;
  headline: string;
  articles: number;
  independentSources: number;
  from: string | null;
  to: string | null;
  outlets: string[];
  topEntities: { id: string; name: string; type: EntityType }[];
  /** The storyline this story (an event) belongs to, if it continues or is continued by another. */
  storyline?: string | null;
}

/**
 * Storylines (src/story/storylines.ts): events (stories) that continue one another, such as a
 * campaign's primaries or a trial's hearings. Each event of a storyline names the event it is
 * closest to and why: the rule and the keys they share.
 */
export interface StorylineLink {
  /** The event of the storyline this one continues or is continued by (its best link). */
  to: string;
  rule: 'shared-entities' | 'entity-and-terms';
  entities: string[];
  terms: string[];
  score: number;
  /** Days between the two events' reports (0: they overlap); null when either is undated. */
  gapDays: number | null;
}

export interface StorylineEvent {
  id: string;
  headline: string;
  from: string | null;
  to: string | null;
  articles: number;
  link: StorylineLink | null;
}

export interface Storyline {
  id: string;
  /** The names most of its events share. */
  title: string;
  from: string | null;
  to: string | null;
  /** Its events by date (undated last), each with its best link. */
  events: StorylineEvent[];
}

/** One row of the storyline list. */
export interface StorylineSummary {
  id: string;
  title: string;
  from: string | null;
  to: string | null;
  events: number;
  articles: number;
}

/** Which stories a listing keeps. */
export interface StoryFilter {
  /** Every word must appear in the headline, summary, titles or entity names. */
  text?: string;
  /** An entity name or alias (substring, case-insensitive). */
  entity?: string;
  outlet?: string;
  /** Stories whose date span overlaps [from, to] (YYYY-MM-DD). */
  from?: string;
  to?: string;
}

export interface StoryQuery extends StoryFilter {
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
