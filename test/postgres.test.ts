import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import type { StoryQuery } from '../src/model.js';
import { buildBrief, ingest } from '../src/pipeline.js';
import { buildServer } from '../src/server/app.js';
import { openStore } from '../src/store/open.js';
import { PostgresStore } from '../src/store/postgres.js';
import type { Store } from '../src/store/store.js';
import { allBriefs, checkWriterClaim, cli, EXAMPLE, postgresDatabases, ROOT, tempDir, writeFiles } from './helpers.js';

const database = postgresDatabases('triangulate_test');

// The scale-out store on a real PostgreSQL server (127.0.0.1:5432 with trust auth, as on CI
// and the development machines; TRIANGULATE_TEST_POSTGRES names another server). Each run
// works in databases of its own and drops them afterwards.

test('the example analysed into PostgreSQL gives the same bytes as into SQLite, and the story commands read it', async () => {
  const url = await database();
  const onPg = cli(['analyze', EXAMPLE, '--db', url, '--format', 'json']);
  assert.equal(onPg.code, 0, onPg.stderr);
  const onSqlite = cli(['analyze', EXAMPLE, '--db', join(tempDir(), 'same.db'), '--format', 'json']);
  assert.equal(onPg.stdout, onSqlite.stdout, 'same input, same bytes, whichever store');
  const stories = cli(['stories', '--db', url]);
  assert.equal(stories.code, 0, stories.stderr);
  const id = /^(s-[0-9a-f]+)\s+5 articles/m.exec(stories.stdout)?.[1];
  assert.ok(id, stories.stdout);
  const story = cli(['story', id, '--db', url, '--format', 'json']);
  assert.equal(story.code, 0, story.stderr);
  assert.equal(JSON.parse(story.stdout).articles.length, 5);
  // Ingesting the same files again adds nothing.
  const again = cli(['ingest', EXAMPLE, '--db', url]);
  assert.match(again.stdout, /^0 new articles, 5 already stored/);
});

test('PostgreSQL: a stream ingested in two batches by two processes ends as one ingest into SQLite does', async () => {
  const dir = tempDir();
  const events = [
    (i: number) =>
      `The council of Arden voted to rebuild the flooded bridge over the Lune river. Mayor Lena Ardenson said engineers would inspect the collapsed bridge piers; report ${i}.`,
    (i: number) =>
      `A fire destroyed the Belmar grammar school overnight. Firefighters fought the blaze for hours and pupils will study in the town hall, headteacher Omar Quist said; report ${i}.`,
    (i: number) =>
      `Corvis harbour reopened after a storm sank two trawlers. Harbour master Ines Volk said divers had recovered the fishing nets and the crews were safe; report ${i}.`,
  ];
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) files[`${String(i).padStart(2, '0')}.txt`] = events[i % 3](i);
  mkdirSync(join(dir, 'one'));
  mkdirSync(join(dir, 'two'));
  writeFiles(join(dir, 'one'), Object.fromEntries(Object.entries(files).slice(0, 15)));
  writeFiles(join(dir, 'two'), Object.fromEntries(Object.entries(files).slice(15)));
  const url = await database();
  for (const part of ['one', 'two']) assert.equal(cli(['ingest', join(dir, part), '--db', url]).code, 0);
  const db = join(dir, 'all.db');
  for (const part of ['one', 'two']) assert.equal(cli(['ingest', join(dir, part), '--db', db]).code, 0);
  const list = (where: string) => cli(['stories', '--db', where, '--format', 'json']).stdout;
  assert.equal(list(url), list(db));
  const stories = JSON.parse(list(url)) as { id: string; articles: number }[];
  assert.equal(
    stories.reduce((n, s) => n + s.articles, 0),
    30,
    'every article in one story',
  );
  assert.ok(stories.length >= 3, `the three towns' stories stay apart (${stories.length} stories)`);
});

test('PostgreSQL: search, entity, outlet and date filters find what the SQLite store finds', async () => {
  const url = await database();
  const stores: Store[] = [await openStore(url), await openStore(join(tempDir(), 'search.db'))];
  try {
    assert.ok(stores[0] instanceof PostgresStore);
    for (const s of stores) await ingest(s, [EXAMPLE]);
    const queries: Partial<StoryQuery>[] = [
      {},
      { text: 'soleim' },
      { text: 'soleimani neutrality' },
      { text: 'neutrality zzzz' },
      { entity: 'Qassem Soleimani' },
      { entity: 'qassem sol' },
      { entity: 'Soleimani Pakistan' },
      { outlet: 'dawn' },
      { outlet: 'no such outlet' },
      { from: '2020-01-10' },
      { to: '2019-12-31' },
    ];
    const found = await Promise.all(
      stores.map((s) =>
        Promise.all(
          queries.map(async (q) => (await s.listStories({ limit: 10, offset: 0, ...q })).items.map((i) => i.id)),
        ),
      ),
    );
    assert.deepEqual(found[0], found[1]);
    assert.deepEqual(
      found[0].map((ids) => ids.length),
      [1, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0],
      'a name phrase never spans two names; unknown words find nothing',
    );
    assert.deepEqual(
      await stores[0].storiesWithNames(['qassem soleimani']),
      await stores[1].storiesWithNames(['qassem soleimani']),
    );
    // The API serves the same list from PostgreSQL.
    const app = await buildServer({ store: stores[0] });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${base}/api/stories?q=soleim`);
      assert.equal(res.status, 200);
      assert.deepEqual(
        ((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id),
        found[0][1],
      );
    } finally {
      await app.close();
    }
  } finally {
    for (const s of stores) await s.close();
  }
});

test('PostgreSQL: one writer at a time across processes; a killed batch keeps every committed article whole', async () => {
  const url = await database();
  const store = await PostgresStore.open(url);
  await checkWriterClaim(url, store);

  const dir = tempDir();
  const files: Record<string, string> = {};
  for (let i = 0; i < 150; i++)
    files[`${String(i).padStart(3, '0')}.txt`] =
      `Harbour ${i % 7} of Kestrel reopened on Friday after storm ${i} closed it, the harbour master said. Ships waited ${i} hours.`;
  writeFiles(dir, files);
  const rows = async (q: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(q)).rows as Record<string, string>[];
    } finally {
      await c.end();
    }
  };
  const child = spawn(process.execPath, [join(ROOT, 'bin/triangulate.js'), 'ingest', dir, '--db', url], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 60_000;
  while (
    Number((await rows('select count(*) n from articles'))[0].n) < 10 &&
    Date.now() < deadline &&
    child.exitCode === null
  )
    await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const stored = Number((await rows('select count(*) n from articles'))[0].n);
  assert.ok(stored >= 10 && stored < 150, `killed after ${stored} of 150 articles`);
  const orphans = await rows(
    'select count(*) n from articles a where not exists (select 1 from analyses x where x.article_id = a.id) or not exists (select 1 from story_articles s where s.article_id = a.id)',
  );
  assert.equal(Number(orphans[0].n), 0, 'each committed article has its analysis and story');
  assert.equal(
    Number((await rows("select value from meta where key = 'cluster_n'"))[0].value),
    stored,
    'document count = stored articles',
  );
  // The killed ingest's claim is taken over (same host, pid gone) and the rerun completes the batch.
  const rerun = cli(['ingest', dir, '--db', url]);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stdout, new RegExp(`^${150 - stored} new articles?, ${stored} already stored`));
  const briefs = await allBriefs(store);
  assert.equal(
    briefs.reduce((n, b) => n + (b.totals?.articles ?? b.articles.length), 0),
    150,
    'every article is in exactly one story',
  );
  const rebuilt = await buildBrief(store, briefs[0].id);
  assert.deepEqual(rebuilt.articles, briefs[0].articles);
  await store.close();
});

test('an unreachable PostgreSQL database is a clear error naming it, without its password', async () => {
  const r = cli(['stories', '--db', 'postgres://someone:secret@127.0.0.1:1/nowhere']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot open postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere/);
  assert.doesNotMatch(r.stderr, /secret/);
});

/** Run the CLI without waiting, resolving to its exit code and output. */
function cliAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/triangulate.js'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('queue: three workers build exactly the stories one ingest builds; bad inputs are named at enqueue; a re-enqueue adds nothing', async () => {
  const dir = tempDir();
  const files: Record<string, string> = { 'broken.txt': Buffer.from([0, 1, 2, 255, 0, 3]).toString('latin1') };
  for (let i = 0; i < 24; i++)
    files[`${String(i).padStart(2, '0')}.txt`] = [
      `Kestrel harbour reopened after storm ${i} sank a trawler, harbour master Ines Volk said.`,
      `Belmar school burned down overnight; headteacher Omar Quist said pupils would study in the town hall (report ${i}).`,
      `The Arden council voted to rebuild the Lune bridge, mayor Lena Ardenson said after session ${i}.`,
    ][i % 3];
  writeFiles(dir, files);
  const url = await database();
  const queued = cli(['enqueue', EXAMPLE, dir, '--db', url]);
  assert.equal(queued.code, 2, 'an input failed');
  assert.match(queued.stderr, /broken\.txt/);
  assert.match(queued.stdout, /^29 articles queued, 0 already stored or queued, 1 input failed/);
  const workers = await Promise.all([0, 1, 2].map(() => cliAsync(['worker', '--db', url, '--until-empty'])));
  for (const w of workers) assert.equal(w.code, 0, w.stderr);
  const counts = workers.map((w) => /^(\d+) articles? analysed, (\d+) placed/.exec(w.stdout)!.slice(1).map(Number));
  assert.deepEqual(
    counts.reduce((a, c) => [a[0] + c[0], a[1] + c[1]], [0, 0]),
    [29, 29],
    'each article analysed and placed once',
  );

  const db = join(tempDir(), 'one.db');
  assert.equal(cli(['ingest', EXAMPLE, dir, '--db', db]).code, 2);
  const list = (where: string) => cli(['stories', '--db', where, '--format', 'json']).stdout;
  assert.equal(list(url), list(db), 'the same stories, in the same order');
  const briefs = await Promise.all(
    [url, db].map(async (where) => {
      const s = await openStore(where);
      try {
        return JSON.stringify(await allBriefs(s));
      } finally {
        await s.close();
      }
    }),
  );
  assert.equal(briefs[0], briefs[1], 'every brief the same, byte for byte');
  assert.match(cli(['enqueue', EXAMPLE, '--db', url]).stdout, /^0 articles queued, 5 already stored or queued/);
});

test('queue: an article whose worker died is analysed by another, and the articles behind it are placed', async () => {
  const dir = tempDir();
  writeFiles(dir, {
    'a.txt': 'Kestrel harbour reopened after the storm, harbour master Ines Volk said.',
    'b.txt': 'Belmar school burned down overnight, headteacher Omar Quist said.',
  });
  const url = await database();
  assert.equal(cli(['enqueue', dir, '--db', url]).code, 0);
  // A worker that takes the first job and dies: the job stays active in pg-boss.
  const { default: PgBoss } = await import('pg-boss');
  const boss = new PgBoss({ connectionString: url, max: 1 });
  await boss.start();
  const taken = await boss.fetch<{ seq: string }>('triangulate-analyse');
  await boss.stop({ graceful: false, wait: true });
  assert.equal(taken.length, 1);
  // pg-boss handed the job out, but no worker of ours took the article: both still wait for one.
  const before = cli(['queue', '--db', url]);
  assert.equal(before.code, 0, before.stderr);
  assert.equal(
    before.stdout,
    '2 articles queued: 2 waiting for a worker, 0 being analysed, 0 analysed and waiting to be placed; 0 story briefs to rebuild; 0 failed\n',
  );
  // As a worker of ours would when taking the first article (and then died).
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('UPDATE queued SET taken_at = now() WHERE seq = (SELECT min(seq) FROM queued)');
  await c.end();
  assert.match(
    cli(['queue', '--db', url]).stdout,
    /^2 articles queued: 1 waiting for a worker, 1 being analysed, 0 analysed/,
  );
  const w = cli(['worker', '--db', url, '--until-empty', '--stalled-after', '1']);
  assert.equal(w.code, 0, w.stderr);
  assert.match(w.stdout, /^2 articles analysed, 2 placed in stories, 0 failed/);
  assert.equal((JSON.parse(cli(['stories', '--db', url, '--format', 'json']).stdout) as unknown[]).length, 2);
  assert.deepEqual(JSON.parse(cli(['queue', '--db', url, '--format', 'json']).stdout), {
    queued: 0,
    waiting: 0,
    analysing: 0,
    analysed: 0,
    staleBriefs: 0,
    failed: 0,
    failures: [],
  });
});

test('queue: an article whose analysis fails is named by the worker and kept for `queue` to list; enqueued again, it is retried', async () => {
  const dir = tempDir();
  writeFiles(dir, {
    'a.txt': 'Kestrel harbour reopened after the storm, harbour master Ines Volk said.',
    'b.txt': 'Belmar school burned down overnight, headteacher Omar Quist said.',
  });
  const url = await database();
  assert.equal(cli(['enqueue', dir, '--db', url]).code, 0);
  // b.txt's queued article loses its text: the analysers reject it.
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`UPDATE queued SET article = '{"id": "x", "input": "b.txt"}' WHERE input LIKE '%b.txt'`);
  await c.end();
  const w = cli(['worker', '--db', url, '--until-empty']);
  assert.equal(w.code, 2);
  assert.match(w.stderr, /b\.txt: analysis failed/);
  assert.match(w.stdout, /^2 articles analysed, 1 placed in stories, 1 failed/);
  const status = cli(['queue', '--db', url]).stdout;
  assert.match(
    status,
    /^0 articles queued: .*; 1 failed\nfailures, latest first \(enqueue an input again to retry\):\n {2}.*b\.txt: analysis failed: /,
  );
  // Enqueued again, the failed article (not stored) is queued, analysed and placed; the failure is cleared.
  assert.match(cli(['enqueue', dir, '--db', url]).stdout, /^1 article queued, 1 already stored or queued/);
  assert.equal(cli(['worker', '--db', url, '--until-empty']).code, 0);
  assert.deepEqual(JSON.parse(cli(['queue', '--db', url, '--format', 'json']).stdout), {
    queued: 0,
    waiting: 0,
    analysing: 0,
    analysed: 0,
    staleBriefs: 0,
    failed: 0,
    failures: [],
  });
  assert.equal((JSON.parse(cli(['stories', '--db', url, '--format', 'json']).stdout) as unknown[]).length, 2);
});

test('queue: the status of a database nothing was queued in is all zeros, and counting starts no pg-boss (its schema is not created)', async () => {
  const url = await database();
  const r = cli(['queue', '--db', url]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    '0 articles queued: 0 waiting for a worker, 0 being analysed, 0 analysed and waiting to be placed; 0 story briefs to rebuild; 0 failed\n',
  );
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(`SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'pgboss'`);
  await c.end();
  assert.deepEqual(rows, []);
});

test('queue: enqueue and worker need a PostgreSQL store, and say so', () => {
  // (--stalled-after takes its own default: the options parse, and the store is what is refused.)
  for (const args of [['enqueue', EXAMPLE], ['worker'], ['worker', '--stalled-after', '60'], ['queue']]) {
    const r = cli([...args, '--db', join(tempDir(), 'x.db')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /needs a PostgreSQL store/);
  }
});
