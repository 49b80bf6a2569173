import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import type { Article } from '../src/model.js';
import { buildServer } from '../src/server/app.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { cli, postgresDatabases, tempDir, writeFiles } from './helpers.js';

const pgDatabase = postgresDatabases('triangulate_ingest_input');

// One input path for the CLI and the API: bytes are decoded and checked the same way, control
// characters never reach a store, and a bad field is reported by name while the rest stands.

const BODY =
  'The council voted on Tuesday to close the old bridge over the river. Residents said the decision came too late for the town.';
const OTHER =
  'Farmers in the valley said on Wednesday that the drought had halved the wheat harvest, the agriculture ministry reported.';

/** A server on a fresh store; `post` sends raw bytes or JSON. */
async function serve(db: string) {
  const store = await openStore(db);
  const app = await buildServer({ store });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}${path}`, init);
    return { status: res.status, body: (await res.json()) as any };
  };
  return {
    store,
    call,
    raw: (body: Buffer, type: string) =>
      call('/api/articles', {
        method: 'POST',
        headers: { 'content-type': type, 'x-triangulate': '1' },
        body: new Uint8Array(body),
      }),
    json: (body: unknown) =>
      call('/api/articles', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

test('API: raw bodies are decoded as the CLI decodes files: binary and invalid UTF-8 refused, UTF-16 and a declared charset read', async () => {
  const s = await serve(join(tempDir(), 'decode.db'));
  try {
    const png = await s.raw(
      Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
        Buffer.from('IHDR'),
        Buffer.alloc(64),
      ]),
      'text/plain',
    );
    assert.equal(png.status, 422);
    assert.deepEqual(png.body.errors, [{ input: 'request', reason: 'binary file (not text, HTML, JSONL or a feed)' }]);
    const latin1 = await s.raw(
      Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(` owners said the rent doubled. ${BODY}`)]),
      'text/plain',
    );
    assert.equal(latin1.status, 422);
    assert.deepEqual(latin1.body.errors, [
      { input: 'request', reason: 'invalid UTF-8 at byte 3 (re-save the file as UTF-8)' },
    ]);
    const utf16 = await s.raw(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`Café owners said the rent doubled. ${BODY}`, 'utf16le')]),
      'text/plain',
    );
    assert.equal(utf16.status, 200, JSON.stringify(utf16.body));
    const a16 = (await s.store.getArticle(utf16.body.articleIds[0]))!;
    assert.equal(a16.text, `Café owners said the rent doubled. ${BODY}`);
    const html = `<html><head><meta charset="windows-1252"><title>Café “quoted”</title></head><body><article><p>The Café “quoted” prices. ${BODY} ${OTHER}</p></article></body></html>`;
    const cp1252 = await s.raw(iconv.encode(html, 'windows-1252'), 'text/plain');
    assert.equal(cp1252.status, 200, JSON.stringify(cp1252.body));
    const a1252 = (await s.store.getArticle(cp1252.body.articleIds[0]))!;
    assert.equal(a1252.title, 'Café “quoted”');
    assert.match(a1252.text, /^The Café “quoted” prices\./);
  } finally {
    await s.close();
  }
});

const CONTROLS = {
  text: `${BODY}\u0000 More\u0001 text\u0085here.`,
  title: 'Bridge\u0000 closes',
  outlet: 'Town\u009f Crier',
  url: 'https://example.org/\u0000bridge',
  byline: '\u0007A. Writer',
};

function assertClean(a: Article): void {
  assert.equal(a.text, `${BODY} More text\nhere.`);
  assert.deepEqual(
    [a.title, a.outlet, a.url, a.byline],
    ['Bridge closes', 'Town Crier', 'https://example.org/bridge', 'A. Writer'],
  );
}

for (const kind of ['SQLite', 'PostgreSQL'] as const) {
  test(`${kind}: control characters are removed from every field at ingest, over the API and the CLI; a search with one is refused`, async () => {
    const db = kind === 'SQLite' ? join(tempDir(), 'nul.db') : await pgDatabase();
    const s = await serve(db);
    try {
      const r = await s.json(CONTROLS);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assertClean((await s.store.getArticle(r.body.articleIds[0]))!);
      assert.equal((await s.call(`/api/stories/${r.body.storyIds[0]}`)).status, 200, 'the story has its brief');
      const search = await s.call('/api/stories?outlet=%00');
      assert.equal(search.status, 400);
      assert.match(search.body.message, /outlet/);
    } finally {
      await s.close();
    }
    const dir = tempDir();
    writeFiles(dir, { 'nul.jsonl': `${JSON.stringify({ ...CONTROLS, text: CONTROLS.text.replace(BODY, OTHER) })}\n` });
    const run = cli(['ingest', join(dir, 'nul.jsonl'), '--db', db]);
    assert.equal(run.code, 0, run.stderr);
    const store = await openStore(db);
    try {
      assert.equal(await store.countArticles(), 2);
      const page = await store.listStories({ limit: 10, offset: 0 });
      const ids = (
        await Promise.all(page.items.map(async (st) => (await store.getBrief(st.id))!.articles.map((a) => a.id)))
      ).flat();
      const fromCli = (await Promise.all(ids.map((id) => store.getArticle(id)))).find((a) =>
        a!.text.startsWith(OTHER),
      )!;
      assert.equal(fromCli.text, `${OTHER} More text\nhere.`);
      assert.deepEqual(
        [fromCli.title, fromCli.outlet, fromCli.url, fromCli.byline],
        ['Bridge closes', 'Town Crier', 'https://example.org/bridge', 'A. Writer'],
      );
    } finally {
      await store.close();
    }
  });
}

test('API: a field of the wrong type is named for its item and left out; the rest of the item and the batch are stored', async () => {
  const s = await serve(join(tempDir(), 'fields.db'));
  try {
    const r = await s.json([
      { text: BODY, title: { a: 1 }, outlet: 42 },
      7,
      { text: OTHER, date: 12345, byline: ['A', 'B'] },
    ]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.articleIds.length, 2);
    assert.deepEqual(r.body.errors, [
      { input: 'request[0]', reason: 'field "title": expected a string, got object; the article is kept without it' },
      { input: 'request[0]', reason: 'field "outlet": expected a string, got number; the article is kept without it' },
      { input: 'request[1]', reason: 'not a JSON object (got number)' },
      { input: 'request[2]', reason: 'field "date": expected a string, got number; the article is kept without it' },
      { input: 'request[2]', reason: 'field "byline": expected a string, got array; the article is kept without it' },
    ]);
    const first = (await s.store.getArticle(r.body.articleIds[0]))!;
    assert.deepEqual([first.text, first.title, first.outlet], [BODY, null, null]);
    const unreadable = await s.json({ articles: [{ text: BODY, date: 'soon' }] });
    assert.equal(unreadable.status, 200);
    assert.deepEqual(unreadable.body.errors, [
      { input: 'request[0]', reason: 'unreadable date "soon"; the article is kept without it' },
    ]);
  } finally {
    await s.close();
  }
});

test('CLI: a bad field is a warning naming the file and line, the article is stored; a .json array or {"articles": [...]} is read item by item', () => {
  const dir = tempDir();
  writeFiles(dir, {
    'feed.jsonl': `${JSON.stringify({ text: BODY, outlet: 42 })}\n${JSON.stringify({ text: OTHER, date: 12345 })}\n`,
    'list.json': JSON.stringify([{ text: `${BODY} One.`, title: 'Bridge' }, { text: `${OTHER} Two.` }], null, 2),
    'wrapped.json': JSON.stringify({ articles: [{ text: `${BODY} Again.` }, { title: 'no body' }] }, null, 2),
  });
  const run = cli(
    ['ingest', join(dir, 'feed.jsonl'), join(dir, 'list.json'), join(dir, 'wrapped.json'), '--db', join(dir, 'cli.db')],
    dir,
  );
  assert.match(run.stdout, /^5 new articles/, run.stdout + run.stderr);
  const lines = run.stderr.trim().split('\n').sort();
  assert.deepEqual(lines, [
    'triangulate: feed.jsonl:1: field "outlet": expected a string, got number; the article is kept without it',
    'triangulate: feed.jsonl:2: field "date": expected a string, got number; the article is kept without it',
    'triangulate: wrapped.json[1]: no "text", "body", "content" or "html" field',
  ]);
});
