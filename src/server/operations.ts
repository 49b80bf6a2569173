import { createServer, type Server } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpSeconds, registry, setQueueDepthSource } from '../metrics.js';
import { queueStatus } from '../queue/queue.js';
import { PostgresStore } from '../store/postgres.js';
import type { Store } from '../store/store.js';
import { requireToken } from './auth.js';

/** How long /healthz waits for the store before calling it down. */
const HEALTH_TIMEOUT_MS = 2000;

/** Whether the store answers a query within HEALTH_TIMEOUT_MS: the process is up and useful. */
export async function storeAnswers(store: Store): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
  });
  try {
    await Promise.race([store.countArticles(), late]);
    return { ok: true };
  } catch (e) {
    return { ok: false, error: `store ${store.name}: ${(e as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

/** An onResponse hook (added at the root, so it sees every route): latency by route template. */
export async function observeRequest(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const route = req.routeOptions.url ?? 'unmatched';
  httpSeconds.observe({ method: req.method, route, status: reply.statusCode }, reply.elapsedTime / 1000);
}

/** GET /healthz (no token) and GET /metrics (Prometheus text; the API token when one is set). */
export async function operationRoutes(app: FastifyInstance, opts: { store: Store; token: string | null }) {
  if (opts.store instanceof PostgresStore) {
    const store = opts.store;
    setQueueDepthSource(async () => (await queueStatus(store)).queued);
  }
  const hidden = { schema: { hide: true } };
  app.get('/healthz', hidden, async (_req, reply) => {
    const h = await storeAnswers(opts.store);
    return reply.status(h.ok ? 200 : 503).send(h);
  });
  await app.register(async (scoped) => {
    if (opts.token) scoped.addHook('onRequest', requireToken(opts.token));
    scoped.get('/metrics', hidden, async (_req, reply) =>
      reply.type(registry.contentType).send(await registry.metrics()),
    );
  });
}

/** A worker's own /metrics and /healthz, on `host:port` (it has no API server). */
export async function serveMetrics(port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || (path !== '/metrics' && path !== '/healthz')) return void res.writeHead(404).end();
    if (path === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (e: Error) => res.writeHead(500).end(e.message),
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return server;
}
