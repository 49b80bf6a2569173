import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildStream, CORPORA, DATA, freshPostgres, toJsonl } from '../scripts/soak.js';
import { readContent } from '../src/ingest/index.js';
import { openStore } from '../src/store/open.js';
import { cli, tempDir } from './helpers.js';

// A small soak: ~200 real articles from every corpus in ../shared/data (CoNLL-2003, ECB+, PolNeAR,
// NeuS) and examples/, shuffled into one JSONL stream, ingested by the real CLI into SQLite twice
// and into PostgreSQL once. `npm run soak` runs the same streams at full size.

const PER_CORPUS = 50;
const SEED = 7;

interface Listed {
  id: string;
  articles: number;
}

/** Every stored article is in exactly one listed story, and every listed story has a brief of its articles. */
async function checkPlacement(db: string, stories: Listed[], expected: string[]): Promise<void> {
  const store = await openStore(db);
  try {
    assert.equal(await store.countArticles(), expected.length, 'every distinct article stored');
    const home = new Map<string, string>();
    for (const s of stories) {
      const ids = await store.storyArticles(s.id);
      assert.equal(ids.length, s.articles, `story ${s.id}: listed count is its articles`);
      for (const id of ids) {
        assert.ok(!home.has(id), `article ${id} in ${home.get(id)} and ${s.id}`);
        home.set(id, s.id);
      }
      const brief = await store.getBrief(s.id);
      assert.ok(brief, `story ${s.id} has a brief`);
      assert.deepEqual(
        brief.articles.map((a) => a.id).sort(),
        [...ids].sort(),
        `story ${s.id}: its brief covers its articles`,
      );
    }
    assert.deepEqual([...home.keys()].sort(), [...expected].sort(), 'every article placed in a story');
  } finally {
    await store.close();
  }
}

/** Ingest the stream with the CLI; the stories it lists as JSON. */
function ingestAndList(file: string, db: string): string {
  const r = cli(['ingest', file, '--db', db]);
  assert.equal(r.stderr, '', 'no failures reported');
  assert.equal(r.code, 0, `ingest exits 0 into ${db.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}`);
  const list = cli(['stories', '--db', db, '--format', 'json']);
  assert.equal(list.code, 0, list.stderr);
  return list.stdout;
}

test(
  'soak: ~200 real articles from mixed corpora, shuffled, into SQLite (twice) and PostgreSQL',
  { skip: !existsSync(DATA) && `no corpora at ${DATA}`, timeout: 600_000 },
  async () => {
    const stream = buildStream([...CORPORA], { limit: PER_CORPUS, order: 'shuffled', seed: SEED });
    assert.ok(stream.length >= 200, `${stream.length} articles`);
    assert.equal(new Set(stream.slice(0, 20).map((a) => a.corpus)).size > 2, true, 'corpora interleaved');
    const dir = tempDir();
    const file = join(dir, 'soak.jsonl');
    writeFileSync(file, toJsonl(stream));
    const read = readContent('soak.jsonl', toJsonl(stream), 'jsonl');
    assert.deepEqual(read.errors, []);
    const expected = [...new Set(read.articles.map((a) => a.id))];

    const first = ingestAndList(file, join(dir, 'a.db'));
    const stories = JSON.parse(first) as Listed[];
    await checkPlacement(join(dir, 'a.db'), stories, expected);
    assert.equal(
      ingestAndList(file, join(dir, 'b.db')),
      first,
      'the same stream gives the same stories, byte for byte',
    );

    const pg = await freshPostgres('test');
    try {
      const listed = ingestAndList(file, pg.url);
      await checkPlacement(pg.url, JSON.parse(listed) as Listed[], expected);
      assert.equal(listed, first, 'PostgreSQL lists the same stories as SQLite, byte for byte');
    } finally {
      await pg.drop();
    }
  },
);
