import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { analyzeArticle } from '../article/analyze.js';
import type { Article, ArticleAnalysis, StoryBrief } from '../model.js';
import type { Analysers } from '../pipeline.js';
import { analyzeStoryWhole, type StoryOptions } from '../story/analyze.js';

// Analysis for the server runs in a worker thread, so its event loop keeps answering reads while
// a POSTed batch is analysed (~0.2 s of CPU per article here; a story's brief can take seconds).
// This file is both sides: the worker's message loop and the main thread's handle on it.

type Items = { article: Article; analysis: ArticleAnalysis }[];
type Job = { id: number } & ({ article: Article } | { storyId: string; items: Items; opts: StoryOptions });
type Reply = { id: number; result: ArticleAnalysis | StoryBrief } | { id: number; error: string };

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (job: Job) => {
    try {
      const result =
        'article' in job ? analyzeArticle(job.article) : analyzeStoryWhole(job.storyId, job.items, job.opts);
      port.postMessage({ id: job.id, result } satisfies Reply);
    } catch (e) {
      port.postMessage({ id: job.id, error: (e as Error).message ?? String(e) } satisfies Reply);
    }
  });
}

export type Analyser = Required<Analysers> & { close(): Promise<void> };

/** One worker, started on first use and again after a crash; a failure rejects only its own jobs. */
export function analysisWorker(): Analyser {
  let worker: Worker | null = null;
  let next = 0;
  const pending = new Map<number, { resolve: (r: never) => void; reject: (e: Error) => void }>();
  const failAll = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    worker = null;
  };
  const start = () => {
    const w = new Worker(new URL(import.meta.url));
    w.unref();
    w.on('message', (r: Reply) => {
      const p = pending.get(r.id);
      pending.delete(r.id);
      if ('error' in r) p?.reject(new Error(r.error));
      else p?.resolve(r.result as never);
    });
    w.on('error', (e) => worker === w && failAll(e));
    w.on('exit', (code) => worker === w && failAll(new Error(`analysis worker exited with code ${code}`)));
    return w;
  };
  const run = <T>(job: Omit<Job, 'id'>): Promise<T> => {
    worker ??= start();
    const id = next++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (r: never) => void, reject });
      worker!.postMessage({ ...job, id });
    });
  };
  return {
    analyse: (article) => run<ArticleAnalysis>({ article }),
    // Only the story options cross: the caller's may also hold callbacks, which cannot be cloned.
    analyseStory: (storyId, items, { summarySentences, summaryWords, summaryOverflow, overrides }) =>
      run<StoryBrief>({ storyId, items, opts: { summarySentences, summaryWords, summaryOverflow, overrides } }),
    async close() {
      const w = worker;
      failAll(new Error('analysis worker closed'));
      if (w) await w.terminate();
    },
  };
}
