import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeArticle } from '../src/article/analyze.js';
import { buildBrief } from '../src/pipeline.js';
import { csvRows, type ExportRecord } from '../src/render/export.js';
import type { Article } from '../src/model.js';
import { analysisWorker } from '../src/server/analyse-worker.js';
import { buildServer } from '../src/server/app.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/store.js';
import { analysed, EXAMPLE } from './helpers.js';

// The HTTP API's defences, over real sockets on 127.0.0.1. Requests go through node:http with the
// request target written as given (no URL normalisation), so %61pi, // and absolute-form
// targets reach the server exactly as an attacker would send them.

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

function raw(
  port: number,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const h = {
      host: `127.0.0.1:${port}`,
      ...headers,
      ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
    };
    const req = request(
      { host: '127.0.0.1', port, method, path: target, headers: h, agent: false, setHost: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let parsed: unknown = null;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = null;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const json = (port: number, method: string, target: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(port, method, target, { 'content-type': 'application/json', ...headers }, JSON.stringify(body));

async function serve(opts: Omit<Parameters<typeof buildServer>[0], 'store'> & { store?: Store } = {}) {
  const store = await SqliteStore.open(':memory:');
  const app = await buildServer({ store, ...opts });
  const port = Number(new URL(await app.listen({ port: 0, host: '127.0.0.1' })).port);
  return { store, app, port, close: async () => (await app.close(), await store.close()) };
}

const TOKEN = 'correct-horse-battery-staple';
const TRUMP = {
  text: 'Donald Trump met John Kerry in Geneva on Monday to discuss the talks, officials said.',
  date: '2020-01-06',
};

/** One request per route the API serves, each with a body that would succeed if it got through. */
const ROUTES: [string, string, unknown?][] = [
  ['GET', '/api/health'],
  ['GET', '/api/stories'],
  ['GET', '/api/stories/s-1'],
  ['GET', '/api/stories/s-1/entities'],
  ['GET', '/api/stories/s-1/export'],
  ['GET', '/api/export'],
  ['GET', '/api/articles/abc'],
  ['POST', '/api/articles', TRUMP],
  ['GET', '/api/failures'],
  ['GET', '/api/storylines'],
  ['GET', '/api/storylines/l-1'],
  ['GET', '/api/stories/s-1/storyline'],
  ['GET', '/api/overrides'],
  ['POST', '/api/overrides', { kind: 'merge', names: ['Donald Trump', 'John Kerry'] }],
  ['DELETE', '/api/overrides/o-1'],
  ['POST', '/api/stories/s-1/entities/merge', { entityIds: ['a', 'b'] }],
  ['POST', '/api/stories/s-1/entities/e-1/split', { alias: 'x' }],
  ['GET', '/openapi.json'],
];

/** Spellings of one path that a router might decode or normalise to it. */
function spellings(path: string, port: number): string[] {
  const out = new Set<string>();
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '/') continue;
    const hex = path.charCodeAt(i).toString(16);
    for (const h of [hex, hex.toUpperCase()]) out.add(`${path.slice(0, i)}%${h}${path.slice(i + 1)}`);
  }
  const enc = path.replace(/^\/(\w)/, (_, c: string) => `/%${c.charCodeAt(0).toString(16)}`);
  for (const p of [path, enc]) {
    out.add(`/${p}`);
    out.add(p.replace(/^(\/\w+)\//, '$1//'));
    out.add(`${p}/`);
    out.add(`${p}.`);
    out.add(`/.${p}`);
    out.add(`/x/..${p}`);
    for (const scheme of ['http', 'HTTP', 'https']) {
      out.add(`${scheme}://x${p}`);
      out.add(`${scheme}://127.0.0.1:${port}${p}`);
    }
  }
  out.add(path.toUpperCase());
  out.add(path.replace('api', 'API'));
  out.add(path.replace('api', 'Api'));
  return [...out];
}

test('the token guards every API route however the path is spelt: %-encoding, //, absolute-form, case', async () => {
  const s = await serve({ token: TOKEN });
  const auth = { authorization: `Bearer ${TOKEN}` };
  try {
    // Every route the OpenAPI document lists has a request above.
    const doc = (await raw(s.port, 'GET', '/openapi.json', auth)).body;
    for (const [p, methods] of Object.entries(doc.paths as Record<string, object>)) {
      const re = new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const m of Object.keys(methods))
        assert.ok(
          ROUTES.some(([rm, rp]) => rm === m.toUpperCase() && re.test(rp)),
          `${m} ${p} is probed`,
        );
    }
    const refused: string[] = [];
    for (const [method, path, body] of ROUTES) {
      for (const target of spellings(path, s.port)) {
        for (const m of method === 'GET' ? ['GET', 'HEAD'] : [method]) {
          const r = body === undefined ? await raw(s.port, m, target) : await json(s.port, m, target, body);
          assert.ok([400, 401, 404].includes(r.status), `${m} ${target} answered ${r.status} without a token`);
          if (r.status === 401) refused.push(`${m} ${target}`);
        }
      }
    }
    for (const t of [
      'GET /%61pi/health',
      'GET /a%70i/health',
      'POST /%61pi/overrides',
      'DELETE /%61pi/overrides/o-1',
      'GET /%61pi/export',
      'GET http://x/api/health',
      'GET /%6fpenapi.json',
    ]) {
      assert.ok(refused.includes(t), `${t} reaches its route and is refused there`);
    }
    assert.equal(await s.store.countArticles(), 0, 'no article got in');
    assert.deepEqual(await s.store.listOverrides(), [], 'no override got in');
    // With the token every route is reached (what each then says is its own business).
    for (const [method, path, body] of ROUTES) {
      const r =
        body === undefined ? await raw(s.port, method, path, auth) : await json(s.port, method, path, body, auth);
      assert.notEqual(r.status, 401, `${method} ${path}`);
    }
    assert.equal((await raw(s.port, 'GET', '/%61pi/health', auth)).status, 200);
  } finally {
    await s.close();
  }
});

test('without a token: requests for another host name (DNS rebinding) get 421; our own names are served', async () => {
  const s = await serve();
  try {
    for (const host of [
      'rebind.attacker.example',
      `rebind.attacker.example:${s.port}`,
      `localhost.:${s.port}`,
      '127.0.0.1:1',
      `127.0.0.1.attacker.example:${s.port}`,
      `user@127.0.0.1:${s.port}`,
    ]) {
      for (const path of ['/api/health', '/', '/openapi.json']) {
        const r = await raw(s.port, 'GET', path, { host });
        assert.equal(r.status, 421, `Host ${host} ${path}`);
        assert.equal(r.body.error, 'Misdirected Request');
        assert.match(r.body.message, /^Host /);
      }
    }
    for (const host of [`127.0.0.1:${s.port}`, `localhost:${s.port}`, `LOCALHOST:${s.port}`, `[::1]:${s.port}`])
      assert.equal((await raw(s.port, 'GET', '/api/health', { host })).status, 200, host);
    const abs = await raw(s.port, 'GET', `http://rebind.attacker.example:${s.port}/api/health`);
    assert.equal(abs.status, 421, 'an absolute-form target names the host too');
    assert.match(abs.body.message, /request target/);
    assert.equal((await raw(s.port, 'GET', `http://localhost:${s.port}/api/health`)).status, 200);
  } finally {
    await s.close();
  }
  // A name given to --host is ours too.
  const named = await serve({ hosts: ['triangulate.test'] });
  try {
    assert.equal((await raw(named.port, 'GET', '/api/health', { host: `triangulate.test:${named.port}` })).status, 200);
  } finally {
    await named.close();
  }
});

test('without a token: writes from other sites are refused; JSON clients and the UI keep working', async () => {
  const s = await serve();
  const self = `http://127.0.0.1:${s.port}`;
  const text = (headers: Record<string, string>) => raw(s.port, 'POST', '/api/articles', headers, TRUMP.text);
  try {
    // What a page elsewhere can send without a preflight: fetch(no-cors) or a <form>.
    const forms: Record<string, string>[] = [
      { 'content-type': 'text/plain', origin: 'http://evil.example' },
      { 'content-type': 'text/plain;charset=UTF-8', origin: 'null' },
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
      { 'content-type': 'application/json', origin: 'http://evil.example' },
      { 'content-type': 'application/json', origin: `https://127.0.0.1:${s.port}` },
      { 'content-type': 'application/json', origin: 'http://127.0.0.1:1' },
    ];
    for (const h of forms) {
      const r = await text(h);
      assert.equal(r.status, 403, JSON.stringify(h));
      assert.equal(r.body.error, 'Forbidden');
      assert.match(r.body.message, h.origin ? /origin/ : /X-Triangulate/);
    }
    const merge = { kind: 'merge', names: ['Donald Trump', 'John Kerry'] };
    assert.equal((await json(s.port, 'POST', '/api/overrides', merge, { origin: 'http://evil.example' })).status, 403);
    assert.equal(await s.store.countArticles(), 0, 'nothing was stored');
    assert.deepEqual(await s.store.listOverrides(), []);

    // curl-like clients (no Origin) with JSON, raw text with X-Triangulate, and the UI (same origin).
    assert.equal((await text({ 'content-type': 'text/plain', 'x-triangulate': '1' })).status, 200);
    assert.equal((await text({ 'content-type': 'text/plain', origin: self })).status, 200);
    const o = await json(s.port, 'POST', '/api/overrides', merge);
    assert.equal(o.status, 201, o.text);
    assert.equal(
      (await raw(s.port, 'DELETE', `/api/overrides/${o.body.override.id}`, { origin: 'http://evil.example' })).status,
      403,
    );
    assert.equal((await raw(s.port, 'DELETE', `/api/overrides/${o.body.override.id}`, { origin: self })).status, 200);
    assert.equal((await json(s.port, 'POST', '/api/articles', { ...TRUMP, text: `${TRUMP.text} More.` })).status, 200);
    assert.equal(await s.store.countArticles(), 2);
    // Reads are not writes: another origin's GET is answered (the browser keeps the body from it).
    assert.equal((await raw(s.port, 'GET', '/api/health', { origin: 'http://evil.example' })).status, 200);
  } finally {
    await s.close();
  }
});

test('a 5xx is logged as one JSON line with the request id that the response carries', async () => {
  const lines: string[] = [];
  const base = await SqliteStore.open(':memory:');
  // A store whose count fails, as a broken disk would make it.
  const broken = new Proxy(base, {
    get(t, k) {
      if (k === 'countArticles') return async () => Promise.reject(new Error('disk on fire'));
      const v = Reflect.get(t, k, t);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
  const s = await serve({ store: broken, logger: { stream: { write: (l: string) => lines.push(l) } } });
  try {
    const r = await raw(s.port, 'GET', '/api/health');
    assert.equal(r.status, 500);
    assert.equal(r.body.message, 'internal error', 'the cause stays in the log');
    assert.match(r.body.requestId, /^[0-9a-f-]{36}$/);
    assert.equal(r.headers['x-request-id'], r.body.requestId);
    const entries = lines.map((l) => JSON.parse(l));
    const entry = entries.find((e) => e.reqId === r.body.requestId);
    assert.ok(entry, lines.join(''));
    assert.equal(entry.level, 50);
    assert.equal(entry.statusCode, 500);
    assert.equal(entry.err.message, 'disk on fire');
    assert.match(entry.err.stack, /disk on fire/);
    assert.equal(entries.length, 1, 'one line per failure');
    // 2xx and 4xx leave no line but carry an id too.
    const ok = await raw(s.port, 'GET', '/api/stories');
    assert.equal(ok.status, 200);
    assert.match(String(ok.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    assert.notEqual(ok.headers['x-request-id'], r.body.requestId);
    assert.equal((await raw(s.port, 'GET', '/api/stories?limit=500')).status, 400);
    assert.equal(lines.length, 1);
  } finally {
    await s.close();
  }
});

test('story filters take real calendar dates only; the error names the parameter', async () => {
  const s = await serve();
  try {
    for (const [q, name] of [
      ['from=0000-00-00', 'from'],
      ['to=2020-13-45', 'to'],
      ['from=2021-02-29', 'from'],
      ['to=2020-04-31', 'to'],
    ]) {
      const r = await raw(s.port, 'GET', `/api/stories?${q}`);
      assert.equal(r.status, 400, q);
      assert.match(r.body.message, new RegExp(`querystring/${name}`), q);
    }
    for (const q of ['from=2020-02-29', 'to=2021-12-31'])
      assert.equal((await raw(s.port, 'GET', `/api/stories?${q}`)).status, 200, q);
  } finally {
    await s.close();
  }
});

test('CSV cells a spreadsheet would run as formulas are quoted, full-width and small forms included', () => {
  const rec = (text: string): ExportRecord => ({
    story: 's-1',
    kind: 'quote',
    id: 'q-1',
    text,
    date: null,
    sources: null,
    citations: [],
  });
  const cellOf = (text: string) =>
    csvRows([rec(text)])
      .split(',')
      .slice(3, -3)
      .join(',')
      .replace(/^"|"$/g, '');
  for (const f of [
    '＝HYPERLINK("http://evil.example","x")',
    '=1+1',
    '＋1',
    '－1',
    '＠SUM(A1)',
    '﹦1',
    '﹢1',
    '﹣1',
    '−1',
    '\t=1',
    '\r=1',
    '+1',
    '-1',
    '@x',
  ]) {
    assert.ok(cellOf(f).startsWith("'"), JSON.stringify(f));
  }
  for (const t of ['Hello', '1,000 protesters', '“=” is a sign', 'A = B']) assert.ok(!cellOf(t).startsWith("'"), t);
});

test('reads are answered while a POSTed batch is analysed: in a worker thread, with the same results', async () => {
  const s = await serve();
  // Eight distinct articles (each example with a line of its own), about 0.1–0.3 s of analysis each.
  const texts = readdirSync(EXAMPLE)
    .sort()
    .map((f) => readFileSync(join(EXAMPLE, f), 'utf8'));
  const batch = Array.from({ length: 8 }, (_, i) => ({
    text: `${texts[i % texts.length]}\n\nReprint ${i}.`,
    date: '2020-01-06',
    outlet: `Outlet ${i}`,
  }));
  try {
    let done = false;
    const t0 = performance.now();
    const post = json(s.port, 'POST', '/api/articles', batch).then((r) => ((done = true), r));
    const during: number[] = [];
    while (!done) {
      const t = performance.now();
      const h = await raw(s.port, 'GET', '/api/health');
      assert.equal(h.status, 200);
      if (!done) during.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
    const r = await post;
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.added, 8);
    const took = performance.now() - t0;
    const slowest = Math.max(...during);
    process.stderr.write(
      `# POST of 8: ${took.toFixed(0)} ms; ${during.length} reads meanwhile, slowest ${slowest.toFixed(0)} ms\n`,
    );
    assert.ok(during.length >= 3, `only ${during.length} reads answered during the ${took.toFixed(0)} ms POST`);
    // The worker's analyses and briefs are the ones this thread would make.
    for (const id of r.body.articleIds.slice(0, 3)) {
      const article = (await s.store.getArticle(id))!;
      assert.deepEqual(await s.store.getAnalysis(id), analyzeArticle(article));
    }
    for (const id of r.body.storyIds) assert.deepEqual(await s.store.getBrief(id), await buildBrief(s.store, id));
  } finally {
    await s.close();
  }
});

test('a failure in the analysis worker rejects only its own job; the worker goes on', async () => {
  const w = analysisWorker();
  try {
    await assert.rejects(w.analyse({ id: 'x' } as Article), (e: Error) => e instanceof Error && e.message.length > 0);
    const { article } = analysed('Qasem Soleimani was killed in Baghdad on Friday, officials said.');
    assert.deepEqual(await w.analyse(article), analyzeArticle(article));
  } finally {
    await w.close();
  }
});

test('a failed input of an ingest is logged as one JSON line with the request id', async () => {
  const lines: string[] = [];
  const s = await serve({ logger: { stream: { write: (l: string) => lines.push(l) } } });
  try {
    const body = [TRUMP, { text: '' }];
    const r = await fetch(`http://127.0.0.1:${s.port}/api/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(r.status, 200);
    const out = (await r.json()) as { errors: { input: string; reason: string }[] };
    assert.equal(out.errors.length, 1);
    const entries = lines.map((l) => JSON.parse(l));
    assert.equal(entries.length, 1, lines.join(''));
    assert.equal(entries[0].reqId, r.headers.get('x-request-id'));
    assert.equal(entries[0].input, out.errors[0].input);
    assert.equal(entries[0].msg, 'ingest failure');
  } finally {
    await s.close();
  }
});
