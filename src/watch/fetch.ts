import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

// Feeds and the pages they link to are third-party input: a link or a redirect could point the
// fetcher at this machine or its network (SSRF). Addresses are checked after DNS resolution, on
// the socket's own lookup, so a name cannot resolve to one address for the check and another
// for the connection.

export interface FetchPolicy {
  /** Fetch private, loopback and link-local addresses too (`--allow-private`). */
  allowPrivate: boolean;
  /** Origins (`http://host:port`) fetched wherever they resolve: the feeds an operator listed. */
  trustedOrigins?: Set<string>;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects?: number;
  userAgent?: string;
}

export interface FetchResult {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Refused or failed fetches: the message names the URL and why. */
export class FetchError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url}: ${reason}`);
  }
}

const PUBLIC_RANGES = new Set(['unicast']);

/** Whether an address is one the public internet routes to (not loopback, private, link-local, …). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return PUBLIC_RANGES.has(ip.range());
}

const originOf = (u: URL) => `${u.protocol}//${u.host}`;

/** A lookup that hands the socket only addresses the policy allows. */
function guardedLookup(url: URL, policy: FetchPolicy): LookupFunction {
  const trusted = policy.allowPrivate || !!policy.trustedOrigins?.has(originOf(url));
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, found: LookupAddress[]) => {
      if (err) return callback(err, '', 4);
      const bad = found.find((a) => !trusted && !isPublicAddress(a.address));
      if (bad) return callback(new FetchError(url.href, `refused: ${hostname} resolves to ${bad.address}`), '', 4);
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, found);
      callback(null, found[0].address, found[0].family);
    });
  };
}

/** A literal address in the URL never reaches DNS, so it is checked here. */
function checkLiteral(url: URL, policy: FetchPolicy): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (policy.allowPrivate || policy.trustedOrigins?.has(originOf(url)) || !isIP(host)) return;
  if (!isPublicAddress(host)) throw new FetchError(url.href, `refused: ${host} is not a public address`);
}

/** One GET with no redirects followed: status, headers and a body cut at `maxBytes`. */
function getOnce(url: URL, policy: FetchPolicy, headers: Record<string, string>): Promise<FetchResult> {
  checkLiteral(url, policy);
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(url, { headers, lookup: guardedLookup(url, policy), timeout: policy.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > policy.maxBytes)
          req.destroy(new FetchError(url.href, `response larger than ${policy.maxBytes} bytes`));
        else chunks.push(c);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, url: url.href, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    const deadline = setTimeout(
      () => req.destroy(new FetchError(url.href, `no complete answer within ${policy.timeoutMs} ms`)),
      policy.timeoutMs,
    );
    req.on('close', () => clearTimeout(deadline));
    req.on('timeout', () => req.destroy(new FetchError(url.href, `idle for ${policy.timeoutMs} ms`)));
    req.on('error', (e) => reject(e instanceof FetchError ? e : new FetchError(url.href, e.message)));
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** GET `href`, following redirects (each one checked like the first); throws FetchError. */
export async function safeFetch(
  href: string,
  policy: FetchPolicy,
  headers: Record<string, string> = {},
): Promise<FetchResult> {
  let url = parseHttpUrl(href);
  const all = { 'user-agent': policy.userAgent ?? 'triangulate-watch', ...headers };
  for (let hop = 0; ; hop++) {
    const r = await getOnce(url, policy, all);
    const location = r.headers.location;
    if (!REDIRECTS.has(r.status) || !location) return r;
    if (hop >= (policy.maxRedirects ?? 5)) throw new FetchError(href, `more than ${hop} redirects`);
    url = parseHttpUrl(new URL(location, url).href);
  }
}

function parseHttpUrl(href: string): URL {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new FetchError(href, 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FetchError(href, 'only http and https are fetched');
  return url;
}
