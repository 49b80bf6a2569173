import { analyzeArticle, ANALYSIS_VERSION } from './article/analyze.js';
import { expandInputs, readFile, type ReadResult } from './ingest/index.js';
import type { Article, ArticleAnalysis, EntityOverride, Failure, InputError, StoryBrief } from './model.js';
import { Clusterer } from './story/cluster.js';
import { storyEvidence } from './story/evidence.js';
import { analyzeStoryWhole, type StoryOptions } from './story/analyze.js';
import { boundBrief, briefParts, type Part } from './story/bounds.js';
import {
  canExtend,
  emptyState,
  foldArticle,
  parseState,
  representativeIds,
  serialiseState,
  wholeBrief,
} from './story/incremental.js';
import { signature } from './story/minhash.js';
import { digestOf, linkStorylines, type EventDigest } from './story/storylines.js';
import { overrideNames } from './story/overrides.js';
import type { Store } from './store/store.js';
import { articlesIngested, countFailure, timed } from './metrics.js';

// The one place where the stages meet: ingest -> article analysis -> story assignment
// -> story analysis -> store. Views (CLI, API, UI) only read what this writes.

export interface IngestProgress {
  total: number;
  done: number;
  current: string;
}

export interface IngestResult {
  articleIds: string[];
  storyIds: string[];
  errors: InputError[];
  added: number;
  /** Articles read whose analysis or write failed (recorded, see Store.recordFailure). */
  failed: number;
  /** Stories that grew into one another during this batch (the second id lives on). */
  merges: { from: string; into: string }[];
}

/** Estimated shingle Jaccard above which an article is a copy of a stored one. */
export const NEAR_DUPLICATE = 0.6;

type StoryItem = { article: Article; analysis: ArticleAnalysis };

/** Where analysis runs: in this thread unless given (the server passes its worker thread's). */
export interface Analysers {
  analyse?: (article: Article) => Promise<ArticleAnalysis>;
  /** The whole (uncut) brief of these articles, as analyzeStoryWhole. */
  analyseStory?: (id: string, items: StoryItem[], opts: StoryOptions) => Promise<StoryBrief>;
}

type BriefOptions = StoryOptions & Analysers;

export type IngestOptions = StoryOptions &
  Analysers & {
    date?: string;
    onProgress?: (p: IngestProgress) => void;
    /** Told once if another process is writing the store and this ingest waits for it. */
    onWait?: (holder: string) => void;
  };

/** Something that yields articles when read: a file, or a request body. */
export interface Source {
  name: string;
  read: () => ReadResult;
}

/** The files that files, directories and globs name, as sources (`date` for those that carry none), and the inputs that name none. */
export function fileSources(inputs: string[], date: string | null = null): { sources: Source[]; errors: InputError[] } {
  const { files, errors } = expandInputs(inputs);
  return { sources: files.map((f) => ({ name: f, read: () => readFile(f, process.cwd(), date) })), errors };
}

export async function ingest(store: Store, inputs: string[], opts: IngestOptions = {}): Promise<IngestResult> {
  const { sources, errors } = fileSources(inputs, opts.date ?? null);
  const r = await ingestSources(store, sources, opts);
  return { ...r, errors: [...errors, ...r.errors] };
}

/** Add articles to the store: the store's only writer meanwhile (see Store.exclusive), since the clusterer's state is read once and written back article by article. */
export async function ingestSources(store: Store, sources: Source[], opts: IngestOptions = {}): Promise<IngestResult> {
  return store.exclusive(() => ingestAll(store, sources, opts), { onWait: opts.onWait });
}

async function ingestAll(store: Store, sources: Source[], opts: IngestOptions): Promise<IngestResult> {
  const adder = await ArticleAdder.open(store, opts.analyse);
  const errors: InputError[] = [];
  const articleIds: string[] = [];
  for (let i = 0; i < sources.length; i++) {
    opts.onProgress?.({ total: sources.length, done: i, current: sources[i].name });
    const r = sources[i].read();
    errors.push(...r.errors);
    for (const article of r.articles) {
      articleIds.push(article.id);
      await adder.add(article, errors);
    }
  }
  // Articles that failed in an earlier run and were not read again now are retried too (the
  // counts are of the articles read; a retry's failure is among the errors).
  const { added, failed } = adder;
  for (const article of await store.failedArticles()) {
    if (!adder.tried.has(article.id)) await adder.add(article, errors);
  }
  opts.onProgress?.({ total: sources.length, done: sources.length, current: '' });
  const storyIds = [...adder.touched].sort();
  const retried = await failedStories(store);
  errors.push(...(await rebuildBriefs(store, [...new Set([...storyIds, ...retried])].sort(), opts)));
  if (storyIds.length || retried.length) errors.push(...(await recomputeStorylines(store, [...storyIds, ...retried])));
  return { articleIds: [...new Set(articleIds)], storyIds, errors, added, failed, merges: adder.merges };
}

const ARTICLE_STAGES: Failure['stage'][] = ['article-analysis', 'article-write'];
const STORY_STAGES: Failure['stage'][] = ['story-analysis', 'brief-write'];

/**
 * Adds articles to the store one by one, as its only writer: an article whose analysis or
 * write fails is recorded (with the article, for a retry) and the next goes on.
 */
class ArticleAdder {
  readonly touched = new Set<string>();
  readonly merges: { from: string; into: string }[] = [];
  readonly tried = new Set<string>();
  added = 0;
  failed = 0;

  private constructor(
    private store: Store,
    private clusterer: Clusterer,
    /** Articles with a recorded failure, to clear when they succeed. */
    private failing: Set<string>,
    /** Where articles are analysed: this thread unless given (see Analysers). */
    private analyse?: Analysers['analyse'],
  ) {}

  static async open(store: Store, analyse?: Analysers['analyse']): Promise<ArticleAdder> {
    const failures = (await store.listFailures()).filter((f) => ARTICLE_STAGES.includes(f.stage));
    const failing = new Set(failures.map((f) => f.subject));
    return new ArticleAdder(store, new Clusterer(await store.loadClusterState()), failing, analyse);
  }

  async add(article: Article, errors: InputError[]): Promise<void> {
    this.tried.add(article.id);
    if (await this.store.hasArticle(article.id)) {
      // Idempotent: the same content is the same article, already placed in a story.
      const s = await this.store.storyOf(article.id);
      if (s) this.touched.add(s);
      return this.succeeded(article.id);
    }
    const failure = { subject: article.id, input: article.input };
    const a = await timed('article-analysis', () => analysis(article, this.analyse));
    if ('reason' in a) {
      this.failed++;
      return recordFailure(this.store, errors, { ...failure, stage: 'article-analysis', reason: a.reason }, article);
    }
    try {
      const { storyId, merged } = await timed('placing', () => place(this.store, this.clusterer, article, a.analysis));
      if (merged) {
        this.touched.delete(merged.from);
        this.merges.push(merged);
      }
      this.touched.add(storyId);
      this.added++;
      articlesIngested.inc();
    } catch (e) {
      this.failed++;
      const reason = `storing failed: ${(e as Error).message}`;
      await recordFailure(this.store, errors, { ...failure, stage: 'article-write', reason }, article);
      // The clusterer counted the article in; the store, which did not, is the truth.
      this.clusterer = new Clusterer(await this.store.loadClusterState());
      return;
    }
    await this.succeeded(article.id);
  }

  private async succeeded(id: string): Promise<void> {
    if (this.failing.delete(id)) await this.store.clearFailures(id, ARTICLE_STAGES);
  }
}

/** Record a failure in the store and in the run's errors (the rest of the batch goes on). */
async function recordFailure(
  store: Store,
  errors: InputError[],
  f: Omit<Failure, 'at'>,
  article?: Article,
): Promise<void> {
  errors.push({ input: f.input, reason: f.reason });
  countFailure(f.stage);
  try {
    await store.recordFailure({ ...f, at: new Date().toISOString() }, article);
  } catch (e) {
    errors.push({ input: f.input, reason: `the failure could not be recorded: ${(e as Error).message}` });
  }
}

/** Stories whose brief failed in an earlier run, as they are called now (one may have merged into another since). */
async function failedStories(store: Store): Promise<string[]> {
  const ids = new Set<string>();
  for (const f of await store.listFailures()) {
    if (!STORY_STAGES.includes(f.stage)) continue;
    const into = await store.resolveStory(f.subject);
    if (into !== f.subject) await store.clearFailures(f.subject, STORY_STAGES);
    if (into) ids.add(into);
  }
  return [...ids];
}

/**
 * Test seam: TRIANGULATE_FAULT="<stage>:<article or story id>,…" makes that stage throw for
 * that id, so tests can drive failure isolation through the real CLI and API.
 */
function injectedFault(stage: Failure['stage'], subject: string): void {
  const spec = process.env.TRIANGULATE_FAULT;
  const fault = `${stage}:${subject}`;
  if (spec?.split(',').includes(fault)) throw new Error(`injected fault (TRIANGULATE_FAULT=${fault})`);
}

/**
 * Put an analysed article into its story and store both: a near-copy of a stored article
 * (wire copy, light rewrite) goes where that article is, any other is assigned by the
 * clusterer. Callers are the store's only writer (see Store.exclusive).
 */
export async function place(
  store: Store,
  clusterer: Clusterer,
  article: Article,
  analysis: ArticleAnalysis,
): Promise<{ storyId: string; merged: { from: string; into: string } | null }> {
  const evidence = storyEvidence(article, analysis);
  const date = article.publishedAt?.value.slice(0, 10) ?? null;
  const sig = signature(article.text);
  const copyOf = (await store.nearDuplicates(sig)).find((d) => d.similarity >= NEAR_DUPLICATE);
  const home = copyOf ? await store.storyOf(copyOf.articleId) : null;
  const { storyId, score, merged } =
    (home && clusterer.join(home, evidence, date)) || clusterer.assign(article.id, evidence, date);
  injectedFault('article-write', article.id);
  await store.saveArticle(article, analysis, {
    state: clusterer.story(storyId)!,
    score,
    terms: [...new Set(evidence.terms)],
    merged,
    signature: sig,
  });
  return { storyId, merged };
}

type Analysed = { analysis: ArticleAnalysis } | { reason: string };

const failed = (e: unknown): Analysed => ({ reason: `analysis failed: ${(e as Error).message}` });

/** An article analysed in this thread, or why it could not be. */
function analysedHere(article: Article): Analysed {
  try {
    return { analysis: analyzeArticle(article) };
  } catch (e) {
    return failed(e);
  }
}

/** An article analysed (in this thread, or by `analyse` where given), or why it could not be. */
async function analysis(article: Article, analyse?: Analysers['analyse']): Promise<Analysed> {
  try {
    injectedFault('article-analysis', article.id);
    return analyse ? { analysis: await analyse(article) } : analysedHere(article);
  } catch (e) {
    return failed(e);
  }
}

/** An article analysed, or null with the failure recorded against its input (the batch goes on). */
export function analysedOrReported(article: Article, errors: InputError[]): ArticleAnalysis | null {
  const a = analysedHere(article);
  if ('analysis' in a) return a.analysis;
  errors.push({ input: article.input, reason: a.reason });
  return null;
}

/** An article's stored analysis, or a fresh one if an older analyser version stored it. */
export async function currentAnalysis(store: Store, article: Article): Promise<ArticleAnalysis> {
  const stored = await store.getAnalysis(article.id);
  return stored && stored.version === ANALYSIS_VERSION ? stored : analyzeArticle(article);
}

/** A story's brief, its analysis state (serialised) and its whole lists for paging, stored together. */
export interface BuiltStory {
  brief: StoryBrief;
  state: string;
  parts: Record<Part, unknown[]>;
}

/**
 * One story's brief and analysis state. A stored state whose articles are the
 * first of the story's (in storage order) takes only the rest folded in; any other (merged or
 * split story, older version, none) is rebuilt from every article: the same bytes either way.
 */
export async function buildStory(store: Store, storyId: string, opts: BriefOptions = {}): Promise<BuiltStory> {
  const ids = await store.storyArticles(storyId);
  const stored = parseState(await store.getStoryState(storyId));
  const state = canExtend(stored, ids) ? stored : emptyState();
  const load = async (id: string) => {
    const article = (await store.getArticle(id))!;
    return { article, analysis: await currentAnalysis(store, article) };
  };
  for (const id of ids.slice(state.rows.length)) {
    const x = await load(id);
    foldArticle(state, x.article, x.analysis);
  }
  const items = [];
  for (const id of representativeIds(state)) items.push(await load(id));
  const storyOpts = { ...opts, overrides: opts.overrides ?? (await store.listOverrides()) };
  const rep = opts.analyseStory
    ? await opts.analyseStory(storyId, items, storyOpts)
    : analyzeStoryWhole(storyId, items, storyOpts);
  const whole = wholeBrief(rep, state);
  return { brief: boundBrief(whole), state: serialiseState(state), parts: briefParts(whole) };
}

/** Recompute one story's brief from its stored articles and analysis state. */
export async function buildBrief(store: Store, storyId: string, opts: BriefOptions = {}): Promise<StoryBrief> {
  return (await buildStory(store, storyId, opts)).brief;
}

/**
 * Rebuild and store these stories' briefs. A story whose analysis or brief write fails is
 * recorded, keeps its last good brief marked stale, and the others go on; its failures are
 * returned (and retried by the next ingest or reanalyse).
 */
export async function rebuildBriefs(store: Store, storyIds: string[], opts: BriefOptions = {}): Promise<InputError[]> {
  const overrides = opts.overrides ?? (await store.listOverrides());
  const errors: InputError[] = [];
  for (const id of storyIds) {
    await rebuildBrief(store, id, { ...opts, overrides }, errors);
    // A server answers requests between briefs: a batch touching many stories does not stall it.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return errors;
}

async function rebuildBrief(store: Store, id: string, opts: BriefOptions, errors: InputError[]): Promise<void> {
  let built: BuiltStory;
  try {
    injectedFault('story-analysis', id);
    built = await timed('story-analysis', () => buildStory(store, id, opts));
  } catch (e) {
    return storyFailed(store, errors, id, 'story-analysis', `story analysis failed: ${(e as Error).message}`);
  }
  try {
    injectedFault('brief-write', id);
    await store.saveBrief(built.brief, built);
  } catch (e) {
    return storyFailed(store, errors, id, 'brief-write', `storing its brief failed: ${(e as Error).message}`);
  }
  await store.clearFailures(id, STORY_STAGES);
}

/** Record a story's failure; its last good brief stays served, marked stale with the reason. */
async function storyFailed(
  store: Store,
  errors: InputError[],
  id: string,
  stage: Failure['stage'],
  reason: string,
): Promise<void> {
  await recordFailure(store, errors, { stage, subject: id, input: `story ${id}`, reason });
  try {
    const last = await store.getBrief(id);
    const staleReason = `${reason}; this is the brief of its last successful analysis`;
    if (last) await store.saveBrief({ ...last, stale: true, staleReason });
  } catch (e) {
    errors.push({ input: `story ${id}`, reason: `its last brief could not be marked stale: ${(e as Error).message}` });
  }
}

/**
 * After an upgrade whose analysers changed (ANALYSIS_VERSION), analyse again every article an
 * older version analysed, store the new analyses and rebuild the briefs of their stories. Until
 * then briefs are served as stored; only the API's article view recomputes on read.
 */
export async function reanalyse(
  store: Store,
  opts: Omit<IngestOptions, 'date'> = {},
): Promise<{ articles: number; stories: string[]; errors: InputError[] }> {
  return store.exclusive(
    async () => {
      const stale = await store.staleAnalyses(ANALYSIS_VERSION);
      const stories = new Set<string>();
      const errors: InputError[] = [];
      let done = 0;
      for (let i = 0; i < stale.length; i++) {
        opts.onProgress?.({ total: stale.length, done: i, current: stale[i] });
        const article = (await store.getArticle(stale[i]))!;
        // As at ingest: the article is named, its old analysis stays (and is retried next time), the rest go on.
        const a = await analysis(article, opts.analyse);
        const failure = { subject: article.id, input: article.input };
        if ('reason' in a) {
          await recordFailure(store, errors, { ...failure, stage: 'article-analysis', reason: a.reason });
          continue;
        }
        try {
          await store.saveAnalysis(article.id, a.analysis);
        } catch (e) {
          const reason = `storing failed: ${(e as Error).message}`;
          await recordFailure(store, errors, { ...failure, stage: 'article-write', reason });
          continue;
        }
        await store.clearFailures(article.id, ARTICLE_STAGES);
        done++;
        const story = await store.storyOf(article.id);
        if (story) stories.add(story);
      }
      // What failed before: articles never stored, and stories whose brief failed.
      const unstored = await store.failedArticles();
      if (unstored.length) {
        const adder = await ArticleAdder.open(store, opts.analyse);
        for (const article of unstored) await adder.add(article, errors);
        adder.touched.forEach((s) => stories.add(s));
        done += adder.added;
      }
      for (const id of await failedStories(store)) stories.add(id);
      const ids = [...stories].sort();
      errors.push(...(await rebuildBriefs(store, ids, opts)));
      if (ids.length) errors.push(...(await recomputeStorylines(store, ids)));
      opts.onProgress?.({ total: stale.length, done: stale.length, current: '' });
      return { articles: done, stories: ids, errors };
    },
    { onWait: opts.onWait },
  );
}

/** Record an analyst override and re-analyse the stories it can change. Returns their ids. */
export async function addOverride(store: Store, o: EntityOverride, opts: Analysers = {}): Promise<string[]> {
  return store.exclusive(async () => {
    await store.saveOverride(o);
    const ids = await store.storiesWithNames(overrideNames(o));
    await rebuildBriefs(store, ids, opts);
    await recomputeStorylines(store, ids);
    return ids;
  });
}

/** Remove an override (by id) and re-analyse the stories it touched; null if there was none. */
export async function removeOverride(store: Store, id: string, opts: Analysers = {}): Promise<string[] | null> {
  return store.exclusive(async () => {
    const o = await store.deleteOverride(id);
    if (!o) return null;
    // The stories to redo are found by the names the override joined or kept apart.
    const ids = await store.storiesWithNames(overrideNames(o));
    await rebuildBriefs(store, ids, opts);
    await recomputeStorylines(store, ids);
    return ids;
  });
}

/**
 * Link every stored story (event) into storylines again and store them, once after a batch
 * changes stories (not per article). Each story's digest (what linking reads, see
 * story/storylines.ts) is kept in the store: only the `changed` stories' briefs, and those of
 * stories with no digest yet, are read, never every brief. Returns the failure, if any, as an
 * error (the stories stand; the last storylines stay).
 */
export async function recomputeStorylines(store: Store, changed: string[]): Promise<InputError[]> {
  try {
    const states = new Map(((await store.loadClusterState())?.stories ?? []).map((s) => [s.id, s]));
    const redo = new Set(changed);
    const kept = (await store.loadDigests()).filter((d) => states.has(d.id) && !redo.has(d.id));
    const have = new Set(kept.map((d) => d.id));
    const fresh: EventDigest[] = [];
    for (const id of [...states.keys()].filter((x) => !have.has(x)).sort()) {
      const brief = await store.getBrief(id);
      if (brief) fresh.push(digestOf(brief, states.get(id)));
    }
    await store.saveDigests(fresh);
    await store.saveStorylines(linkStorylines([...kept, ...fresh]));
    return [];
  } catch (e) {
    return [{ input: 'storylines', reason: `linking storylines failed: ${(e as Error).message}` }];
  }
}
