import { analyzeArticle, ANALYSIS_VERSION } from './article/analyze.js';
import { expandInputs, readFile } from './ingest/index.js';
import type { ArticleAnalysis, InputError, StoryBrief } from './model.js';
import { articleTerms, Clusterer } from './story/cluster.js';
import { analyzeStory, type StoryOptions } from './story/analyze.js';
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
}

export async function ingest(store: Store, inputs: string[], opts: StoryOptions & { date?: string; onProgress?: (p: IngestProgress) => void } = {}): Promise<IngestResult> {
  const { files, errors } = expandInputs(inputs);
  const clusterer = new Clusterer(await store.loadClusterState());
  const articleIds: string[] = [];
  const touched = new Set<string>();
  let added = 0;
  for (let i = 0; i < files.length; i++) {
    opts.onProgress?.({ total: files.length, done: i, current: files[i] });
    const r = readFile(files[i], process.cwd(), opts.date ?? null);
    errors.push(...r.errors);
    for (const article of r.articles) {
      articleIds.push(article.id);
      if (await store.hasArticle(article.id)) {
        // Idempotent: the same content is the same article, already placed in a story.
        const s = await store.storyOf(article.id);
        if (s) touched.add(s);
        continue;
      }
      let analysis: ArticleAnalysis;
      try {
        analysis = analyzeArticle(article);
      } catch (e) {
        errors.push({ input: article.input, reason: `analysis failed: ${(e as Error).message}` });
        continue;
      }
      const { storyId, score } = clusterer.assign(article.id, articleTerms(article, analysis));
      await store.saveArticle(article, analysis, { state: clusterer.stories.get(storyId)!, score });
      touched.add(storyId);
      added++;
    }
  }
  opts.onProgress?.({ total: files.length, done: files.length, current: '' });
  const snap = clusterer.snapshot();
  await store.saveClusterState({ df: snap.df, n: snap.n });
  for (const id of [...touched].sort()) await store.saveBrief(await buildBrief(store, id, opts));
  const storyIds = [...touched].sort();
  return { articleIds: [...new Set(articleIds)], storyIds, errors, added };
}

/** Recompute one story's brief from its stored articles (re-analysing any stale analysis). */
export async function buildBrief(store: Store, storyId: string, opts: StoryOptions = {}): Promise<StoryBrief> {
  const items = [];
  for (const id of await store.storyArticles(storyId)) {
    const article = (await store.getArticle(id))!;
    let analysis = await store.getAnalysis(id);
    if (!analysis || analysis.version !== ANALYSIS_VERSION) analysis = analyzeArticle(article);
    items.push({ article, analysis });
  }
  return analyzeStory(storyId, items, opts);
}

