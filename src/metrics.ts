import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Failure } from './model.js';

// Prometheus metrics of this process (`serve` at /metrics, `worker --metrics-port`): what the
// pipeline and the queue did, and how long each stage took.

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'triangulate_' });

export const articlesIngested = new Counter({
  name: 'triangulate_articles_ingested_total',
  help: 'Articles newly stored and placed in a story.',
  registers: [registry],
});

export const failuresTotal = new Counter({
  name: 'triangulate_failures_total',
  help: 'Recorded failures (see `triangulate failures`), by stage.',
  labelNames: ['stage'],
  registers: [registry],
});

export type Stage = 'article-analysis' | 'placing' | 'story-analysis';

const stageSeconds = new Histogram({
  name: 'triangulate_stage_seconds',
  help: 'Time per item of each pipeline stage: one article analysed or placed, one brief built.',
  labelNames: ['stage'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [registry],
});

export const httpSeconds = new Histogram({
  name: 'triangulate_http_request_seconds',
  help: 'HTTP request latency, by route and status.',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
  registers: [registry],
});

/** Run `fn`, its duration observed under `stage` whether it succeeds or throws. */
export async function timed<T>(stage: Stage, fn: () => Promise<T>): Promise<T> {
  const end = stageSeconds.startTimer({ stage });
  try {
    return await fn();
  } finally {
    end();
  }
}

export const countFailure = (stage: Failure['stage']) => failuresTotal.inc({ stage });

let depthSource: (() => Promise<number>) | null = null;
new Gauge({
  name: 'triangulate_queue_depth',
  help: 'Articles queued and not yet placed (PostgreSQL store with workers; 0 otherwise).',
  registers: [registry],
  async collect() {
    this.set(depthSource ? await depthSource().catch(() => NaN) : 0);
  },
});

/** Where the queue depth is read from when metrics are scraped (the PostgreSQL queue). */
export function setQueueDepthSource(fn: (() => Promise<number>) | null): void {
  depthSource = fn;
}
