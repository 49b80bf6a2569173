import { analyzeArticle, ANALYSIS_VERSION } from './article/analyze.js';
import { expandInputs, readFile, type ReadResult } from './ingest/index.js';
import type { Article, ArticleAnalysis, EntityOverride, InputError, StoryBrief } from './model.js';
import { Clusterer } from './story/cluster.js';
import { storyEvidence } from './story/evidence.js';
import { analyzeStory, type StoryOptions } from './story/analyze.js';
import { signature } from './story/minhash.js';
import { overrideNames } from './story/overrides.js';
import type { Store } from './store/store.js';

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
  /** Stories that grew into one another during this batch (the second id lives on). */
  merges: { from: string; into: string }[];
}

/** Estimated shingle Jaccard above which an article is a copy of a stored one. */
export const NEAR_DUPLICATE = 0.6;

export type IngestOptions = StoryOptions & { date?: string; onProgress?: (p: IngestProgress) => void; /** Told once if another process is writing the store and this ingest waits for it. */ onWait?: (holder: string) => void };

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
  const clusterer = new Clusterer(await store.loadClusterState());
  const errors: InputError[] = [];
  const articleIds: string[] = [];
  const touched = new Set<string>();
  const merges: { from: string; into: string }[] = [];
  let added = 0;
  for (let i = 0; i < sources.length; i++) {
    opts.onProgress?.({ total: sources.length, done: i, current: sources[i].name });
    const r = sources[i].read();
    errors.push(...r.errors);
    for (const article of r.articles) {
      articleIds.push(article.id);
      if (await store.hasArticle(article.id)) {
        // Idempotent: the same content is the same article, already placed in a story.
        const s = await store.storyOf(article.id);
        if (s) touched.add(s);
        continue;
      }
      const analysis = analysedOrReported(article, errors);
      if (!analysis) continue;
      const { storyId, merged } = await place(store, clusterer, article, analysis);
      if (merged) {
        touched.delete(merged.from);
        merges.push(merged);
      }
      touched.add(storyId);
      added++;
    }
  }
  opts.onProgress?.({ total: sources.length, done: sources.length, current: '' });
  const storyIds = [...touched].sort();
  await rebuildBriefs(store, storyIds, opts);
  return { articleIds: [...new Set(articleIds)], storyIds, errors, added, merges };
}

/**
 * Put an analysed article into its story and store both: a near-copy of a stored article
 * (wire copy, light rewrite) goes where that article is, any other is assigned by the
 * clusterer. Callers are the store's only writer (see Store.exclusive).
 */
export async function place(store: Store, clusterer: Clusterer, article: Article, analysis: ArticleAnalysis): Promise<{ storyId: string; merged: { from: string; into: string } | null }> {
  const evidence = storyEvidence(article, analysis);
  const date = article.publishedAt?.value.slice(0, 10) ?? null;
  const sig = signature(article.text);
  const copyOf = (await store.nearDuplicates(sig)).find((d) => d.similarity >= NEAR_DUPLICATE);
  const home = copyOf ? await store.storyOf(copyOf.articleId) : null;
  const { storyId, score, merged } = (home && clusterer.join(home, evidence, date)) || clusterer.assign(article.id, evidence, date);
  await store.saveArticle(article, analysis, { state: clusterer.story(storyId)!, score, terms: [...new Set(evidence.terms)], merged, signature: sig });
  return { storyId, merged };
}

/** An article analysed, or null with the failure recorded against its input (the batch goes on). */
export function analysedOrReported(article: Article, errors: InputError[]): ArticleAnalysis | null {
  try {
    return analyzeArticle(article);
  } catch (e) {
    errors.push({ input: article.input, reason: `analysis failed: ${(e as Error).message}` });
    return null;
  }
}

/** An article's stored analysis, or a fresh one if an older analyser version stored it. */
export async function currentAnalysis(store: Store, article: Article): Promise<ArticleAnalysis> {
  const stored = await store.getAnalysis(article.id);
  return stored && stored.version === ANALYSIS_VERSION ? stored : analyzeArticle(article);
}

/** Recompute one story's brief from its stored articles (re-analysing any stale analysis). */
export async function buildBrief(store: Store, storyId: string, opts: StoryOptions = {}): Promise<StoryBrief> {
  const items = [];
  for (const id of await store.storyArticles(storyId)) {
    const article = (await store.getArticle(id))!;
    items.push({ article, analysis: await currentAnalysis(store, article) });
  }
  return analyzeStory(storyId, items, { ...opts, overrides: opts.overrides ?? (await store.listOverrides()) });
}

export async function rebuildBriefs(store: Store, storyIds: string[], opts: StoryOptions = {}): Promise<void> {
  const overrides = opts.overrides ?? (await store.listOverrides());
  for (const id of storyIds) await store.saveBrief(await buildBrief(store, id, { ...opts, overrides }));
}

/**
 * After an upgrade whose analysers changed (ANALYSIS_VERSION), analyse again every article an
 * older version analysed, store the new analyses and rebuild the briefs of their stories. Until
 * then briefs are served as stored; only the API's article view recomputes on read.
 */
export async function reanalyse(store: Store, opts: Omit<IngestOptions, 'date'> = {}): Promise<{ articles: number; stories: string[]; errors: InputError[] }> {
  return store.exclusive(async () => {
    const stale = await store.staleAnalyses(ANALYSIS_VERSION);
    const stories = new Set<string>();
    const errors: InputError[] = [];
    let done = 0;
    for (let i = 0; i < stale.length; i++) {
      opts.onProgress?.({ total: stale.length, done: i, current: stale[i] });
      const article = (await store.getArticle(stale[i]))!;
      // As at ingest: the article is named, its old analysis stays, the rest go on.
      const analysis = analysedOrReported(article, errors);
      if (!analysis) continue;
      await store.saveAnalysis(article.id, analysis);
      done++;
      const story = await store.storyOf(article.id);
      if (story) stories.add(story);
    }
    const ids = [...stories].sort();
    await rebuildBriefs(store, ids, opts);
    opts.onProgress?.({ total: stale.length, done: stale.length, current: '' });
    return { articles: done, stories: ids, errors };
  }, { onWait: opts.onWait });
}

/** Record an analyst override and re-analyse the stories it can change. Returns their ids. */
export async function addOverride(store: Store, o: EntityOverride): Promise<string[]> {
  return store.exclusive(async () => {
    await store.saveOverride(o);
    const ids = await store.storiesWithNames(overrideNames(o));
    await rebuildBriefs(store, ids);
    return ids;
  });
}

/** Remove an override (by id) and re-analyse the stories it touched; null if there was none. */
export async function removeOverride(store: Store, id: string): Promise<string[] | null> {
  return store.exclusive(async () => {
    const o = await store.deleteOverride(id);
    if (!o) return null;
    // The stories to redo are found by the names the override joined or kept apart.
    const ids = await store.storiesWithNames(overrideNames(o));
    await rebuildBriefs(store, ids);
    return ids;
  });
}
