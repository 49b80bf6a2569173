import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { openStore } from '../src/store/open.js';
import { allBriefs, cli, postgresDatabases, ROOT, tempDir, writeFiles } from './helpers.js';

const database = postgresDatabases('triangulate_fault');

// Workers killed (SIGKILL, as `kill -9`) at exact points of the queue's bookkeeping, with real
// `triangulate worker` processes on a real PostgreSQL server (see postgres.test.ts). The test-only
// TRIANGULATE_FAULT=after-place:N / after-brief:N makes a worker kill itself once it has
// committed its Nth placed article or rebuilt brief.

async function rows(url: string, q: string): Promise<Record<string, string>[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(q)).rows as Record<string, string>[];
  } finally {
    await c.end();
  }
}

/** Run a worker until it exits: its exit code, or the signal that ended it. */
function worker(
  url: string,
  fault = '',
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, TRIANGULATE_FAULT: fault };
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/triangulate.js'), 'worker', '--db', url, '--until-empty', '--stalled-after', '1'],
      { env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.once('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/**
 * Short reports of happenings, four each, one after another as news comes, every fourth report
 * a wire copy of the one before it, in a fixed order. Half of the stories end half-way.
 */
function reports(n: number): Record<string, string> {
  const towns = [
    'Arden',
    'Belmar',
    'Corvis',
    'Dunmore',
    'Tessaly',
    'Gransford',
    'Velmar',
    'Hollin',
    'Sorrel',
    'Caledon',
    'Kestrel',
    'Marrow',
    'Ostby',
    'Pelling',
    'Quarry',
  ];
  const people = [
    'Lena Ardenson',
    'Omar Quist',
    'Ines Volk',
    'Petra Halloway',
    'Mikos Arvan',
    'Clara Beaumont',
    'Anton Krell',
    'Jana Doyle',
    'Ibrahim Tate',
    'Maria Fenwick',
    'Rudi Ossen',
    'Tomas Lind',
    'Ada Morrow',
    'Felix Brand',
    'Nora Quill',
  ];
  const happenings = [
    (t: string, p: string, k: number) =>
      `The council of ${t} voted to rebuild the flooded bridge over the river. Mayor ${p} said engineers would inspect the ${k} collapsed piers.`,
    (t: string, p: string, k: number) =>
      `A fire destroyed the ${t} grammar school overnight. Firefighters fought the blaze for ${k} hours, headteacher ${p} said.`,
    (t: string, p: string, k: number) =>
      `${t} harbour reopened after a storm sank two trawlers. Harbour master ${p} said divers had recovered ${k} fishing nets.`,
    (t: string, p: string, k: number) =>
      `Striking nurses at the ${t} hospital walked out for ${k} days. Union leader ${p} said talks with the health board had failed.`,
    (t: string, p: string, k: number) =>
      `An earthquake shook the island of ${t}. Governor ${p} said ${k} houses were damaged and the ferry port was closed.`,
    (t: string, p: string, k: number) =>
      `Police in ${t} arrested ${k} men after a bank robbery. Inspector ${p} said the stolen money was recovered.`,
    (t: string, p: string, k: number) =>
      `The ${t} football club sacked its coach after ${k} defeats. Chairman ${p} said a successor would be named.`,
    (t: string, p: string, k: number) =>
      `Farmers blocked the ${t} motorway with ${k} tractors to protest grain prices. Organiser ${p} said the blockade would go on.`,
    (t: string, p: string, k: number) =>
      `A chemical leak closed the ${t} port for ${k} days. Port director ${p} said no workers were hurt.`,
    (t: string, p: string, k: number) =>
      `Voters in ${t} elected ${p} mayor with ${k} percent of the vote. The rival candidate conceded on election night.`,
  ];
  const report = (i: number) => {
    const e = Math.floor(i / 4);
    // The last five kinds of happening are reported in the first half only: their stories end there.
    const kind = i < n / 2 ? e % happenings.length : e % 5;
    return `${happenings[kind](towns[e % towns.length], people[(e * 7) % people.length], (i % 9) + 3)} Report ${i}.`;
  };
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++)
    files[`${String(i).padStart(4, '0')}.txt`] =
      i % 4 === 3 ? `${report(i - 1)}\n\nDistributed by the Kestrel wire, item ${i}.` : report(i);
  return files;
}

/** The stories (as listed) and every brief, byte for byte. */
async function storiesAndBriefs(where: string): Promise<{ list: string; briefs: string }> {
  const list = cli(['stories', '--db', where, '--format', 'json']);
  assert.equal(list.code, 0, list.stderr);
  const s = await openStore(where);
  try {
    return { list: list.stdout, briefs: JSON.stringify(await allBriefs(s)) };
  } finally {
    await s.close();
  }
}

test('queue: workers killed while placing lose nothing; every article placed once, every story briefed, as one ingest', async () => {
  const articles = 180;
  const dir = tempDir();
  writeFiles(dir, reports(articles));
  const url = await database();
  assert.equal(cli(['enqueue', dir, '--db', url]).code, 0);
  // Each worker dies after its Nth article: 25 + 40 + 55 < 180, so all three die mid-queue.
  const killed = await Promise.all(['after-place:25', 'after-place:40', 'after-place:55'].map((f) => worker(url, f)));
  assert.ok(killed.filter((w) => w.signal === 'SIGKILL').length >= 2, `workers killed: ${JSON.stringify(killed)}`);
  const [left] = await rows(url, 'SELECT count(*) n FROM queued');
  assert.ok(
    Number(left.n) > 0 && Number(left.n) < articles,
    `killed with ${left.n} of ${articles} articles still queued`,
  );
  // Three fresh workers finish the queue and every stale brief.
  for (const w of await Promise.all([0, 1, 2].map(() => worker(url)))) assert.equal(w.code, 0, w.stderr);

  const [counts] = await rows(
    url,
    `SELECT (SELECT count(*) FROM articles) a, (SELECT count(*) FROM story_articles) sa, (SELECT value FROM meta WHERE key = 'cluster_n') n,
    (SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM briefs b WHERE b.story_id = s.id)) unbriefed, (SELECT count(*) FROM stories) stories`,
  );
  assert.deepEqual(
    [counts.a, counts.sa, counts.n].map(Number),
    [articles, articles, articles],
    'every article placed once, counted once',
  );
  assert.equal(Number(counts.unbriefed), 0, `every one of ${counts.stories} stories has a brief`);
  assert.deepEqual(JSON.parse(cli(['queue', '--db', url, '--format', 'json']).stdout), {
    queued: 0,
    waiting: 0,
    analysing: 0,
    analysed: 0,
    staleBriefs: 0,
    failed: 0,
    failures: [],
  });
  const db = join(tempDir(), 'one.db');
  assert.equal(cli(['ingest', dir, '--db', db]).code, 0);
  const [queued, ingested] = await Promise.all([storiesAndBriefs(url), storiesAndBriefs(db)]);
  assert.equal(queued.list, ingested.list, 'the stories one ingest builds');
  assert.equal(queued.briefs, ingested.briefs, 'and its briefs, byte for byte');
});

test('queue: a worker killed while rebuilding briefs keeps those it rebuilt; the next one goes on from there', async () => {
  const dir = tempDir();
  writeFiles(dir, reports(60));
  const url = await database();
  assert.equal(cli(['enqueue', dir, '--db', url]).code, 0);
  assert.equal((await worker(url)).code, 0);
  const done = await storiesAndBriefs(url);
  // Every story to rebuild again, none with a brief (as after a batch whose briefs were never built).
  await rows(url, 'INSERT INTO stale_briefs SELECT id FROM stories; DELETE FROM briefs; DELETE FROM story_index');
  const [{ n: stories }] = await rows(url, 'SELECT count(*) n FROM stories');
  assert.ok(Number(stories) >= 6, `${stories} stories`);
  const state = async () =>
    (await rows(url, 'SELECT (SELECT count(*) FROM stale_briefs) stale, (SELECT count(*) FROM briefs) briefs'))[0];
  for (let round = 1; round <= 2; round++) {
    const w = await worker(url, 'after-brief:2');
    assert.equal(w.signal, 'SIGKILL', w.stderr);
    const { stale, briefs } = await state();
    assert.deepEqual(
      [Number(stale), Number(briefs)],
      [Number(stories) - 2 * round, 2 * round],
      `after ${round} killed rebuild(s): each brief built once, its mark gone with it`,
    );
  }
  assert.equal((await worker(url)).code, 0);
  assert.deepEqual(await state(), { stale: '0', briefs: stories });
  assert.deepEqual(await storiesAndBriefs(url), done, 'the same briefs as built in one go');
});
