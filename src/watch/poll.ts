import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ArticleFields } from '../ingest/article.js';
import { declaredCharset, decode } from '../ingest/decode.js';
import { readFeed } from '../ingest/feed.js';
import { readHtml } from '../ingest/html.js';
import { failInto, finishArticle, type ReadResult } from '../ingest/index.js';
import type { FeedState, InputError } from '../model.js';
import type { Source } from '../pipeline.js';
import type { Store } from '../store/store.js';
import { FetchError, safeFetch, type FetchPolicy, type FetchResult } from './fetch.js';

// `watch`: poll feeds politely (conditional GET, one request per host at a time and no closer
// than hostGapMs, backoff on errors, Retry-After honoured), fetch the page of an item whose feed
// carries only a summary, and hand new items on. What was seen lives in the store.

export interface WatchOptions {
  policy: FetchPolicy;
  /** Poll interval of a healthy feed. */
  everyMs: number;
  /** Least time between two requests to one host. */
  hostGapMs: number;
  /** Where new items go: ingested into the store, or queued for workers. */
  deliver: (sources: Source[]) => Promise<{ errors: InputError[] }>;
  now?: () => number;
}

export interface PollReport {
  feed: string;
  status: number;
  /** New items handed on this poll. */
  items: number;
  errors: InputError[];
  nextAt: string;
}

/** A feed item's body shorter than this is taken for a summary, and the page is fetched. */
export const SUMMARY_CHARS = 1000;
/** So is one that ends by sending the reader to the page. */
const TEASER_END = /(?:continue reading|read more|read the full (?:story|article)|\[…\]|\[\.\.\.\])\W{0,3}$/i;

const isSummary = (f: ArticleFields) => f.text.length < SUMMARY_CHARS || TEASER_END.test(f.text.trimEnd());
/** The longest backoff, and the longest Retry-After obeyed. */
const MAX_WAIT_MS = 24 * 3600_000;

/** When a Retry-After header (seconds or an HTTP date) allows the next request, in ms since the epoch. */
export function retryAfter(header: string | string[] | undefined, now: number): number | null {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return null;
  const at = /^\d+$/.test(v.trim()) ? now + Number(v.trim()) * 1000 : Date.parse(v);
  return Number.isFinite(at) ? Math.min(Math.max(at, now), now + MAX_WAIT_MS) : null;
}

/** The wait after `failures` failed polls in a row: the interval, doubled for each, capped at a day. */
export const backoff = (everyMs: number, failures: number) =>
  Math.min(everyMs * 2 ** Math.min(failures, 20), MAX_WAIT_MS);

/** Item identity in its feed: its link (or guid), else a hash of what it says. */
const itemKey = (f: ArticleFields) =>
  f.url ??
  `sha256:${createHash('sha256')
    .update(`${f.title ?? ''}\n${f.text}`)
    .digest('hex')}`;

export class Watcher {
  private lastByHost = new Map<string, number>();

  constructor(
    private store: Store,
    private opts: WatchOptions,
  ) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  /** Wait until `url`'s host may be asked again, then claim the slot. */
  private async politely<T>(url: string, fn: () => Promise<T>): Promise<T> {
    const host = new URL(url).host;
    const wait = (this.lastByHost.get(host) ?? -Infinity) + this.opts.hostGapMs - Date.now();
    if (wait > 0) await sleep(wait);
    try {
      return await fn();
    } finally {
      this.lastByHost.set(host, Date.now());
    }
  }

  /** Poll every feed that is due (in the order given); a feed's failure never stops the others. */
  async pollDue(feeds: string[]): Promise<PollReport[]> {
    const reports: PollReport[] = [];
    for (const feed of feeds) {
      const state = await this.store.feedState(feed);
      if (state && Date.parse(state.nextAt) > this.now()) continue;
      reports.push(await this.poll(feed, state));
    }
    return reports;
  }

  /** When the next feed is due (ms since the epoch). */
  async nextDue(feeds: string[]): Promise<number> {
    let next = Infinity;
    for (const feed of feeds) next = Math.min(next, Date.parse((await this.store.feedState(feed))?.nextAt ?? '0'));
    return next;
  }

  private async poll(feed: string, prev: FeedState | null): Promise<PollReport> {
    const checked = this.now();
    const headers: Record<string, string> = {};
    if (prev?.etag) headers['if-none-match'] = prev.etag;
    if (prev?.lastModified) headers['if-modified-since'] = prev.lastModified;
    let r: FetchResult;
    try {
      r = await this.politely(feed, () => safeFetch(feed, this.opts.policy, headers));
    } catch (e) {
      return this.failed(feed, prev, checked, 0, (e as Error).message, null);
    }
    if (r.status === 304) return this.succeeded(feed, prev, checked, r, 0, []);
    if (r.status === 429 || r.status === 503)
      return this.failed(
        feed,
        prev,
        checked,
        r.status,
        `HTTP ${r.status}`,
        retryAfter(r.headers['retry-after'], checked),
      );
    if (r.status < 200 || r.status > 299) return this.failed(feed, prev, checked, r.status, `HTTP ${r.status}`, null);
    const errors: InputError[] = [];
    const items = this.items(feed, r, errors).map((f) => ({ f, key: itemKey(f) }));
    const fresh = new Set(
      await this.store.unseenItems(
        feed,
        items.map((i) => i.key),
      ),
    );
    const sources: Source[] = [];
    const done: string[] = [];
    for (const { f, key } of items.filter((i) => fresh.has(i.key))) {
      const s = await this.itemSource(f, errors);
      if (s) sources.push(s);
      if (s || s === undefined) done.push(key);
    }
    if (sources.length) errors.push(...(await this.opts.deliver(sources)).errors);
    await this.store.markItemsSeen(feed, done, new Date(checked).toISOString());
    return this.succeeded(feed, prev, checked, r, sources.length, errors);
  }

  /** A feed's items as article fields (an unreadable feed is one error, its items none). */
  private items(feed: string, r: FetchResult, errors: InputError[]): ArticleFields[] {
    try {
      const { articles, errors: bad } = readFeed(feed, decode(feed, r.body, declaredCharset(r.body)));
      bad.forEach(failInto(errors, feed));
      return articles;
    } catch (e) {
      failInto(errors, feed)(e);
      return [];
    }
  }

  /**
   * The source of one new item: its feed body, or its page when the feed gives only a summary.
   * null: the page could not be had this time (retried next poll); undefined: it never will be
   * (a 4xx), so the item is marked seen without an article.
   */
  private async itemSource(f: ArticleFields, errors: InputError[]): Promise<Source | null | undefined> {
    const name = f.url ?? f.input;
    if (!isSummary(f) || !f.url) return fieldsSource(name, f);
    try {
      const page = await this.politely(f.url, () => safeFetch(f.url!, this.opts.policy));
      if (page.status >= 400 && page.status < 500 && page.status !== 429) {
        errors.push({ input: f.url, reason: `page not fetched (HTTP ${page.status}); the item is skipped` });
        return undefined;
      }
      if (page.status !== 200) throw new FetchError(f.url, `HTTP ${page.status}`);
      const html = decode(f.url, page.body, declaredCharset(page.body));
      const fields = readHtml(f.url, html, page.url);
      // The page's own metadata wins; the feed's fills what the page lacks.
      return fieldsSource(name, { ...fields, ...definedOnly(fields, f) });
    } catch (e) {
      const reason = e instanceof FetchError ? e.reason : (e as Error).message;
      errors.push({ input: f.url, reason: `page not fetched (${reason}); retried at the next poll` });
      return null;
    }
  }

  private async succeeded(
    feed: string,
    prev: FeedState | null,
    checked: number,
    r: FetchResult,
    items: number,
    errors: InputError[],
  ): Promise<PollReport> {
    const header = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h) ?? null;
    const state: FeedState = {
      url: feed,
      etag: header(r.headers.etag) ?? (r.status === 304 ? (prev?.etag ?? null) : null),
      lastModified: header(r.headers['last-modified']) ?? (r.status === 304 ? (prev?.lastModified ?? null) : null),
      nextAt: new Date(checked + this.opts.everyMs).toISOString(),
      failures: 0,
      checkedAt: new Date(checked).toISOString(),
      status: r.status,
      error: null,
    };
    await this.store.saveFeedState(state);
    return { feed, status: r.status, items, errors, nextAt: state.nextAt };
  }

  private async failed(
    feed: string,
    prev: FeedState | null,
    checked: number,
    status: number,
    reason: string,
    notBefore: number | null,
  ): Promise<PollReport> {
    const failures = (prev?.failures ?? 0) + 1;
    const next = Math.max(checked + backoff(this.opts.everyMs, failures), notBefore ?? 0);
    const state: FeedState = {
      url: feed,
      etag: prev?.etag ?? null,
      lastModified: prev?.lastModified ?? null,
      nextAt: new Date(next).toISOString(),
      failures,
      checkedAt: new Date(checked).toISOString(),
      status,
      error: reason,
    };
    await this.store.saveFeedState(state);
    const errors = [{ input: feed, reason: `${reason}; next poll ${state.nextAt}` }];
    return { feed, status, items: 0, errors, nextAt: state.nextAt };
  }
}

/** The feed's fields for whatever the page left empty. */
function definedOnly(page: ArticleFields, feed: ArticleFields): Partial<ArticleFields> {
  const out: Partial<ArticleFields> = {};
  for (const k of ['title', 'outlet', 'byline', 'publishedAt'] as const) {
    if (page[k] == null && feed[k] != null) (out as Record<string, unknown>)[k] = feed[k];
  }
  return out;
}

function fieldsSource(name: string, f: ArticleFields): Source {
  return {
    name,
    read: (): ReadResult => {
      const errors: InputError[] = [];
      return { articles: finishArticle({ ...f, input: name }, null, failInto(errors, name)), errors };
    },
  };
}
