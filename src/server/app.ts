import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { StoreBusyError, type Store } from '../store/store.js';
import { MAX_INPUT_BYTES } from '../ingest/limits.js';
import { analysisWorker } from './analyse-worker.js';
import { articleRoutes } from './articles.js';
import { requireToken, siteGuard } from './auth.js';
import { overrideRoutes } from './overrides.js';
import { shared } from './schemas.js';
import { cachingAndCompression } from './static.js';
import { storyRoutes } from './stories.js';
import { failureRoutes } from './failures.js';
import { observeRequest, operationRoutes } from './operations.js';

export interface ServerOptions {
  store: Store;
  /** Required by every /api request when set. */
  token?: string | null;
  /** Built web UI (index.html and assets); the API works without it. */
  webRoot?: string | null;
  /** JSON log lines (pino): off with false; by default warnings and errors (every 5xx) to stderr. */
  logger?: boolean | { level?: string; stream?: { write(line: string): unknown } };
  /** Analyse POSTed articles and rebuild briefs in a worker thread (default), so reads go on meanwhile. */
  analysisWorker?: boolean;
  /** Host names, besides loopback ones and the listening address, that mean this server (its --host). */
  hosts?: string[];
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
  const log = opts.logger === false ? false : typeof opts.logger === 'object' ? opts.logger : {};
  const app = Fastify({
    // app.log (and req.log, which adds the request id) is there for other failures to log alike.
    logger: log && { level: log.level ?? 'warn', stream: log.stream ?? process.stderr },
    genReqId: () => randomUUID(),
    bodyLimit: MAX_INPUT_BYTES,
    ajv: { customOptions: { allErrors: false, removeAdditional: false, strictTypes: false } },
  });
  const write = serial();
  const analyser = opts.analysisWorker === false ? null : analysisWorker();
  if (analyser) app.addHook('onClose', () => analyser.close());

  // Raw article bodies (text, HTML, JSONL, feeds) are parsed as bytes by the article routes.

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'triangulate',
        version: '1',
        description:
          'Stories built from news articles, every line cited to its sources. Briefs are documented in docs/SCHEMA.md.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'Required when the server listens on anything but loopback.',
          },
        },
      },
      security: opts.token ? [{ bearer: [] }] : [],
    },
    refResolver: {
      buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  for (const s of shared) app.addSchema(s);

  const logged = new WeakSet<FastifyRequest>();
  app.setErrorHandler(
    (err: { statusCode?: number; message: string; validation?: unknown; code?: string }, req, reply) => {
      // Another process (a CLI ingest) holds the store's writer claim: a write to retry later.
      const busy = err instanceof StoreBusyError;
      const status = busy
        ? 503
        : err.statusCode && err.statusCode >= 400 && err.statusCode < 600
          ? err.statusCode
          : 500;
      const body = { statusCode: status, error: reasonPhrase(status), message: err.message };
      if (status < 500) return reply.status(status).send(body);
      logged.add(req);
      if (busy) {
        req.log.warn({ err, statusCode: status }, 'store busy');
        return reply
          .status(503)
          .header('retry-after', '10')
          .send({ ...body, requestId: req.id });
      }
      req.log.error({ err, statusCode: status, method: req.method, url: req.url }, 'request failed');
      reply.status(status).send({ ...body, message: 'internal error', requestId: req.id });
    },
  );
  // Every 5xx leaves one log line, also those a handler sends itself; the id ties it to the response.
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode < 500 || logged.has(req)) return;
    req.log.error({ statusCode: reply.statusCode, method: req.method, url: req.url }, 'request failed');
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !opts.webRoot)
      return reply
        .status(404)
        .send({ statusCode: 404, error: 'Not Found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
    // The UI routes with #fragments; any other path gets the app shell.
    return reply.sendFile('index.html');
  });

  // With a token, the token is what keeps other sites' pages out; without one, host and origin checks.
  if (!opts.token) app.addHook('onRequest', siteGuard(opts.hosts));
  app.addHook('onSend', async (_req, reply, payload) => {
    // Defence in depth for a tool that displays untrusted text.
    reply.header('x-content-type-options', 'nosniff');
    reply.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });
  cachingAndCompression(app);
  app.addHook('onResponse', observeRequest);

  // Probes and scrapers: /healthz needs no token (it tells nothing but that the store answers).
  await app.register(operationRoutes, { store: opts.store, token: opts.token ?? null });

  // Every API route lives in this one encapsulated plugin: its token hook runs for each of them
  // whatever spelling of the path the router decoded, and only the static UI is outside it.
  await app.register(async (api) => {
    if (opts.token) api.addHook('onRequest', requireToken(opts.token));
    api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    const health = { schema: { summary: 'liveness and store size', tags: ['meta'] } };
    api.get('/api/health', health, async () => ({ ok: true, articles: await opts.store.countArticles() }));
    await api.register(storyRoutes, { store: opts.store });
    await api.register(failureRoutes, { store: opts.store });
    const analysers = analyser ?? {};
    await api.register(articleRoutes, { store: opts.store, write, analysers });
    await api.register(overrideRoutes, { store: opts.store, write, analysers });
  });

  if (opts.webRoot && existsSync(opts.webRoot)) {
    await app.register(fastifyStatic, {
      root: opts.webRoot,
      prefix: '/',
      index: 'index.html',
      wildcard: false,
      maxAge: 0,
    });
  } else opts.webRoot = null;
  return app;
}

const PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  421: 'Misdirected Request',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

function reasonPhrase(status: number): string {
  return PHRASES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}
