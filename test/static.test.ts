import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { WEB_ROOT } from '../src/cli/serve.js';
import { ingest } from '../src/pipeline.js';
import { buildServer } from '../src/server/app.js';
import { pickEncoding } from '../src/server/static.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { EXAMPLE, tempDir } from './helpers.js';

// Caching and compression over a real socket: the bytes on the wire, decoded by hand.

let base: string;
let storyId: string;
let close: () => Promise<void>;

before(async () => {
  const store = await SqliteStore.open(join(tempDir(), 'static.db'));
  storyId = (await ingest(store, [EXAMPLE])).storyIds[0];
  const app = await buildServer({ store, webRoot: WEB_ROOT });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  close = async () => (await app.close(), await store.close());
});
after(() => close?.());

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** One GET with exactly these request headers; the body as sent, not decoded. */
function get(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    request(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const decode = (r: Raw) =>
  r.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(r.body)
    : r.headers['content-encoding'] === 'gzip'
      ? gunzipSync(r.body)
      : r.body;

test('hashed assets: cached for a year, immutable, sent with brotli or gzip as the client allows', async () => {
  const name = readdirSync(join(WEB_ROOT, 'assets')).find((f) => f.endsWith('.js'))!;
  const file = readFileSync(join(WEB_ROOT, 'assets', name));
  assert.ok(file.length > 10_000, 'the UI bundle');
  const plain = await get(`/assets/${name}`);
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(plain.headers['content-encoding'], undefined, 'no accept-encoding, no compression');
  assert.deepEqual(plain.body, file);
  assert.match(String(plain.headers.vary), /accept-encoding/i);
  for (const [accept, enc] of [
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.8', 'gzip'],
  ]) {
    const r = await get(`/assets/${name}`, { 'accept-encoding': accept });
    assert.equal(r.headers['content-encoding'], enc, accept);
    assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(r.headers.vary), /accept-encoding/i);
    assert.ok(r.body.length < file.length / 2, `${enc}: ${r.body.length} of ${file.length} bytes`);
    assert.deepEqual(decode(r), file);
  }
});

test('the app shell is revalidated every time, at / and at any UI path', async () => {
  for (const path of ['/', '/index.html']) {
    const r = await get(path, { 'accept-encoding': 'br' });
    assert.equal(r.status, 200, path);
    assert.equal(r.headers['cache-control'], 'no-cache', path);
    assert.match(decode(r).toString(), /<div id="app">/);
    assert.match(String(r.headers['content-security-policy']), /default-src 'self'/, 'the CSP stays');
  }
  const deep = await get('/somewhere/else', { 'accept-encoding': 'br' });
  assert.equal(deep.headers['cache-control'], 'no-cache');
});

test('JSON answers above 1 KB are compressed; small ones are not; fetch decodes them', async () => {
  const plain = await get(`/api/stories/${storyId}`);
  const br = await get(`/api/stories/${storyId}`, { 'accept-encoding': 'br, gzip' });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(Number(br.headers['content-length']), br.body.length);
  assert.ok(br.body.length * 4 < plain.body.length, `${br.body.length} of ${plain.body.length} bytes`);
  assert.deepEqual(decode(br), plain.body);
  assert.match(String(br.headers['content-security-policy']), /default-src 'self'/);
  const health = await get('/api/health', { 'accept-encoding': 'br, gzip' });
  assert.equal(health.headers['content-encoding'], undefined, 'a few bytes stay as they are');
  const viaFetch = await fetch(`${base}/api/stories/${storyId}`);
  assert.equal(((await viaFetch.json()) as { id: string }).id, storyId);
});

test('exports still download compressed: the streamed whole-store export and one story', async () => {
  const plain = await get('/api/export?format=jsonl');
  assert.equal(plain.status, 200);
  const gz = await get('/api/export?format=jsonl', { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers['content-disposition'], 'attachment; filename="stories.jsonl"');
  assert.deepEqual(decode(gz), plain.body);
  assert.equal(decode(gz).toString().trim().split('\n').length, 1, 'one story, one line');
  const md = await get(`/api/stories/${storyId}/export?format=md`, { 'accept-encoding': 'br' });
  assert.equal(md.headers['content-encoding'], 'br');
  assert.deepEqual(decode(md), (await get(`/api/stories/${storyId}/export?format=md`)).body);
});

test('accept-encoding: preference, q=0 and wildcards', () => {
  assert.equal(pickEncoding('gzip, deflate, br'), 'br');
  assert.equal(pickEncoding('gzip;q=1.0, br;q=0'), 'gzip');
  assert.equal(pickEncoding('identity'), null);
  assert.equal(pickEncoding(undefined), null);
  assert.equal(pickEncoding('*'), 'br');
  assert.equal(pickEncoding('*;q=0'), null);
});
