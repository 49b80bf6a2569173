import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildServer } from '../src/server/app.js';
import { serveMetrics } from '../src/server/operations.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { EXAMPLE, tempDir } from './helpers.js';

// Operations: /healthz for probes, Prometheus /metrics for scrapers, on `serve` and on a worker.

const TOKEN = 'correct-horse-battery-staple';
const auth = { authorization: `Bearer ${TOKEN}` };

/** The value of one sample line of Prometheus text (`name{labels} value`), or null. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

test('serve: /healthz without a token, /metrics with it, counting what an ingest did', async () => {
  const store = await SqliteStore.open(join(tempDir(), 'ops.db'));
  const app = await buildServer({ store, token: TOKEN, analysisWorker: false, logger: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { ok: true });
    assert.equal((await fetch(`${url}/metrics`)).status, 401, 'metrics need the token');
    const before = await (await fetch(`${url}/metrics`, { headers: auth })).text();
    const ingested = (t: string) => sample(t, 'triangulate_articles_ingested_total') ?? 0;
    const text = readFileSync(join(EXAMPLE, 'pakistan-stresses-neutrality.txt'));
    const post = await fetch(`${url}/api/articles`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: text,
    });
    assert.equal(post.status, 200, await post.text());
    const res = await fetch(`${url}/metrics`, { headers: auth });
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const after = await res.text();
    assert.equal(ingested(after) - ingested(before), 1);
    const stages = ['article-analysis', 'placing', 'story-analysis'];
    for (const stage of stages)
      assert.ok(sample(after, `triangulate_stage_seconds_count{stage="${stage}"}`)! >= 1, stage);
    assert.ok(sample(after, 'triangulate_queue_depth') === 0);
    assert.match(
      after,
      /triangulate_http_request_seconds_count\{method="POST",route="\/api\/articles",status="200"\} \d/,
    );
    assert.match(after, /^triangulate_process_resident_memory_bytes \d+/m);
  } finally {
    await app.close();
  }
  // A store that no longer answers makes the probe fail, with the reason.
  const app2 = await buildServer({ store, analysisWorker: false, logger: false });
  await store.close();
  const r = await app2.inject({ method: 'GET', url: '/healthz' });
  assert.equal(r.statusCode, 503);
  assert.match(r.json().error, /^store .*ops\.db: /);
  await app2.close();
});

test('worker: its own /metrics and /healthz on a port of 127.0.0.1', async () => {
  const server = await serveMetrics(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    const m = await fetch(`${base}/metrics`);
    assert.equal(m.status, 200);
    assert.match(await m.text(), /^# TYPE triangulate_failures_total counter$/m);
    assert.equal((await fetch(`${base}/other`)).status, 404);
    assert.equal((await fetch(`${base}/metrics`, { method: 'POST' })).status, 404);
  } finally {
    server.close();
  }
});
