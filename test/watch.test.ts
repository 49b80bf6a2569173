import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { SqliteStore } from '../src/store/sqlite.js';
import { isPublicAddress } from '../src/watch/fetch.js';
import { feedUrls } from '../src/watch/feeds.js';
import { backoff, retryAfter } from '../src/watch/poll.js';
import { PostgresStore } from '../src/store/postgres.js';
import { postgresDatabases, ROOT, tempDir } from './helpers.js';

// `triangulate watch` end to end: the real CLI polls feeds a real HTTP server on 127.0.0.1
// serves (a recorded Guardian feed and recorded news pages, see test/fixtures/watch/README.md).

const FIXTURES = join(ROOT, 'test/fixtures/watch');
const fixture = (f: string) => readFileSync(join(FIXTURES, f), 'utf8');
const GUARDIAN = 'https://www.theguardian.com';

/** The CLI as a child process, awaited without blocking this process's server. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/triangulate.js'), ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** The recorded feed with its first `n` items, their links pointing at `paths` on this server. */
function feed(origin: string, paths: string[]): string {
  const [head, ...items] = fixture('guardian.rss').split('<item>');
  const kept = items.slice(0, paths.length).map((item, i) => {
    const link = /<link>([^<]+)<\/link>/.exec(item)![1];
    return item
      .split(link)
      .join(`${origin}${paths[i]}`)
      .replace(/<\/channel>[\s\S]*$/, '');
  });
  return `${head.split(GUARDIAN).join(origin)}<item>${kept.join('<item>')}</channel></rss>\n`;
}

describe('watch', () => {
  let server: Server;
  let origin = '';
  let port = 0;
  const hits: { path: string; etag?: string }[] = [];
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/feed.rss': (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' });
      res.end(feed(origin, ['/pages/standing-rock', '/pages/fed-rates']));
    },
    '/pages/standing-rock': (_req, res) => res.end(fixture('guardian-standing-rock.html')),
    '/pages/fed-rates': (_req, res) => res.end(fixture('reuters-fed-rates.html')),
    '/busy.rss': (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end(),
    '/redirects.rss': (_req, res) => res.end(feed(origin, ['/to-localhost', '/to-metadata'])),
    '/to-localhost': (_req, res) => res.writeHead(302, { location: `http://localhost:${port}/pages/fed-rates` }).end(),
    '/to-metadata': (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    '/slow.rss': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const drip = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(drip));
    },
    '/huge.rss': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(`<rss><channel>${'<!-- padding -->'.repeat(100_000)}</channel></rss>`);
    },
  };

  before(async () => {
    server = createServer((req, res) => {
      hits.push({ path: req.url ?? '', etag: req.headers['if-none-match'] });
      (routes[req.url ?? ''] ?? ((_q, r: ServerResponse) => r.writeHead(404).end()))(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    origin = `http://127.0.0.1:${port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  const count = (path: string) => hits.filter((h) => h.path === path).length;

  it('fetches the pages of summary-only items, stores them, then gets a 304 for an unchanged feed', async () => {
    const db = join(tempDir(), 'w.db');
    const first = await cli(['watch', `${origin}/feed.rss`, '--once', '--every', '1s', '--host-gap', '0', '--db', db]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /feed\.rss: HTTP 200, 2 new items/);
    const store = await SqliteStore.open(db);
    try {
      const titles: string[] = [];
      for (const s of (await store.listStories({ limit: 50, offset: 0 })).items)
        for (const id of await store.storyArticles(s.id)) titles.push((await store.getArticle(id))!.title ?? '');
      assert.equal(await store.countArticles(), 2);
      assert.ok(
        titles.some((t) => /Standing Rock/.test(t)) && titles.some((t) => /Fed lifts rates/.test(t)),
        String(titles),
      );
    } finally {
      await store.close();
    }
    await sleep(1100);
    const second = await cli(['watch', `${origin}/feed.rss`, '--once', '--every', '1s', '--host-gap', '0', '--db', db]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /feed\.rss: HTTP 304, unchanged/);
    assert.deepEqual(
      hits.filter((h) => h.path === '/feed.rss').map((h) => h.etag),
      [undefined, '"v1"'],
    );
    assert.equal(count('/pages/standing-rock'), 1, 'a page is fetched once');
  });

  const database = postgresDatabases('watch');
  it('queues new items for workers with a PostgreSQL store, and remembers them there', async () => {
    const db = await database();
    const args = ['watch', `${origin}/feed.rss`, '--once', '--every', '1s', '--host-gap', '0', '--db', db];
    const r = await cli(args);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /feed\.rss: HTTP 200, 2 new items/);
    const w = await cli(['worker', '--until-empty', '--db', db]);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /^2 articles analysed, 2 placed/);
    const store = await PostgresStore.open(db);
    try {
      assert.equal(await store.countArticles(), 2);
      assert.deepEqual(await store.unseenItems(`${origin}/feed.rss`, [`${origin}/pages/fed-rates`, 'x']), ['x']);
    } finally {
      await store.close();
    }
  });

  it('obeys a 429 Retry-After: the feed is not asked again before it', async () => {
    const db = join(tempDir(), 'w.db');
    const before = Date.now();
    const r = await cli(['watch', `${origin}/busy.rss`, '--once', '--every', '1s', '--db', db]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /busy\.rss: HTTP 429; next poll/);
    const again = await cli(['watch', `${origin}/busy.rss`, '--once', '--every', '1s', '--db', db]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(count('/busy.rss'), 1);
    const store = await SqliteStore.open(db);
    try {
      const s = (await store.feedState(`${origin}/busy.rss`))!;
      assert.ok(Date.parse(s.nextAt) >= before + 119_000, s.nextAt);
      assert.equal(s.failures, 1);
    } finally {
      await store.close();
    }
  });

  it('refuses links that lead to private addresses unless --allow-private', async () => {
    const db = join(tempDir(), 'w.db');
    const args = ['watch', `${origin}/redirects.rss`, '--once', '--every', '1s', '--host-gap', '0', '--db', db];
    const fetched = count('/pages/fed-rates');
    const r = await cli(args);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /refused: localhost resolves to 127\.0\.0\.1/);
    assert.match(r.stderr, /refused: 169\.254\.169\.254 is not a public address/);
    assert.equal(count('/pages/fed-rates'), fetched, 'never reached');
    await sleep(1100);
    const allowed = await cli([...args, '--allow-private', '--timeout', '2s']);
    assert.match(allowed.stdout, /redirects\.rss: HTTP 200, 1 new item/);
    assert.equal(count('/pages/fed-rates'), fetched + 1);
  });

  it('cuts off a slow response and an oversized one', async () => {
    const db = join(tempDir(), 'w.db');
    const slow = await cli(['watch', `${origin}/slow.rss`, '--once', '--timeout', '1s', '--db', db]);
    assert.equal(slow.code, 2);
    assert.match(slow.stderr, /slow\.rss: no complete answer within 1000 ms/);
    const huge = await cli(['watch', `${origin}/huge.rss`, '--once', '--max-bytes', '100k', '--db', db]);
    assert.equal(huge.code, 2);
    assert.match(huge.stderr, /huge\.rss: response larger than 102400 bytes/);
  });
});

describe('watch policy', () => {
  it('tells public addresses from private, loopback, link-local and reserved ones', () => {
    const pub = ['8.8.8.8', '151.101.1.69', '2a04:4e42::81'];
    const not = ['10.1.2.3', '172.16.0.1', '192.168.1.1', '127.0.0.1', '169.254.169.254', '0.0.0.0', '100.64.0.1'];
    const not6 = ['::1', 'fe80::1', 'fc00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::'];
    for (const a of pub) assert.equal(isPublicAddress(a), true, a);
    for (const a of [...not, ...not6, 'example.com']) assert.equal(isPublicAddress(a), false, a);
  });

  it('reads Retry-After as seconds or a date, and doubles the backoff up to a day', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    assert.equal(retryAfter('120', now), now + 120_000);
    assert.equal(retryAfter('Wed, 02 Dec 2026 12:05:00 GMT', now), now + 300_000);
    assert.equal(retryAfter('soon', now), null);
    assert.equal(retryAfter('99999999', now), now + 24 * 3600_000);
    assert.deepEqual(
      [1, 2, 3].map((f) => backoff(60_000, f)),
      [120_000, 240_000, 480_000],
    );
    assert.equal(backoff(600_000, 30), 24 * 3600_000);
  });

  it('reads feed lists: URLs, list files with comments, OPML', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'feeds.txt'), '# news\nhttps://a.example/rss\n\nhttps://b.example/atom # b\nftp://x\n');
    writeFileSync(
      join(dir, 'feeds.opml'),
      '<opml version="2.0"><body><outline text="News"><outline xmlUrl="https://c.example/feed"/></outline></body></opml>',
    );
    const r = feedUrls([join(dir, 'feeds.txt'), join(dir, 'feeds.opml'), 'https://a.example/rss', join(dir, 'none')]);
    assert.deepEqual(r.feeds, ['https://a.example/rss', 'https://b.example/atom', 'https://c.example/feed']);
    assert.deepEqual(
      r.errors.map((e) => e.reason.split(':')[0]),
      ['not an http(s) URL', 'cannot read the feed list'],
    );
  });
});
