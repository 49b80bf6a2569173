import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { analyzeArticle } from '../article/analyze.js';
import type { Article, ArticleAnalysis } from '../model.js';

// Per-article analysis of POSTed articles runs in a worker thread, so the server's event loop
// keeps answering reads while a batch is analysed (analysis is ~0.2 s of CPU per article).
// This file is both sides: the worker's message loop and the main thread's handle on it.

type Reply = { id: number; analysis: ArticleAnalysis } | { id: number; error: string };

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', ({ id, article }: { id: number; article: Article }) => {
    try {
      port.postMessage({ id, analysis: analyzeArticle(article) } satisfies Reply);
    } catch (e) {
      port.postMessage({ id, error: (e as Error).message ?? String(e) } satisfies Reply);
    }
  });
}

export interface Analyser {
  analyse(article: Article): Promise<ArticleAnalysis>;
  close(): Promise<void>;
}

/** One worker, started on first use and again after a crash; a failure rejects only its articles. */
export function analysisWorker(): Analyser {
  let worker: Worker | null = null;
  let next = 0;
  const pending = new Map<number, { resolve: (a: ArticleAnalysis) => void; reject: (e: Error) => void }>();
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
      else p?.resolve(r.analysis);
    });
    w.on('error', (e) => worker === w && failAll(e));
    w.on('exit', (code) => worker === w && failAll(new Error(`analysis worker exited with code ${code}`)));
    return w;
  };
  return {
    analyse(article) {
      worker ??= start();
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage({ id, article });
      });
    },
    async close() {
      const w = worker;
      worker = null;
      failAll(new Error('analysis worker closed'));
      if (w) await w.terminate();
    },
  };
}
