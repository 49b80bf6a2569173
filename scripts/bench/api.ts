import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { StoryBrief } from '../../src/model.js';
import { ingest } from '../../src/pipeline.js';
import { fixedRate } from './load.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { shortHash } from '../../src/util/hash.js';

// API latency with a realistic store: the example story's five analysed articles are
// copied (each copy is a new article: distinct text, id, analysis and brief) until the
// store holds --articles articles; a loopback server in its own process then serves
// story pages at a fixed rate while autocannon records latency.

const ROOT = new URL('../../../', import.meta.url).pathname;

async function buildStore(path: string, articles: number): Promise<string[]> {
  const store = await SqliteStore.open(path);
  const seed = await ingest(store, [join(ROOT, 'examples/pakistan-soleimani')]);
  const brief = (await store.getBrief(seed.storyIds[0]))!;
  const originals = await Promise.all(
    brief.articles.map(async (a) => ({
      article: (await store.getArticle(a.id))!,
      analysis: (await store.getAnalysis(a.id))!,
    })),
  );
  const storyIds = [brief.id];
  const briefJson = JSON.stringify(brief);
  for (let s = 1; storyIds.length * originals.length < articles; s++) {
    const storyId = `s-${shortHash(`bench-story-${s}`, 12)}`;
    const idMap = new Map<string, string>();
    for (const { article, analysis } of originals) {
      // Appending a line changes the id; every offset into the text stays valid.
      const text = `${article.text}\n\nBench copy ${s}.`;
      const id = shortHash(text);
      idMap.set(article.id, id);
      await store.saveArticle(
        { ...article, id, text, input: `bench/${s}/${article.input}` },
        { ...analysis, articleId: id },
        {
          state: { id: storyId, size: originals.length, centroid: new Map([[`bench${s}`, 1]]) },
          score: 1,
          terms: [`bench${s}`],
        },
      );
    }
    let json = briefJson;
    for (const [from, to] of idMap) json = json.split(from).join(to);
    const copy = JSON.parse(json) as StoryBrief;
    copy.id = storyId;
    copy.headline = `${brief.headline} (${s})`;
    await store.saveBrief(copy);
    storyIds.push(storyId);
  }
  await store.close();
  return storyIds;
}

async function storyIdsOf(db: string): Promise<string[]> {
  const store = await SqliteStore.open(db);
  const page = await store.listStories({ limit: 1000000, offset: 0 });
  await store.close();
  return page.items.map((s) => s.id).sort();
}

function startServer(db: string): Promise<{ url: string; stop: () => void; pid: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/triangulate.js'), 'serve', '--db', db, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const m = /serving (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => child.kill('SIGTERM'), pid: child.pid! });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** Closed-loop maximum: `connections` clients, each sending its next request when the last returns. */
function maxThroughput(url: string, paths: string[], seconds: number): Promise<autocannon.Result> {
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: 10,
        duration: seconds,
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

export async function benchApi(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      articles: { type: 'string', default: '10000' },
      rate: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '20' },
      keep: { type: 'string' },
    },
  });
  const articles = Number(values.articles);
  // --keep <dir> keeps the built store there and reuses it next time.
  const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'triangulate-bench-'));
  mkdirSync(dir, { recursive: true });
  const db = join(dir, `bench-${articles}.db`);
  const t0 = Date.now();
  const ids = existsSync(db) ? await storyIdsOf(db) : await buildStore(db, articles);
  process.stderr.write(
    `store: ${ids.length * 5} articles, ${ids.length} stories, ${(statSync(db).size / 1048576).toFixed(0)} MB, built in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`,
  );
  const server = await startServer(db);
  // A fixed pseudo-random order of story pages, so runs are comparable.
  const order = ids.map((id, k) => ({ id, k: shortHash(`${k}`) })).sort((a, b) => (a.k < b.k ? -1 : 1));
  const scenarios: [string, string[]][] = [
    ['story page JSON (GET /api/stories/:id)', order.map((x) => `/api/stories/${x.id}`)],
    [
      'story list, search (GET /api/stories?q=&entity=)',
      order.map((_, k) => `/api/stories?q=soleimani&entity=bajwa&offset=${(k * 20) % 1000}&limit=20`),
    ],
  ];
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const rows: string[] = [];
  try {
    await fixedRate(server.url, scenarios[0][1].slice(0, 200), 50, 2); // warm-up
    for (const [label, paths] of scenarios) {
      const r = await fixedRate(server.url, paths, rate, seconds);
      const max = await maxThroughput(server.url, paths, Math.min(10, seconds));
      rows.push(
        `| ${label} | ${articles.toLocaleString('en')} | ${rate} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${r.failed} | ${max.requests.average.toFixed(0)} |`,
      );
      process.stderr.write(
        `${label}: p50 ${r.p50} ms, p99 ${r.p99} ms at ${rate} req/s (${r.failed} failed); closed-loop max ${max.requests.average.toFixed(0)} req/s\n`,
      );
    }
  } finally {
    server.stop();
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(
    `\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}\n\n| scenario | stored articles | fixed rate, req/s | p50 ms | p90 ms | p99 ms | max ms | failed | max req/s (autocannon, 10 connections) |\n|---|---|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`,
  );
}
