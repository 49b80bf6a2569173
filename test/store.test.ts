import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteStore } from '../src/store/sqlite.js';
import { StoreBusyError } from '../src/store/store.js';
import { ANALYSIS_VERSION } from '../src/article/analyze.js';
import pg from 'pg';
import { buildBrief, currentAnalysis, fileSources, ingest } from '../src/pipeline.js';
import { PostgresStore } from '../src/store/postgres.js';
import type { Store } from '../src/store/store.js';
import { allBriefs, checkWriterClaim, cli, ROOT, tempDir, writeFiles } from './helpers.js';

const TOWNS = ['Arden', 'Belmar', 'Corvis', 'Dunmore', 'Elstow', 'Farrow', 'Glenby', 'Harlow', 'Ivel', 'Jarrow'];
const THINGS = [
  'bridge',
  'school',
  'hospital',
  'library',
  'market',
  'station',
  'harbour',
  'museum',
  'stadium',
  'tunnel',
];

function corpus(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const town = TOWNS[i % 10];
    const thing = THINGS[Math.floor(i / 10) % 10];
    files[`a${String(i).padStart(4, '0')}.txt`] =
      `The council of ${town} voted on Tuesday to rebuild the ${thing} after item ${i} of the budget was approved. ` +
      `Mayor Lena ${town}son said the ${thing} would reopen within ${i + 2} months. Residents of ${town} welcomed the plan for the ${thing}.`;
  }
  writeFiles(dir, files);
}

const count = (db: string) => {
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (d.prepare('select count(*) n from articles').get() as { n: number }).n;
    } finally {
      d.close();
    }
  } catch {
    return 0;
  }
};

test('a batch killed mid-way keeps every committed article whole, and a rerun completes it', async () => {
  const dir = tempDir();
  const N = 400;
  corpus(join(dir, 'in'), N);
  const db = join(dir, 'store.db');
  const child = spawn(process.execPath, [join(ROOT, 'bin/triangulate.js'), 'ingest', join(dir, 'in'), '--db', db], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 60_000;
  while (count(db) < 10 && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const stored = count(db);
  assert.ok(stored >= 10 && stored < N, `killed after ${stored} of ${N} articles`);

  const raw = new Database(db);
  assert.equal((raw.prepare('pragma integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
  const orphans = raw
    .prepare(
      'select count(*) n from articles a where not exists (select 1 from analyses x where x.article_id = a.id) or not exists (select 1 from story_articles s where s.article_id = a.id)',
    )
    .get() as { n: number };
  assert.equal(orphans.n, 0, 'each committed article has its analysis and story');
  // Clustering frequencies are counted in the article's own transaction: the killed batch left them exact.
  const n = Number((raw.prepare("select value from meta where key = 'cluster_n'").get() as { value: string }).value);
  assert.equal(n, stored, 'document count = stored articles');
  const council = raw.prepare("select df from cluster_df where term = 'council'").get() as { df: number };
  assert.equal(council.df, stored, 'a word every article has is counted once per stored article');
  raw.close();

  const rerun = spawnSync(process.execPath, [join(ROOT, 'bin/triangulate.js'), 'ingest', join(dir, 'in'), '--db', db], {
    encoding: 'utf8',
  });
  assert.equal(rerun.status, 0, rerun.stderr);
  assert.match(rerun.stdout, new RegExp(`^${N - stored} new articles?, ${stored} already stored`));
  assert.equal(count(db), N);
  const store = await SqliteStore.open(db);
  try {
    const briefs = await allBriefs(store);
    assert.equal(
      briefs.reduce((n, b) => n + (b.totals?.articles ?? b.articles.length), 0),
      N,
      'every article is in exactly one story',
    );
    const state = (await store.loadClusterState())!;
    assert.equal(state.n, N);
    assert.equal(new Map(state.df).get('council'), N);
    // Stories reload with the people they are about, as the clusterer left them.
    const people = state.stories.filter((s) => s.actors?.size);
    assert.ok(people.length > 0, 'stories keep their people');
    for (const s of people) assert.ok([...s.actors!.values()].every((v) => Number.isFinite(v) && v > 0));
    // And with the numbers their reports give ("item 7", "within 9 months").
    const numbered = state.stories.filter((s) => s.numbers?.size);
    assert.ok(numbered.length > 0, 'stories keep their numbers');
    for (const s of numbered) assert.ok([...s.numbers!.keys()].every((v) => /^\d+$/.test(v) && Number(v) < N + 2));
  } finally {
    await store.close();
  }
});

/** A store file holding two ingested articles (a.txt: a quote; b.txt: another story), closed. */
async function twoArticleStore(): Promise<string> {
  const dir = tempDir();
  writeFiles(dir, {
    'a.txt':
      'Mayor Lena Arden said the bridge would reopen within two months, after the council of Arden approved the budget on Tuesday.',
    'b.txt': 'The port of Kestrel reopened on Friday after a storm closed it for two days, the harbour master said.',
  });
  const db = join(dir, 'two.db');
  const store = await SqliteStore.open(db);
  await ingest(store, [dir]);
  await store.close();
  return db;
}

test('reanalyse: after an upgrade, articles an older analyser version stored are analysed again and their briefs rebuilt', async () => {
  const db = await twoArticleStore();
  let store: SqliteStore;
  // What an older build left: one article's analysis under the previous version, without its quote, and a brief built from it.
  const d = new Database(db);
  const row = d
    .prepare(
      "select a.article_id, a.json, s.story_id from analyses a join story_articles s on s.article_id = a.article_id join articles r on r.id = a.article_id where r.input like '%a.txt'",
    )
    .get() as { article_id: string; json: string; story_id: string };
  d.prepare('update analyses set version = ?, json = ? where article_id = ?').run(
    ANALYSIS_VERSION - 1,
    JSON.stringify({ ...JSON.parse(row.json), version: ANALYSIS_VERSION - 1, quotes: [] }),
    row.article_id,
  );
  const brief = JSON.parse(
    (d.prepare('select json from briefs where story_id = ?').get(row.story_id) as { json: string }).json,
  );
  d.prepare('update briefs set json = ? where story_id = ?').run(
    JSON.stringify({ ...brief, quotes: [] }),
    row.story_id,
  );
  d.close();

  store = await SqliteStore.open(db);
  assert.equal(await store.countStaleAnalyses(ANALYSIS_VERSION), 1);
  await store.close();
  const run = cli(['reanalyse', '--db', db]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, '1 article analysed again, 1 story brief rebuilt\n');
  store = await SqliteStore.open(db);
  try {
    assert.equal((await store.getAnalysis(row.article_id))!.version, ANALYSIS_VERSION);
    assert.equal((await store.getBrief(row.story_id))!.quotes.length, 1, 'the stored brief has its quote back');
    assert.deepEqual(await store.staleAnalyses(ANALYSIS_VERSION), []);
    assert.equal(await store.countStaleAnalyses(ANALYSIS_VERSION), 0);
  } finally {
    await store.close();
  }
  assert.equal(
    cli(['reanalyse', '--db', db]).stdout,
    '0 articles analysed again, 0 story briefs rebuilt\n',
    'nothing left to do',
  );
});

test('reanalyse: an article the analyser now fails on is named, keeps its old analysis, and the rest go on', async () => {
  const db = await twoArticleStore();
  // Both analyses are an older version's; b.txt's stored article is corrupt (its text is not text).
  const d = new Database(db);
  d.prepare('update analyses set version = ?').run(ANALYSIS_VERSION - 1);
  const b = d.prepare("select id, json from articles where input like '%b.txt'").get() as { id: string; json: string };
  d.prepare('update articles set json = ? where id = ?').run(JSON.stringify({ ...JSON.parse(b.json), text: 42 }), b.id);
  d.close();
  const run = cli(['reanalyse', '--db', db]);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /b\.txt: analysis failed/);
  assert.equal(run.stdout, '1 article analysed again, 1 story brief rebuilt, 1 failed\n');
  const after = new Database(db, { readonly: true });
  const versions = after
    .prepare('select r.input, a.version from analyses a join articles r on r.id = a.article_id order by r.input')
    .all() as { input: string; version: number }[];
  after.close();
  assert.deepEqual(
    versions.map((v) => [v.input.endsWith('a.txt'), v.version]),
    [
      [true, ANALYSIS_VERSION],
      [false, ANALYSIS_VERSION - 1],
    ],
  );
});

test('one writer at a time across processes: a second ingest waits for the first, and no story update is lost', async () => {
  const dir = tempDir();
  corpus(join(dir, 'first'), 150);
  mkdirSync(join(dir, 'second'));
  writeFiles(join(dir, 'second'), {
    'x1.txt':
      'The port of Kestrel reopened on Friday after a storm closed it for two days, the harbour master said. Ferries resumed their routes to the islands.',
    'x2.txt':
      'Ferries to the islands sailed again on Friday as the port of Kestrel reopened after two days closed by a storm, the harbour master said.',
  });
  const db = join(dir, 'store.db');
  const child = spawn(process.execPath, [join(ROOT, 'bin/triangulate.js'), 'ingest', join(dir, 'first'), '--db', db], {
    stdio: 'ignore',
  });
  const childExit = new Promise((r) => child.once('exit', r));
  const deadline = Date.now() + 60_000;
  while (count(db) < 5 && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
  const store = await SqliteStore.open(db);
  try {
    assert.equal(child.exitCode, null, 'the first ingest is still running');
    await assert.rejects(
      store.exclusive(async () => assert.fail('ran beside another writer'), { waitMs: 200 }),
      (e: Error) => e instanceof StoreBusyError && e.message.includes(`pid ${child.pid}`),
    );
    // The second ingest waits for the first to finish, then runs on the state it left.
    const waitedFor: string[] = [];
    const second = await ingest(store, [join(dir, 'second')], { onWait: (holder) => waitedFor.push(holder) });
    assert.equal(waitedFor.length, 1, 'told once that it waits');
    assert.match(waitedFor[0], new RegExp(`^pid ${child.pid} on `));
    assert.equal(count(db), 152, 'it ran once the first had stored all its articles');
    await childExit;
    assert.equal(child.exitCode, 0);
    assert.equal(second.added, 2);
    assert.equal(second.storyIds.length, 1, 'the two port reports are one story');
    const raw = new Database(db, { readonly: true });
    const sizes = raw.prepare('select sum(size) n from stories').get() as { n: number };
    assert.equal(sizes.n, 152, 'every article is counted in its story: no writer overwrote the other');
    assert.equal((raw.prepare('select count(*) n from writer').get() as { n: number }).n, 0, 'the claim is released');
    raw.close();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await store.close();
  }
});

test('a writer claim left by a killed process is taken over', async () => {
  const dir = tempDir();
  const db = join(dir, 'store.db');
  const store = await SqliteStore.open(db);
  try {
    await checkWriterClaim(db, store);
  } finally {
    await store.close();
  }
});

test('an analysis stored by an older analyser version is recomputed when its story brief is rebuilt', async () => {
  const dir = tempDir();
  writeFiles(dir, {
    'a.txt':
      'Mayor Lena Arden said the bridge would reopen within two months, after the council of Arden approved the budget on Tuesday.',
  });
  const db = join(dir, 'stale.db');
  let store = await SqliteStore.open(db);
  const [storyId] = (await ingest(store, [join(dir, 'a.txt')])).storyIds;
  assert.equal((await buildBrief(store, storyId)).quotes.length, 1);
  await store.close();
  // What an older build left behind: an analysis without the quote, under the previous version.
  const d = new Database(db);
  const row = d.prepare('select article_id, json from analyses').get() as { article_id: string; json: string };
  d.prepare('update analyses set version = ?, json = ? where article_id = ?').run(
    ANALYSIS_VERSION - 1,
    JSON.stringify({ ...JSON.parse(row.json), version: ANALYSIS_VERSION - 1, quotes: [] }),
    row.article_id,
  );
  d.close();
  store = await SqliteStore.open(db);
  const brief = await buildBrief(store, storyId);
  // The API's article view reads the same current analysis, so its offsets agree with the brief's.
  const current = await currentAnalysis(store, (await store.getArticle(row.article_id))!);
  await store.close();
  assert.equal(brief.quotes.length, 1, 'the stale analysis was recomputed, so the quote is back');
  assert.deepEqual([current.version, current.quotes.length], [ANALYSIS_VERSION, 1]);
});

/** Ingest with TRIANGULATE_FAULT set (the pipeline's test seam) for this call only. */
async function ingestWithFault(store: Store, fault: string, inputs: string[]) {
  process.env.TRIANGULATE_FAULT = fault;
  try {
    return await ingest(store, inputs);
  } finally {
    delete process.env.TRIANGULATE_FAULT;
  }
}

/** An article write and a brief write fail: each is recorded, the rest is stored, and the next ingest completes both. */
async function checkWriteFailures(store: Store, dir: string): Promise<void> {
  corpus(dir, 6);
  const idOf = (name: string) => fileSources([join(dir, name)]).sources[0].read().articles[0].id;
  const lost = idOf('a0002.txt');
  const first = await ingestWithFault(store, `article-write:${lost}`, [dir]);
  assert.deepEqual(
    first.errors.map((e) => [e.input.endsWith('a0002.txt'), e.reason]),
    [[true, `storing failed: injected fault (TRIANGULATE_FAULT=article-write:${lost})`]],
  );
  assert.equal(first.added, 5, 'the articles after it are stored');
  assert.equal(await store.hasArticle(lost), false);
  assert.equal((await store.loadClusterState())!.n, 5, 'the clusterer state stored counts only stored articles');
  assert.deepEqual(
    (await store.listFailures()).map((f) => [f.stage, f.subject]),
    [['article-write', lost]],
  );

  const story = (await store.storyOf(idOf('a0000.txt')))!;
  const before = (await store.getBrief(story))!;
  const second = await ingestWithFault(store, `brief-write:${story}`, [dir]);
  assert.equal(second.added, 1, 'the article that failed is stored now');
  assert.deepEqual(
    second.errors.map((e) => e.input),
    [`story ${story}`],
  );
  assert.match(second.errors[0].reason, /^storing its brief failed: injected fault/);
  assert.deepEqual(
    (await store.listFailures()).map((f) => [f.stage, f.subject, f.input]),
    [['brief-write', story, `story ${story}`]],
  );
  const stale = (await store.getBrief(story))!;
  assert.equal(stale.stale, true);
  assert.deepEqual(
    { ...stale, stale: undefined, staleReason: undefined },
    { ...before, stale: undefined, staleReason: undefined },
    'the last good brief, as it was',
  );

  const third = await ingest(store, [dir]);
  assert.deepEqual(third.errors, []);
  assert.deepEqual(await store.listFailures(), []);
  assert.equal((await store.getBrief(story))!.stale, undefined);
  assert.equal(await store.countArticles(), 6);
}

test('failed writes (SQLite): an article or a brief that cannot be stored is recorded, the rest goes on, the next ingest completes it', async () => {
  const dir = tempDir();
  const store = await SqliteStore.open(join(dir, 'store.db'));
  try {
    await checkWriteFailures(store, join(dir, 'in'));
  } finally {
    await store.close();
  }
});

test('failed writes (PostgreSQL): recorded and retried as with SQLite', async () => {
  const server = process.env.TRIANGULATE_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `triangulate_isolation_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    const store = await PostgresStore.open(url.toString());
    try {
      await checkWriteFailures(store, join(tempDir(), 'in'));
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
});
