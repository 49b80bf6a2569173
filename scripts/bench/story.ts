import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeArticle } from '../../src/article/analyze.js';
import { readContent } from '../../src/ingest/index.js';
import type { Article, ArticleAnalysis } from '../../src/model.js';
import { ingestSources, type Source } from '../../src/pipeline.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { analyzeStoryFolded, parseState, serialiseState } from '../../src/story/incremental.js';

// Story analysis of one big story. The story is n near-copies of the example articles
// (copy k of example k mod 5, with one of its longer paragraphs dropped and one unique
// line added), analysed per article beforehand (not timed). Timed, in a fresh process
// per size, CPU seconds (user + system): a full brief of n articles (every article folded
// into a fresh state, story/incremental.ts) with its JSON; then adding 10 articles to the
// n-article story's stored state (parsed from its JSON, the 10 folded in, brief and state
// JSON written). `same` checks the update's brief is byte for byte a full brief of n + 10.
// With --store, the same 10 are also added through a SQLite store holding the n (ingest CPU).

const ROOT = new URL('../../../', import.meta.url).pathname;
const SYLLABLES = ['ka', 'ro', 'mi', 'tan', 'sel', 'dor', 'vi', 'lum', 'pa', 'zen', 'qu', 'bar'];

/** A made-up word unique to k (base-12 syllables), so each copy's added line is its own. */
const word = (k: number) => {
  let s = '';
  do {
    s += SYLLABLES[k % SYLLABLES.length];
    k = Math.floor(k / SYLLABLES.length);
  } while (k > 0);
  return s[0].toUpperCase() + s.slice(1);
};

function copies(n: number): Article[] {
  const dir = join(ROOT, 'examples/pakistan-soleimani');
  const files = readdirSync(dir)
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
  const out: Article[] = [];
  for (let k = 0; k < n; k++) {
    const { name, text } = files[k % files.length];
    const lines = text.split('\n');
    // Droppable: prose paragraphs after the first two lines (title, date header, lead stay).
    const long = lines.map((l, i) => ({ l, i })).filter(({ l, i }) => i >= 2 && l.split(/\s+/).length >= 20);
    const drop = long.length ? long[Math.floor(k / files.length) % long.length].i : -1;
    const kept = lines.filter((_, i) => i !== drop);
    kept.push('', `Reporting by ${word(k)} ${word(k * 7 + 3)} in ${word(k * 13 + 5)}; editing by ${word(k * 3 + 1)}.`);
    const r = readContent(`copy-${k}-${name}`, kept.join('\n'), 'text', '2020-01-06');
    out.push(...r.articles);
  }
  return out;
}

function timed<T>(f: () => T): { value: T; cpu: number } {
  const t0 = process.cpuUsage();
  const value = f();
  const d = process.cpuUsage(t0);
  return { value, cpu: (d.user + d.system) / 1e6 };
}

/**
 * Through a SQLite store (--store): ingest the n articles (analyses given, not timed), then
 * time the ingest of the 10 more: placing, the state folded, the brief and its parts written.
 */
async function throughStore(items: Item[], n: number): Promise<{ storePlus10: number; storyArticles: number }> {
  const store = await SqliteStore.open(join(mkdtempSync(join(tmpdir(), 'bench-story-')), 'bench.db'));
  const analyses = new Map(items.map((x) => [x.article.id, x.analysis]));
  const opts = { analyse: async (a: Article) => analyses.get(a.id)! };
  const sources = (xs: Item[]): Source[] =>
    xs.map((x) => ({ name: x.article.input, read: () => ({ articles: [x.article], errors: [] }) }));
  await ingestSources(store, sources(items.slice(0, n)), opts);
  const t0 = process.cpuUsage();
  const r = await ingestSources(store, sources(items.slice(n)), opts);
  const d = process.cpuUsage(t0);
  const sizes = await Promise.all(r.storyIds.map(async (id) => (await store.storyArticles(id)).length));
  await store.close();
  return { storePlus10: (d.user + d.system) / 1e6, storyArticles: Math.max(...sizes) };
}

type Item = { article: Article; analysis: ArticleAnalysis };

/** One size, in this process: prints a JSON line. */
async function child(n: number, withStore: boolean): Promise<void> {
  const items: { article: Article; analysis: ArticleAnalysis }[] = copies(n + 10).map((article) => ({
    article,
    analysis: analyzeArticle(article),
  }));
  const first = items.slice(0, n);
  const full = timed(() => {
    const { brief, state } = analyzeStoryFolded('s-bench', first);
    return { json: JSON.stringify({ stories: [brief] }), state: serialiseState(state) };
  });
  const plus = timed(() => {
    const { brief, state } = analyzeStoryFolded('s-bench', items.slice(n), {}, parseState(full.value.state), first);
    return { json: JSON.stringify({ stories: [brief] }), state: serialiseState(state) };
  });
  const same = plus.value.json === JSON.stringify({ stories: [analyzeStoryFolded('s-bench', items).brief] });
  const stored = withStore ? await throughStore(items, n) : {};
  const rss = process.resourceUsage().maxRSS * 1024;
  if (process.env.BENCH_PARTS) {
    const b = JSON.parse(full.value.json).stories[0];
    for (const k of Object.keys(b)) process.stderr.write(`${k} ${JSON.stringify(b[k]).length}\n`);
  }
  process.stdout.write(
    `${JSON.stringify({ n, cpu: full.cpu, cpuPlus10: plus.cpu, same, bytes: Buffer.byteLength(full.value.json), stateBytes: Buffer.byteLength(full.value.state), rss, ...stored })}\n`,
  );
}

export async function benchStory(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '25,100,400' },
      child: { type: 'string' },
      store: { type: 'boolean', default: false },
    },
  });
  if (values.child) return child(Number(values.child), values.store!);
  const script = new URL('../bench.js', import.meta.url).pathname;
  const rows = [];
  for (const n of values.sizes!.split(',').map(Number)) {
    const args = [script, 'story', '--child', String(n), ...(values.store ? ['--store'] : [])];
    const out = execFileSync(process.execPath, args, {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const r = JSON.parse(out.trim().split('\n').pop()!);
    rows.push(r);
    process.stderr.write(`${JSON.stringify(r)}\n`);
  }
  const mb = (b: number) => (b / 1048576).toFixed(2);
  process.stdout.write(
    '\n| articles | full brief, CPU s | ms per article | add 10, CPU s | same bytes | add 10 via SQLite (--store), CPU s | brief JSON, MB | state JSON, MB | peak RSS, MB |\n|---|---|---|---|---|---|---|---|---|\n',
  );
  for (const r of rows)
    process.stdout.write(
      `| ${r.n} | ${r.cpu.toFixed(2)} | ${((r.cpu / r.n) * 1000).toFixed(1)} | ${r.cpuPlus10.toFixed(2)} | ${r.same} | ${r.storePlus10?.toFixed(2) ?? '—'} | ${mb(r.bytes)} | ${mb(r.stateBytes)} | ${mb(r.rss)} |\n`,
    );
}
