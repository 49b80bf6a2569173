import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeArticle } from '../src/article/analyze.js';
import { readContent } from '../src/ingest/index.js';
import type { Article, ArticleAnalysis, Page, StoryBrief } from '../src/model.js';
import { ingestSources, type Source } from '../src/pipeline.js';
import { buildServer } from '../src/server/app.js';
import { analyzeStory } from '../src/story/analyze.js';
import {
  analyzeStoryFolded,
  parseState,
  REPRESENTATIVES,
  representativeIds,
  serialiseState,
} from '../src/story/incremental.js';
import { PARTS } from '../src/story/bounds.js';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/store.js';
import { EXAMPLE, postgresDatabases, tempDir } from './helpers.js';

// Incremental story update: a stored state plus new articles gives the same bytes as a full
// rebuild, in memory and through both stores; the parts of a big story page over HTTP.

const database = postgresDatabases('triangulate_incr26');

/** Copy k of example k mod 5, one paragraph dropped and a line of its own added (as bench story). */
function copies(n: number): { article: Article; analysis: ArticleAnalysis }[] {
  const files = readdirSync(EXAMPLE).sort();
  return Array.from({ length: n }, (_, k) => {
    const name = files[k % files.length];
    const lines = readFileSync(join(EXAMPLE, name), 'utf8').split('\n');
    const long = lines.map((l, i) => ({ l, i })).filter(({ l, i }) => i >= 2 && l.split(/\s+/).length >= 20);
    const drop = long[Math.floor(k / files.length) % long.length].i;
    const kept = lines.filter((_, i) => i !== drop);
    kept.push('', `Reporting by correspondent number ${k} in bureau ${k * 7}; editing by desk ${k * 3}.`);
    const article = readContent(`copy-${String(k).padStart(3, '0')}-${name}`, kept.join('\n'), 'text', '2020-01-06')
      .articles[0];
    return { article, analysis: analyzeArticle(article) };
  });
}

const N = REPRESENTATIVES + 8;
const items = copies(N);
/** A report of its own (no sentence of the others), on the same event. */
const novel = (() => {
  const article = readContent(
    'novel.txt',
    'Islamabad airport stayed open on Tuesday while extra police were posted at the gates of foreign missions, officials said. Traders in Rawalpindi reported quiet markets as people waited for news from Baghdad. Schools in the capital held classes as normal despite the tension in the region.',
    'text',
    '2020-01-07',
  ).articles[0];
  return { article, analysis: analyzeArticle(article) };
})();

test('a small story folded is its analysis as it was: every article analysed, the same bytes', () => {
  const five = items.slice(0, 5);
  const { brief } = analyzeStoryFolded('s', five);
  assert.equal(JSON.stringify(brief), JSON.stringify(analyzeStory('s', five)));
});

test('incremental: a stored state plus new articles gives the bytes of a full rebuild, wherever the cut', () => {
  const all = [...items, novel];
  const full = analyzeStoryFolded('s', all);
  for (const cut of [3, REPRESENTATIVES - 1, REPRESENTATIVES + 1, all.length - 1]) {
    const first = analyzeStoryFolded('s', all.slice(0, cut));
    const stored = parseState(serialiseState(first.state));
    const next = analyzeStoryFolded('s', all.slice(cut), {}, stored, all.slice(0, cut));
    assert.equal(JSON.stringify(next.brief), JSON.stringify(full.brief), `cut at ${cut}`);
    assert.equal(JSON.stringify(next.whole), JSON.stringify(full.whole), `whole, cut at ${cut}`);
    assert.equal(serialiseState(next.state), serialiseState(full.state), `state, cut at ${cut}`);
  }
  // Every article is counted and listed; analysis ran on a bounded set, the novel report among it.
  assert.equal(full.brief.totals?.articles, all.length);
  assert.deepEqual(
    full.whole.articles.map((a) => a.id),
    all.map((x) => x.article.id),
  );
  const reps = representativeIds(full.state);
  assert.equal(reps.length, REPRESENTATIVES);
  assert.ok(reps.includes(novel.article.id), 'a report with new sentences is analysed');
  assert.ok(!reps.includes(items[N - 1].article.id), 'a late near-copy is not');
  assert.ok(full.brief.quotes.length > 0 && full.brief.facts.length > 0);
  // A fact counts every article that carries one of its sentences, analysed or not.
  for (const f of full.whole.facts.slice(0, 5)) {
    const texts = new Set(f.citations.map((c) => c.text));
    const carrying = all.filter((x) => [...texts].some((t) => x.article.text.includes(t)));
    assert.equal(f.articles, carrying.length, f.text);
  }
  assert.ok(
    full.whole.facts.some((f) => f.articles > new Set(f.citations.map((c) => c.articleId)).size),
    'copies outside the representatives count',
  );
  // Near-copies share sentences: syndicated, so far fewer independent sources than articles.
  assert.ok(full.brief.independentSources < 10, String(full.brief.independentSources));
  assert.equal(parseState('{"version":"0/0","rows":[],"reps":[]}'), null, 'another version is rebuilt');
});

type Item = { article: Article; analysis: ArticleAnalysis };
const sources = (xs: Item[]): Source[] =>
  xs.map((x) => ({ name: x.article.input, read: () => ({ articles: [x.article], errors: [] }) }));
const analysedBefore = new Map([...items, novel].map((x) => [x.article.id, x.analysis]));
const analyse = async (a: Article) => analysedBefore.get(a.id) ?? analyzeArticle(a);

/** Ingest in two batches; return the store's briefs and parts, and the articles read for the second brief. */
async function twoBatches(store: Store, cut: number) {
  const all = [...items, novel];
  await ingestSources(store, sources(all.slice(0, cut)), { analyse });
  let reads = 0;
  const getArticle = store.getArticle.bind(store);
  store.getArticle = (id) => (reads++, getArticle(id));
  const r = await ingestSources(store, sources(all.slice(cut)), { analyse });
  store.getArticle = getArticle;
  const out: Record<string, string | null> = {};
  for (const id of r.storyIds) {
    out[id] = await store.getBriefJson(id);
    for (const p of PARTS) out[`${id}/${p}`] = await store.getBriefPart(id, p);
  }
  return { out, reads, storyIds: r.storyIds };
}

test('pipeline: adding articles to a stored big story reads only them and its representatives; same bytes as one ingest', async () => {
  const dir = tempDir();
  const once = await SqliteStore.open(join(dir, 'once.db'));
  const split = await SqliteStore.open(join(dir, 'split.db'));
  try {
    const whole = await twoBatches(once, 0);
    const added = N + 1 - (N - 5);
    const inTwo = await twoBatches(split, N - 5);
    assert.deepEqual(inTwo.out, whole.out);
    // Each new article once, the representatives once, and any small story the new ones open.
    assert.ok(inTwo.reads <= 2 * added + REPRESENTATIVES, `${inTwo.reads} articles read for ${added} new`);
    assert.ok(whole.reads >= N, 'a store without a state reads every article');
    await pagesOverHttp(split, inTwo.storyIds);
    const url = await database();
    const pg = await PostgresStore.open(url);
    try {
      assert.deepEqual((await twoBatches(pg, N - 5)).out, whole.out, 'PostgreSQL stores the same');
    } finally {
      await pg.close();
    }
  } finally {
    await once.close();
    await split.close();
  }
});

/** Each part of the biggest story pages through its whole list over HTTP; bad pages are refused by name. */
async function pagesOverHttp(store: Store, storyIds: string[]): Promise<void> {
  const app = await buildServer({ store });
  try {
    const get = async (url: string) => {
      const r = await app.inject({ method: 'GET', url });
      return { status: r.statusCode, body: r.json() };
    };
    const briefs = await Promise.all(storyIds.map(async (id) => (await get(`/api/stories/${id}`)).body as StoryBrief));
    const big = briefs.sort((a, b) => b.totals!.articles - a.totals!.articles)[0];
    assert.ok(big.totals!.articles > REPRESENTATIVES, 'the copies make one big story');
    for (const part of ['articles', 'quotes', 'facts', 'entities', 'timeline', 'conflicts'] as const) {
      const seen: unknown[] = [];
      let total = 0;
      for (let offset = 0; seen.length < total || offset === 0; offset += 7) {
        const r = await get(`/api/stories/${big.id}/${part}?limit=7&offset=${offset}`);
        assert.equal(r.status, 200, part);
        total = (r.body as Page<unknown>).total;
        seen.push(...(r.body as Page<unknown>).items);
        if (!r.body.items.length) break;
      }
      assert.equal(seen.length, total, part);
      assert.equal(total, big.totals![part], `${part}: the pages hold every item the brief counts`);
    }
    const ids = (await get(`/api/stories/${big.id}/articles?limit=200`)).body.items.map((a: { id: string }) => a.id);
    assert.equal(new Set(ids).size, big.totals!.articles);
    for (const [q, name] of [
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=x', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=1.5', 'offset'],
    ]) {
      const r = await get(`/api/stories/${big.id}/facts?${q}`);
      assert.equal(r.status, 400, q);
      assert.match(r.body.message, new RegExp(name), q);
    }
    assert.equal((await get(`/api/stories/${big.id}/facts?offset=100000`)).body.items.length, 0);
    const spec = (await get('/openapi.json')).body;
    const params = spec.paths['/api/stories/{id}/{part}'].get.parameters.map((p: { name: string }) => p.name);
    assert.ok(params.includes('limit') && params.includes('offset'), params.join());
  } finally {
    await app.close();
  }
}
