import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pipeline, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import { brotliCompress, constants, createBrotliCompress, createGzip, gzip } from 'node:zlib';

// Caching and compression for every response, with node:zlib (no @fastify/compress here).
// Vite names built assets by content hash, so they never change under one URL: cached for a
// year. The app shell must always be revalidated, or a browser would keep old asset names.

/** Below this a compressed body saves less than it costs. */
export const MIN_COMPRESS_BYTES = 1024;
const COMPRESSIBLE =
  /^(?:text\/|image\/svg\+xml|application\/(?:json|javascript|x-ndjson|xml|[\w.-]+\+(?:json|xml))\b)/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
// Quality 5: most of the size win of 11 at a small part of the time, fine for per-request work.
const BROTLI = {
  params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
};
const br = promisify(brotliCompress);
const gz = promisify(gzip);

type Encoding = 'br' | 'gzip';

/** Registers the hook on the root instance, so API routes, static files and the not-found shell all get it. */
export function cachingAndCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    cacheHeaders(req, reply);
    return compress(req, reply, payload);
  });
}

function cacheHeaders(req: FastifyRequest, reply: FastifyReply): void {
  const path = req.url.split('?')[0];
  const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
  if (path.startsWith('/assets/') && reply.statusCode === 200) reply.header('cache-control', IMMUTABLE);
  else if (html) reply.header('cache-control', 'no-cache');
}

/** The client's preferred encoding we can make: brotli, then gzip, honouring q=0. */
export function pickEncoding(header: string | string[] | undefined): Encoding | null {
  const q = new Map<string, number>();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part
      .trim()
      .toLowerCase()
      .split(';')
      .map((s) => s.trim());
    const qp = params.find((p) => p.startsWith('q='));
    if (name) q.set(name, qp ? Number(qp.slice(2)) : 1);
  }
  const ok = (name: string) => (q.get(name) ?? q.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

async function compress(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const type = String(reply.getHeader('content-type') ?? '');
  if (!COMPRESSIBLE.test(type) || reply.getHeader('content-encoding')) return payload;
  addVary(reply);
  // Partial and empty answers are left alone: a byte range means ranges of the identity body.
  if (req.method === 'HEAD' || req.headers.range || [204, 206, 304].includes(reply.statusCode)) return payload;
  const enc = pickEncoding(req.headers['accept-encoding']);
  if (!enc) return payload;
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
    if (body.length < MIN_COMPRESS_BYTES) return payload;
    const out = enc === 'br' ? await br(body, BROTLI) : await gz(body);
    encoded(reply, enc).header('content-length', out.length);
    return out;
  }
  if (isStream(payload)) {
    // Files carry their length; a generated stream (a whole-store export) is compressed as it goes.
    const length = Number(reply.getHeader('content-length'));
    if (length > 0 && length < MIN_COMPRESS_BYTES) return payload;
    encoded(reply, enc).removeHeader('content-length');
    const zip = enc === 'br' ? createBrotliCompress(BROTLI) : createGzip();
    return pipeline(payload, zip, (err) => err && req.log.warn({ err }, 'compressed stream ended early'));
  }
  return payload;
}

function encoded(reply: FastifyReply, enc: Encoding): FastifyReply {
  // The compressed body is a different representation of the same content: a weak validator.
  const etag = reply.getHeader('etag');
  if (typeof etag === 'string' && etag.startsWith('"')) reply.header('etag', `W/${etag}`);
  return reply.header('content-encoding', enc);
}

function addVary(reply: FastifyReply): void {
  const vary = String(reply.getHeader('vary') ?? '');
  if (!/\baccept-encoding\b/i.test(vary)) reply.header('vary', vary ? `${vary}, accept-encoding` : 'accept-encoding');
}

const isStream = (p: unknown): p is Readable => !!p && typeof (p as Readable).pipe === 'function';
