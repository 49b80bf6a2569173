import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EntityOverride, Page, StoryBrief, StorySummary } from '../src/model.js';
import { ingest } from '../src/pipeline.js';
import { buildServer } from '../src/server/app.js';
import { isLoopback } from '../src/server/auth.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { cli, EXAMPLE, tempDir } from './helpers.js';

// The HTTP API over a real socket and a real SQLite file.

let store: SqliteStore;
let base: string;
let close: () => Promise<void>;
let exampleId: string;

async function api<T = any>(
  path: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<{ status: number; body: T; headers: Headers; text: string }> {
  const { json, ...rest } = init;
  const res = await fetch(`${base}${path}`, {
    ...rest,
    ...(json !== undefined
      ? {
          method: rest.method ?? 'POST',
          body: JSON.stringify(json),
          headers: { 'content-type': 'application/json', ...(rest.headers as object) },
        }
      : {}),
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body: body as T, headers: res.headers, text };
}

before(async () => {
  store = await SqliteStore.open(join(tempDir(), 'api.db'));
  const r = await ingest(store, [EXAMPLE]);
  exampleId = r.storyIds[0];
  const app = await buildServer({ store });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  close = async () => {
    await app.close();
    await store.close();
  };
});
after(() => close());

test('story list: the example story with its summary row; filters by text, entity, outlet and dates', async () => {
  const all = await api<Page<StorySummary>>('/api/stories');
  assert.equal(all.status, 200);
  assert.equal(all.body.total, 1);
  const s = all.body.items[0];
  assert.equal(s.id, exampleId);
  assert.equal(s.articles, 5);
  assert.equal(s.independentSources, 4);
  assert.deepEqual(s.outlets, ['Dawn']);
  const count = async (q: string) => (await api<Page<StorySummary>>(`/api/stories?${q}`)).body.total;
  assert.equal(await count('q=soleimani%20neutrality'), 1);
  assert.equal(await count('q=soleimani%20volcano'), 0, 'every word must match');
  assert.equal(await count('entity=Qasim%20Soleimani'), 1, 'an alias');
  assert.equal(await count('entity=Merkel'), 0);
  assert.equal(await count('entity=bajwa'), 1);
  assert.equal(await count('outlet=dawn'), 1);
  assert.equal(await count('outlet=reuters'), 0);
  assert.equal(await count('from=2020-01-10&to=2020-02-01'), 1, 'the story reaches 12 January');
  assert.equal(await count('from=2020-02-01'), 0);
  assert.equal(await count('to=2019-12-31'), 0);
  assert.equal(await count('q=soleim'), 1, 'word prefixes match');
  assert.equal(await count('entity=qassem%20soleimani'), 1, 'a multi-word name matches as a phrase');
  assert.equal(await count('entity=soleimani%20qassem'), 0, 'in its order');
  for (const odd of ['q=%22', 'q=%22%20OR%20*', 'entity=%22', 'q=NEAR(a%20b)', 'q=-'])
    assert.equal((await api(`/api/stories?${odd}`)).status, 200, `${odd} is searched for, not parsed`);
});

test('bad requests get 4xx with a message naming what is wrong', async () => {
  const big = await api('/api/stories?limit=500');
  assert.equal(big.status, 400);
  assert.match(big.body.message, /limit/);
  assert.equal((await api('/api/stories?from=yesterday')).status, 400);
  assert.equal((await api('/api/stories?colour=red')).status, 400, 'unknown parameters are refused, not ignored');
  const missing = await api('/api/stories/s-000000000000');
  assert.equal(missing.status, 404);
  assert.match(missing.body.message, /no story s-000000000000/);
  assert.equal((await api(`/api/stories/${exampleId}/secrets`)).status, 400);
  assert.equal((await api('/api/stories/..%2F..%2Fetc')).status, 400);
  assert.equal((await api('/api/nothing')).status, 404);
  const broken = await api('/api/articles', {
    method: 'POST',
    body: '{"articles": [',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(broken.status, 400);
  assert.match(broken.body.message, /JSON/);
  const tooMany = await api('/api/articles', {
    json: { articles: Array.from({ length: 1001 }, () => ({ text: 'x' })) },
  });
  assert.equal(tooMany.status, 400);
  const textPost = { method: 'POST', headers: { 'content-type': 'text/plain', 'x-triangulate': '1' } };
  const huge = await api('/api/articles', { ...textPost, body: 'a'.repeat(21 * 1024 * 1024) });
  assert.equal(huge.status, 413);
});

test('one story: the whole brief and each part, consistent with each other', async () => {
  const b = (await api<StoryBrief>(`/api/stories/${exampleId}`)).body;
  assert.equal(b.id, exampleId);
  for (const part of ['articles', 'summary', 'entities', 'quotes', 'timeline', 'facts', 'conflicts'] as const) {
    const r = await api(`/api/stories/${exampleId}/${part}?limit=200`);
    assert.equal(r.status, 200, part);
    // A part's articles carry no text (GET /api/articles/:id has it); the rest are the brief's, whole.
    const whole = part === 'articles' ? b.articles.map(({ text: _t, ...a }) => a) : b[part];
    assert.deepEqual(r.body, { items: whole, total: whole.length, limit: 200, offset: 0 }, part);
  }
  assert.ok(
    b.conflicts.some(
      (c) => c.values.some((v) => /thousands/i.test(v.text)) && c.values.some((v) => /hundreds/i.test(v.text)),
    ),
  );
});

test('one article with annotations whose offsets point into its text', async () => {
  const b = (await api<StoryBrief>(`/api/stories/${exampleId}`)).body;
  const r = await api(`/api/articles/${b.articles[0].id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.storyId, exampleId);
  assert.equal(r.body.annotations.tokens, undefined, 'tokens only on request');
  const text: string = r.body.article.text;
  for (const m of r.body.annotations.mentions) assert.equal(text.slice(m.start, m.end), m.text);
  assert.ok(r.body.annotations.sentences.length > 3);
  const withTokens = await api(`/api/articles/${b.articles[0].id}?tokens=true`);
  assert.ok(withTokens.body.annotations.tokens.length > 100);
  assert.equal((await api('/api/articles/ffffffffffffffff')).status, 404);
});

test('POST articles: JSON batch with a bad item, raw text and HTML bodies; the rest is stored, errors name the input', async () => {
  const batch = await api('/api/articles', {
    json: {
      articles: [
        {
          title: 'Nokia to cut jobs',
          text: 'Nokia said on Monday it would cut 5,000 jobs in Finland as demand for network equipment slowed. The Finnish company said the cuts would be completed by 2022.',
          date: '2021-03-01',
          outlet: 'Reuters',
        },
        { headline: 'no body at all' },
        {
          text: 'Nokia announced on Monday that 5,000 jobs in Finland would go, blaming weaker demand for network equipment.',
          date: '2021-03-01',
          outlet: 'Helsinki Times',
        },
      ],
    },
  });
  assert.equal(batch.status, 200);
  assert.equal(batch.body.added, 2);
  assert.deepEqual(batch.body.errors, [
    { input: 'request[1]', reason: 'no "text", "body", "content" or "html" field' },
  ]);
  assert.equal(batch.body.storyIds.length, 1, 'the two Nokia reports are one story');
  const again = await api('/api/articles', {
    json: {
      text: 'Nokia announced on Monday that 5,000 jobs in Finland would go, blaming weaker demand for network equipment.',
      date: '2021-03-01',
      outlet: 'Helsinki Times',
    },
  });
  assert.equal(again.body.added, 0, 'idempotent');
  const html = await api('/api/articles?outlet=Example%20News', {
    method: 'POST',
    headers: { 'content-type': 'text/html' },
    body: '<html><head><title>Volcano erupts in Iceland</title><meta property="article:published_time" content="2023-12-19T08:00:00Z"></head><body><article><h1>Volcano erupts in Iceland</h1><p>A volcano erupted on the Reykjanes peninsula in Iceland on Monday night, sending lava fountains into the sky.</p><p>The town of Grindavik had been evacuated in November, officials said.</p></article></body></html>',
  });
  assert.equal(html.status, 200, html.text);
  const view = await api(`/api/articles/${html.body.articleIds[0]}`);
  assert.equal(view.body.article.title, 'Volcano erupts in Iceland');
  assert.equal(view.body.article.outlet, 'Example News');
  assert.equal(view.body.article.publishedAt.value, '2023-12-19');
  const raw = { 'content-type': 'text/plain', 'x-triangulate': '1' };
  const empty = await api('/api/articles', { method: 'POST', headers: raw, body: '   ' });
  assert.equal(empty.status, 422);
  assert.equal(empty.body.errors[0].input, 'request');
  const stories = await api<Page<StorySummary>>('/api/stories');
  assert.equal(stories.body.total, 3);
  assert.equal(stories.body.items[0].headline, 'Volcano erupts in Iceland', 'newest first');
  const paged = await api<Page<StorySummary>>('/api/stories?limit=1&offset=1');
  assert.equal(paged.body.items.length, 1);
  assert.equal(paged.body.total, 3);
  assert.equal(paged.body.items[0].id, stories.body.items[1].id);
});

test('exports: JSON, JSONL, CSV and Markdown of a story, and every story as JSONL', async () => {
  const json = await api(`/api/stories/${exampleId}/export?format=json`);
  assert.equal(json.body.id, exampleId);
  assert.match(json.headers.get('content-disposition') ?? '', /attachment; filename="story-s-[0-9a-f]+\.json"/);
  const jsonl = await api(`/api/stories/${exampleId}/export?format=jsonl`);
  const records = jsonl.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.ok(
    records.some((r) => r.kind === 'conflict') &&
      records.some((r) => r.kind === 'quote') &&
      records.some((r) => r.kind === 'summary'),
  );
  const csv = await api(`/api/stories/${exampleId}/export?format=csv`);
  assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
  const lines = csv.text.split('\r\n');
  assert.equal(lines[0], 'story,kind,id,text,date,sources,citations');
  assert.ok(lines.length > 20);
  const md = await api(`/api/stories/${exampleId}/export?format=md`);
  assert.match(md.text, /^## Pakistan Stresses Neutrality/);
  const all = await api('/api/export?format=jsonl');
  assert.equal(all.text.trim().split('\n').length, (await api<Page<StorySummary>>('/api/stories')).body.total);
  // The export reads the store in pages, each starting after the last id: pages of two cover the three stories once, in id order.
  const pages: string[][] = [];
  for await (const page of store.briefPages(2)) pages.push(page.map((b) => b.id));
  const ids = (await api<Page<StorySummary>>('/api/stories')).body.items.map((i) => i.id);
  assert.deepEqual(
    pages.map((p) => p.length),
    [2, 1],
  );
  assert.deepEqual(pages.flat(), [...ids].sort());
  // Story summaries page the same way, in the list's order (newest first): pages of one walk all three.
  const listed: string[] = [];
  for await (const page of store.storyPages({}, 1)) listed.push(...page.map((s) => s.id));
  assert.deepEqual(listed, ids);
  const allCsv = await api('/api/export?format=csv');
  const rows = allCsv.text.split('\r\n');
  assert.equal(rows.filter((r) => r === 'story,kind,id,text,date,sources,citations').length, 1, 'one header, first');
  assert.equal(rows[0], 'story,kind,id,text,date,sources,citations');
  assert.equal(
    new Set(rows.slice(1, -1).map((r) => r.split(',')[0])).size,
    (await api<Page<StorySummary>>('/api/stories')).body.total,
    'rows of every story',
  );
  assert.equal((await api(`/api/stories/${exampleId}/export?format=pdf`)).status, 400);
});

test('entity overrides: split and merge through the API, applied to the brief, surviving re-analysis, and undone', async () => {
  const entities = async () =>
    (await api<Page<StoryBrief['entities'][number]>>(`/api/stories/${exampleId}/entities?limit=200`)).body.items;
  const bajwa = (await entities()).find((e) => e.name === 'Qamar Javed Bajwa')!;
  assert.ok(bajwa.aliases.includes('Qamar Bajwa'), 'linked by the partial-name rule');
  const split = await api(`/api/stories/${exampleId}/entities/${bajwa.id}/split`, {
    json: { alias: 'Qamar Bajwa', note: 'test' },
  });
  assert.equal(split.status, 201, split.text);
  assert.deepEqual(split.body.stories, [exampleId]);
  const after = await entities();
  assert.ok(!after.find((e) => e.name === 'Qamar Javed Bajwa')!.aliases.includes('Qamar Bajwa'));
  assert.ok(
    after.some((e) => e.name === 'Qamar Bajwa'),
    'now an entity of its own',
  );

  const soleimani = after.find((e) => e.name === 'Qassem Soleimani')!;
  const pompeo = after.find((e) => /Pompeo/.test(e.name))!;
  const merge = await api(`/api/stories/${exampleId}/entities/merge`, {
    json: { entityIds: [soleimani.id, pompeo.id] },
  });
  assert.equal(merge.status, 201);
  assert.ok(
    (await entities()).some(
      (e) => [e.name, ...e.aliases].includes('Qassem Soleimani') && [e.name, ...e.aliases].includes(pompeo.name),
    ),
  );

  // Re-analysis: a new article joins the story and the brief is rebuilt; the corrections hold.
  const more = await api('/api/articles', {
    json: {
      text: 'Pakistan army chief General Qamar Javed Bajwa received a call from US Secretary of State Mike Pompeo after the killing of Qassem Soleimani in Baghdad, the ISPR said. Qamar Bajwa urged restraint.',
      date: '2020-01-06',
      outlet: 'The News',
    },
  });
  assert.deepEqual(more.body.storyIds, [exampleId]);
  const reanalysed = await entities();
  assert.ok(!reanalysed.find((e) => e.name === 'Qamar Javed Bajwa')!.aliases.includes('Qamar Bajwa'));
  assert.ok(
    reanalysed.some(
      (e) => [e.name, ...e.aliases].includes('Qassem Soleimani') && [e.name, ...e.aliases].includes(pompeo.name),
    ),
  );

  const list = (await api<EntityOverride[]>('/api/overrides')).body;
  assert.deepEqual(
    list.map((o) => o.kind),
    ['split', 'merge'],
  );
  assert.equal((await api('/api/overrides', { json: { kind: 'merge', names: ['Only one'] } })).status, 400);
  assert.equal((await api('/api/overrides', { json: { kind: 'split', name: 'Bajwa', from: 'bajwa' } })).status, 400);
  assert.equal(
    (await api(`/api/stories/${exampleId}/entities/${bajwa.id}/split`, { json: { alias: 'Nobody' } })).status,
    400,
  );
  for (const o of list) assert.equal((await api(`/api/overrides/${o.id}`, { method: 'DELETE' })).status, 200);
  assert.equal((await api(`/api/overrides/${list[0].id}`, { method: 'DELETE' })).status, 404);
  assert.ok((await entities()).find((e) => e.name === 'Qamar Javed Bajwa')!.aliases.includes('Qamar Bajwa'), 'undone');
});

test('OpenAPI 3 document lists every API route', async () => {
  const doc = (await api('/openapi.json')).body;
  assert.equal(doc.openapi, '3.0.3');
  for (const p of [
    '/api/stories',
    '/api/stories/{id}',
    '/api/stories/{id}/{part}',
    '/api/stories/{id}/export',
    '/api/articles',
    '/api/articles/{id}',
    '/api/overrides',
    '/api/overrides/{id}',
    '/api/export',
  ])
    assert.ok(doc.paths[p], p);
  assert.ok(doc.components.schemas.StorySummary);
});

test('a token is required when set; serve refuses a public address without one', async () => {
  const s2 = await SqliteStore.open(':memory:');
  const app = await buildServer({ store: s2, token: 'correct-horse-battery-staple' });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    assert.equal((await fetch(`${url}/api/stories`)).status, 401);
    assert.equal(
      (await fetch(`${url}/api/stories`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status,
      401,
    );
    assert.equal(
      (await fetch(`${url}/api/stories`, { headers: { authorization: 'Bearer correct-horse-battery-staple' } })).status,
      200,
    );
  } finally {
    await app.close();
    await s2.close();
  }
  assert.ok(isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('localhost'));
  assert.ok(!isLoopback('0.0.0.0') && !isLoopback('192.168.1.4') && !isLoopback('::'));
  const r = cli(['serve', '--host', '0.0.0.0', '--port', '0', '--db', join(tempDir(), 'x.db')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /refusing to listen on 0\.0\.0\.0 without an API token/);
});

test('stories that grow into one another merge; the old id redirects to the story it joined', async () => {
  const A =
    'A volcano erupted on the Reykjanes peninsula in Iceland on Monday night, sending lava fountains into the sky near the fishing town of Grindavik. Scientists at the Icelandic Met Office said the fissure was about four kilometres long.';
  const B =
    'Residents of Grindavik were allowed back briefly to collect belongings after weeks of earthquakes cracked roads and houses. Civil protection officials said it would stay closed while magma kept rising under the Svartsengi power plant.';
  // Later reports tell both, some leading with the eruption and some with the town, each with
  // news of its own (so none is a near-copy of another, which would join without a merge check).
  const MORE = [
    'Flights at Keflavik airport were not affected, the airport operator Isavia said in a statement, while tourists were asked to keep away from the area and watch the glow from Reykjavik instead of driving south along the coast road.',
    'Geologists expect the activity to continue for weeks; the peninsula had been quiet for eight centuries before a new cycle began, and engineers have raised earth barriers around the geothermal station and nearby farms.',
    'Hundreds of families are staying with relatives or in rented flats in the capital, and the government promised to buy homes from owners who do not wish to return, a scheme parliament is expected to approve quickly.',
    'Schools in the town have moved their classes to buildings in Reykjavik and Hafnarfjordur, where buses bring the children each morning, and the local football club will play its home games elsewhere next season.',
  ];
  const first = await api('/api/articles?date=2023-12-19', { json: [{ text: A }, { text: B }] });
  assert.equal(first.body.storyIds.length, 2, 'two stories to begin with');
  const merges = [];
  const ids: string[] = [...first.body.articleIds];
  for (const [i, more] of MORE.entries()) {
    const r = await api('/api/articles?date=2023-12-19', {
      json: { text: i % 2 ? `${B} ${A} ${more}` : `${A} ${B} ${more}` },
    });
    merges.push(...r.body.merges);
    ids.push(...r.body.articleIds);
  }
  assert.equal(merges.length, 1);
  const { from, into } = merges[0];
  assert.ok(first.body.storyIds.includes(from) && first.body.storyIds.includes(into));
  const res = await fetch(`${base}/api/stories/${from}/articles`, { redirect: 'manual' });
  assert.equal(res.status, 301);
  assert.equal(res.headers.get('location'), `/api/stories/${into}/articles`);
  // The location comes from the routed path: a %-encoded spelling of it does not redirect to itself.
  const spelt = await fetch(`${base}/%61pi/stories/${from}/export?format=csv`, { redirect: 'manual' });
  assert.equal(spelt.headers.get('location'), `/api/stories/${into}/export?format=csv`);
  const joined = (await api<StoryBrief>(`/api/stories/${into}`)).body;
  for (const id of ids)
    assert.ok(
      joined.articles.some((a) => a.id === id),
      'both first reports and the bridging ones',
    );
  const list = (await api<Page<StorySummary>>('/api/stories?limit=200')).body;
  assert.ok(!list.items.some((s) => s.id === from), 'the merged-away story is gone from the list');
});

test('a near-copy joins the story of the article it copies, even months later; a fresh report of similar words does not', async () => {
  const text =
    'Floods swept through the valley town of Chitral on Tuesday, washing away two bridges and cutting the road to Peshawar, district officials said. Rescue teams evacuated 300 families to schools on higher ground.';
  const first = await api('/api/articles', { json: { text, date: '2022-07-12', outlet: 'Wire' } });
  const later = await api('/api/articles', {
    json: { text: `${text} The army was called in to help.`, date: '2022-10-20', outlet: 'Weekly Digest' },
  });
  assert.deepEqual(
    later.body.storyIds,
    first.body.storyIds,
    'the copy joins the original story despite the months between them',
  );
  const fresh = await api('/api/articles', {
    json: {
      text: 'Floods in the valley town of Chitral cut the road to Peshawar again on Wednesday after heavy rain, officials said, and families moved to schools.',
      date: '2023-03-01',
      outlet: 'Dawn',
    },
  });
  assert.notDeepEqual(fresh.body.storyIds, first.body.storyIds, 'months apart and not a copy: a new story');
});
