import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { StoreBusyError, type Store } from '../store/store.js';
import { MAX_INPUT_BYTES } from '../ingest/limits.js';
import { articleRoutes } from './articles.js';
import { bearerMatches } from './auth.js';
import { overrideRoutes } from './overrides.js';
import { shared } from './schemas.js';
import { storyRoutes } from './stories.js';

export interface ServerOptions {
  store: Store;
  /** Required by every /api request when set. */
  token?: string | null;
  /** Built web UI (index.html and assets); the API works without it. */
  webRoot?: string | null;
  logger?: boolean;
}

/** Serialises writes: ingestion and overrides change shared state (clusters, briefs). */
export function serial(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: MAX_INPUT_BYTES,
    ajv: { customOptions: { allErrors: false, removeAdditional: false } },
  });
  const write = serial();

  // Raw article bodies (text, HTML, JSONL, feeds) are parsed as bytes by the article routes.

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'triangulate', version: '1', description: 'Stories built from news articles, every line cited to its sources. Briefs are documented in docs/SCHEMA.md.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Required when the server listens on anything but loopback.' } } },
      security: opts.token ? [{ bearer: [] }] : [],
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  for (const s of shared) app.addSchema(s);

  app.setErrorHandler((err: { statusCode?: number; message: string; validation?: unknown; code?: string }, req, reply) => {
    // Another process (a CLI ingest) holds the store's writer claim: a write to retry later.
    if (err instanceof StoreBusyError) return reply.status(503).header('retry-after', '10').send({ statusCode: 503, error: reasonPhrase(503), message: err.message });
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) req.log.error(err);
    const message = status >= 500 ? 'internal error' : err.message;
    reply.status(status).send({ statusCode: status, error: reasonPhrase(status), message });
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !opts.webRoot) return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
    // The UI routes with #fragments; any other path gets the app shell.
    return reply.sendFile('index.html');
  });

  if (opts.token) {
    const token = opts.token;
    app.addHook('onRequest', async (req, reply) => {
      if (!req.url.startsWith('/api/')) return;
      if (!bearerMatches(req.headers.authorization, token)) {
        reply.header('www-authenticate', 'Bearer');
        return reply.status(401).send({ statusCode: 401, error: 'Unauthorized', message: 'missing or wrong API token (Authorization: Bearer <token>)' });
      }
    });
  }
  app.addHook('onSend', async (_req, reply, payload) => {
    // Defence in depth for a tool that displays untrusted text.
    reply.header('x-content-type-options', 'nosniff');
    reply.header('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/health', { schema: { summary: 'liveness and store size', tags: ['meta'] } }, async () => ({ ok: true, articles: await opts.store.countArticles() }));

  await app.register(storyRoutes, { store: opts.store });
  await app.register(articleRoutes, { store: opts.store, write });
  await app.register(overrideRoutes, { store: opts.store, write });

  if (opts.webRoot && existsSync(opts.webRoot)) {
    await app.register(fastifyStatic, { root: opts.webRoot, prefix: '/', index: 'index.html', wildcard: false, maxAge: 0 });
  } else opts.webRoot = null;
  return app;
}

function reasonPhrase(status: number): string {
  return ({ 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 405: 'Method Not Allowed', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 503: 'Service Unavailable' } as Record<number, string>)[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}
