import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page, Storyline, StorylineSummary, StorySummary } from '../src/model.js';
import { ingest } from '../src/pipeline.js';
import { buildServer } from '../src/server/app.js';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/store.js';
import { linkStorylines, type EventDigest } from '../src/story/storylines.js';
import { cli, postgresDatabases, tempDir, trialFiles } from './helpers.js';

// Storylines: events that continue one another, linked by rare shared names within weeks.

let n = 0;
function event(from: string, names: string[], terms: string[] = [], language = 'en'): EventDigest {
  const id = `s-${String(++n).padStart(3, '0')}`;
  return {
    id,
    headline: `event ${id}`,
    language,
    from,
    to: from,
    articles: 2,
    entities: names.map((name) => ({ name, keys: [name.toLowerCase()] })),
    terms,
  };
}

/** Forty events of a campaign, every one naming Donald Trump and two names of its own. */
const campaign = () =>
  Array.from({ length: 40 }, (_, i) =>
    event(`2016-0${1 + (i % 9)}-1${i % 10}`, ['Donald Trump', `Rally ${i}`, `Town ${i}`], ['campaign', `w${i}`]),
  );

const trial = (from: string, language = 'en') =>
  event(
    from,
    ['Marek Kowalczyk', 'Anna Wisniewska', 'Gdansk', 'Baltic Shipping', 'Donald Trump'],
    ['bribes', 'port', 'trial'],
    language,
  );

test('two hearings of one trial link on their rare names; the link says which rule and names', () => {
  const [a, b] = [trial('2016-03-04'), trial('2016-03-25')];
  const lines = linkStorylines([...campaign(), a, b]);
  const line = lines.find((l) => l.events.some((e) => e.id === a.id))!;
  assert.deepEqual(
    line.events.map((e) => e.id),
    [a.id, b.id],
  );
  const link = line.events[1].link!;
  assert.equal(link.rule, 'shared-entities');
  assert.equal(link.to, a.id);
  assert.equal(link.gapDays, 21);
  assert.ok(link.entities.includes('Marek Kowalczyk') && link.entities.includes('Gdansk'), link.entities.join());
  assert.deepEqual(link.terms, ['bribes', 'port', 'trial']);
  assert.equal(line.from, '2016-03-04');
  assert.equal(line.to, '2016-03-25');
  assert.match(line.title, /Marek Kowalczyk|Anna Wisniewska|Gdansk|Baltic Shipping/);
});

test('a name in many events links nothing on its own', () => {
  const lines = linkStorylines(campaign());
  assert.deepEqual(lines, [], JSON.stringify(lines[0]?.events.map((e) => e.link)));
});

test('no link across more than 60 days, or across languages', () => {
  assert.equal(linkStorylines([...campaign(), trial('2016-01-04'), trial('2016-04-25')]).length, 0);
  assert.equal(linkStorylines([...campaign(), trial('2016-03-04', 'en'), trial('2016-03-10', 'fr')]).length, 0);
});

test('a storyline continues over more than 60 days when each gap is shorter', () => {
  const evs = [trial('2016-01-04'), trial('2016-02-20'), trial('2016-04-10')];
  const [line] = linkStorylines([...campaign(), ...evs]);
  assert.equal(line.events.length, 3);
  assert.equal(line.from, '2016-01-04');
  assert.equal(line.to, '2016-04-10');
});

test('deterministic: the same events in any order give the same storylines, byte for byte', () => {
  const evs = [...campaign(), trial('2016-03-04'), trial('2016-03-25'), trial('2016-04-02')];
  const once = JSON.stringify(linkStorylines(evs));
  assert.equal(JSON.stringify(linkStorylines([...evs].reverse())), once);
  const mixed = evs.map((e, i) => [(i * 7919) % evs.length, e] as const).sort((x, y) => x[0] - y[0]);
  assert.equal(JSON.stringify(linkStorylines(mixed.map(([, e]) => e))), once);
});

test('ingest links stored events into a storyline: CLI, API and story rows show it', async () => {
  const dir = tempDir();
  trialFiles(dir);
  const db = join(dir, 'lines.db');
  const store = await SqliteStore.open(db);
  try {
    const r = await ingest(store, [dir]);
    assert.deepEqual(r.errors, []);
    assert.equal(r.storyIds.length, 3, 'three events: the hearings are three weeks apart');
    const page = await store.listStorylines({ limit: 10, offset: 0 });
    assert.equal(page.total, 1);
    const line = (await store.getStoryline(page.items[0].id))!;
    assert.deepEqual(
      line.events.map((e) => e.from),
      ['2024-03-04', '2024-03-25'],
    );
    assert.ok(
      line.events.every((e) => e.link),
      'each event says why it is linked',
    );
    const app = await buildServer({ store });
    try {
      const list = (await app.inject({ url: '/api/storylines' })).json() as Page<StorylineSummary>;
      assert.deepEqual(list.items, [{ ...page.items[0], events: 2, articles: 2 }]);
      const one = (await app.inject({ url: `/api/storylines/${line.id}` })).json() as Storyline;
      assert.deepEqual(one, line);
      const rows = ((await app.inject({ url: '/api/stories' })).json() as Page<StorySummary>).items;
      const nokia = rows.find((s) => /Nokia/.test(s.headline))!;
      assert.equal(nokia.storyline, null);
      assert.deepEqual(rows.filter((s) => s.storyline === line.id).length, 2);
      const viaStory = await app.inject({ url: `/api/stories/${line.events[0].id}/storyline` });
      assert.equal(viaStory.statusCode, 200);
      assert.equal((viaStory.json() as { storyline: Storyline }).storyline.id, line.id);
      const none = await app.inject({ url: `/api/stories/${nokia.id}/storyline` });
      assert.deepEqual([none.statusCode, none.json()], [200, { storyline: null }]);
      assert.equal((await app.inject({ url: '/api/stories/s-nope/storyline' })).statusCode, 404);
      assert.equal((await app.inject({ url: '/api/storylines/line-nope' })).statusCode, 404);
    } finally {
      await app.close();
    }
  } finally {
    await store.close();
  }
  const out = cli(['stories', '--storylines', '--db', db]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /^line-\w+ {2}2 events \/ 2 articles {2}2024-03-04\.\.2024-03-25 /);
  assert.match(out.stdout, /linked to s-\w+ by (shared-entities|entity-and-terms): .*Marek Kowalczyk/);
  assert.match(cli(['stories', '--db', db]).stdout, /storyline line-\w+/);
  const json = JSON.parse(cli(['stories', '--storylines', '--format', 'json', '--db', db]).stdout) as Storyline[];
  assert.equal(json.length, 1);
  assert.equal(cli(['storyline', json[0].id, '--db', db]).stdout.split('\n')[0], out.stdout.split('\n')[0]);
});

const database = postgresDatabases('triangulate_storyline27');

/** Every storyline of a store, whole, and each story row's storyline. */
async function storylinesOf(store: Store): Promise<{ lines: (Storyline | null)[]; rows: [string, unknown][] }> {
  const page = await store.listStorylines({ limit: 50, offset: 0 });
  const lines = await Promise.all(page.items.map((l) => store.getStoryline(l.id)));
  const rows = (await store.listStories({ limit: 50, offset: 0 })).items.map(
    (s) => [s.id, s.storyline] as [string, unknown],
  );
  return { lines, rows };
}

test('PostgreSQL stores the same storylines as SQLite; ingesting again changes nothing', async () => {
  const dir = tempDir();
  trialFiles(dir);
  const sqlite = await SqliteStore.open(join(dir, 'same.db'));
  const pg = await PostgresStore.open(await database());
  try {
    for (const store of [sqlite, pg]) assert.deepEqual((await ingest(store, [dir])).errors, []);
    const expected = await storylinesOf(sqlite);
    assert.equal(expected.lines.length, 1);
    assert.deepEqual(await storylinesOf(pg), expected);
    await ingest(pg, [dir]);
    assert.deepEqual(await storylinesOf(pg), expected);
  } finally {
    await sqlite.close();
    await pg.close();
  }
});

test('storylines linked batch by batch (stored digests) are those of one batch', async () => {
  const dir = tempDir();
  trialFiles(dir);
  const [whole, parts] = [await SqliteStore.open(':memory:'), await SqliteStore.open(':memory:')];
  try {
    await ingest(whole, [dir]);
    await ingest(parts, [join(dir, 'opening.jsonl'), join(dir, 'nokia.jsonl')]);
    assert.equal((await parts.listStorylines({ limit: 5, offset: 0 })).total, 0, 'one hearing is no storyline');
    await ingest(parts, [join(dir, 'verdict.jsonl')]);
    assert.deepEqual(await storylinesOf(parts), await storylinesOf(whole));
    assert.equal((await parts.loadDigests()).length, 3, 'one digest per story');
  } finally {
    await whole.close();
    await parts.close();
  }
});
