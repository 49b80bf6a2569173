import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

// Anything but loopback needs a token: the API can ingest and change entity resolution.

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::ffff:127.0.0.1';
}

/** Constant-time check of an `Authorization: Bearer <token>` header. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

const PHRASES = { 401: 'Unauthorized', 403: 'Forbidden', 421: 'Misdirected Request' } as const;
const refuse = (reply: FastifyReply, status: keyof typeof PHRASES, message: string) =>
  reply.status(status).send({ statusCode: status, error: PHRASES[status], message });

/**
 * The token check, added inside the plugin that holds the API routes: fastify runs it for every
 * route of that plugin however its path was spelt (%61pi, absolute-form targets), since it goes
 * by the matched route and not by the raw URL.
 */
export function requireToken(token: string) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (bearerMatches(req.headers.authorization, token)) return;
    reply.header('www-authenticate', 'Bearer');
    return refuse(reply, 401, 'missing or wrong API token (Authorization: Bearer <token>)');
  };
}

/** `name[:port]` of a Host header or URL authority, the name lower-cased and unbracketed. */
export function parseAuthority(authority: string): { name: string; port: number } | null {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]@/\s]+)(?::(\d{1,5}))?$/i.exec(authority);
  if (!m) return null;
  return { name: m[1].replace(/^\[|\]$/g, '').toLowerCase(), port: m[2] === undefined ? 80 : Number(m[2]) };
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Bodies a page on any site can send without a CORS preflight (fetch no-cors, <form>).
const SIMPLE_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', '']);

/**
 * Without a token the API trusts whoever can reach it, which a web page can too: refuse requests
 * addressed to another host name (DNS rebinding), writes from another origin, and writes a
 * cross-site form or no-cors fetch could send unless they carry `X-Triangulate` (a header such
 * requests cannot set). `names` are extra host names that mean this server (its --host).
 */
export function siteGuard(names: string[] = []) {
  const extra = new Set(names.map((n) => n.replace(/^\[|\]$/g, '').toLowerCase()));
  const ours = (authority: string, req: FastifyRequest) => {
    const a = parseAuthority(authority);
    // An in-process request (fastify's inject) has no socket port to compare.
    const port = req.socket.localPort;
    if (!a || (port !== undefined && a.port !== port)) return false;
    const local = (req.socket.localAddress ?? '').replace(/^::ffff:/, '');
    return isLoopback(a.name) || a.name === local || extra.has(a.name);
  };
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const host = req.headers.host;
    if (host !== undefined && !ours(host, req)) {
      return refuse(reply, 421, `Host ${JSON.stringify(host)} is not this server`);
    }
    // An absolute-form target names its own authority, which HTTP says overrides Host.
    const target = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(req.raw.url ?? '');
    if (target && !ours(target[1], req)) {
      return refuse(reply, 421, `request target ${JSON.stringify(target[1])} is not this server`);
    }
    if (!WRITES.has(req.method)) return;
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (sameOrigin(origin, host)) return;
      return refuse(reply, 403, `a write from origin ${JSON.stringify(origin)} is refused (not this server)`);
    }
    // Other methods than POST cannot be sent across sites without a preflight, which we never grant.
    if (req.method !== 'POST') return;
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (SIMPLE_TYPES.has(type) && req.headers['x-triangulate'] === undefined) {
      const what = `a ${type || 'body-less'} write`;
      return refuse(reply, 403, `${what} needs an X-Triangulate: 1 header (or a JSON body): other sites can send it`);
    }
  };
}

/** Whether an Origin header names the server the Host header names (http, same name and port). */
function sameOrigin(origin: string, host: string | undefined): boolean {
  const m = /^http:\/\/([^/?#]+)$/i.exec(origin);
  const a = m && parseAuthority(m[1]);
  const h = host === undefined ? null : parseAuthority(host);
  return !!a && !!h && a.name === h.name && a.port === h.port;
}
