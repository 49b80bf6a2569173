import type {
  Article,
  ArticleAnalysis,
  EntityOverride,
  FeedState,
  Failure,
  Page,
  StoryBrief,
  StoryFilter,
  Storyline,
  StorylineSummary,
  StoryQuery,
  StorySummary,
} from '../model.js';
import type { ClusterState, StoryState } from '../story/cluster.js';
import type { EventDigest } from '../story/storylines.js';

/** Everything the pipeline persists. One interface: SQLite (sqlite.ts) or PostgreSQL (postgres.ts). */
export interface Store {
  /** The store as messages name it: a file path, or a database URL without its password. */
  readonly name: string;
  /**
   * Run `fn` as the only writer of stories and briefs across processes, waiting up to
   * `waitMs` (a minute by default) for another writer to finish (`onWait` hears once whom it
   * waits for); StoreBusyError if it does not.
   */
  exclusive<T>(fn: () => Promise<T>, opts?: { waitMs?: number; onWait?: (holder: string) => void }): Promise<T>;
  hasArticle(id: string): Promise<boolean>;
  /**
   * Article, its analysis, its story assignment and its share of the clustering document
   * frequencies (`terms`: its distinct terms), written atomically: a crash loses nothing
   * already stored and leaves no article half-counted.
   */
  saveArticle(
    article: Article,
    analysis: ArticleAnalysis,
    story: {
      state: StoryState;
      score: number;
      terms: string[];
      merged?: { from: string; into: string } | null;
      signature?: Uint32Array;
    },
  ): Promise<void>;
  /** Stored articles sharing a MinHash band with `signature`, with their estimated similarity, most similar first. */
  nearDuplicates(signature: Uint32Array): Promise<{ articleId: string; similarity: number }[]>;
  /** The story an id stands for now (following recorded merges), or null if unknown. */
  resolveStory(id: string): Promise<string | null>;
  getArticle(id: string): Promise<Article | null>;
  getAnalysis(id: string): Promise<ArticleAnalysis | null>;
  /** Replace an article's stored analysis (a newer analyser's). */
  saveAnalysis(articleId: string, analysis: ArticleAnalysis): Promise<void>;
  /** Ids of articles whose stored analysis an analyser version other than `version` wrote, in storage order. */
  staleAnalyses(version: number): Promise<string[]>;
  /** How many such articles there are (without listing them). */
  countStaleAnalyses(version: number): Promise<number>;
  storyOf(articleId: string): Promise<string | null>;
  storyArticles(storyId: string): Promise<string[]>;
  loadClusterState(): Promise<ClusterState | null>;
  /**
   * Store a brief, and with it (in one transaction) the story's analysis state
   * (story/incremental.ts) and its whole lists for paging (story/bounds.ts briefParts) when given.
   */
  saveBrief(brief: StoryBrief, extra?: { state: string; parts: Record<string, unknown[]> }): Promise<void>;
  /** The analysis state stored with the story's brief, as JSON text, or null. */
  getStoryState(storyId: string): Promise<string | null>;
  /** One whole list of a story's brief as stored with it (JSON text of an array), or null. */
  getBriefPart(storyId: string, part: string): Promise<string | null>;
  getBrief(storyId: string): Promise<StoryBrief | null>;
  /** Every brief in story id order, `size` at a time (an export of a large store need not hold them all). */
  briefPages(size: number): AsyncGenerator<StoryBrief[]>;
  /** The stored brief as JSON text, unparsed (the API serves it as is). */
  getBriefJson(storyId: string): Promise<string | null>;
  /** Filtered, paginated story list, newest first. */
  listStories(q: StoryQuery): Promise<Page<StorySummary>>;
  /** Every story the filters keep, in listStories' order, `size` at a time (no count, no offset: a whole listing costs one pass). */
  storyPages(q: StoryFilter, size: number): AsyncGenerator<StorySummary[]>;
  /** Stories with an entity name or alias equal to one of `names` (case-insensitive). */
  storiesWithNames(names: string[]): Promise<string[]>;
  /** Every story's stored digest (what storyline linking reads of it), by story id; a story merged away may linger. */
  loadDigests(): Promise<EventDigest[]>;
  /** Store these stories' digests (replacing older ones); digests of stories no longer stored are dropped. */
  saveDigests(digests: EventDigest[]): Promise<void>;
  /** Replace every storyline and every story's storyline (they are recomputed whole, see story/storylines.ts). */
  saveStorylines(lines: Storyline[]): Promise<void>;
  /** Storylines, newest first (latest event date; undated last), paginated. */
  listStorylines(q: { limit: number; offset: number }): Promise<Page<StorylineSummary>>;
  getStoryline(id: string): Promise<Storyline | null>;
  /** The storyline a story belongs to, or null. */
  storylineOf(storyId: string): Promise<string | null>;
  saveOverride(o: EntityOverride): Promise<void>;
  listOverrides(): Promise<EntityOverride[]>;
  deleteOverride(id: string): Promise<EntityOverride | null>;
  countArticles(): Promise<number>;
  /** Record a failure (replacing an earlier one of the same stage and subject); `article` keeps an unstored article for a retry. */
  recordFailure(f: Failure, article?: Article): Promise<void>;
  /** Forget the failures of these stages for `subject` (it has succeeded). */
  clearFailures(subject: string, stages: Failure['stage'][]): Promise<void>;
  /** Every recorded failure, latest first. */
  listFailures(): Promise<Failure[]>;
  /** Articles that failed before they were stored, kept by recordFailure, in the order they failed. */
  failedArticles(): Promise<Article[]>;
  /** What `watch` knows of a feed (validators, when to poll next), or null if never polled. */
  feedState(url: string): Promise<FeedState | null>;
  saveFeedState(s: FeedState): Promise<void>;
  /** Of a feed's item keys, those not yet marked seen, in the order given. */
  unseenItems(feed: string, items: string[]): Promise<string[]>;
  markItemsSeen(feed: string, items: string[], at: string): Promise<void>;
  close(): Promise<void>;
}

/** Another process holds the store's writer claim for longer than the caller would wait. */
export class StoreBusyError extends Error {}
