import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadEcb, shuffled } from '../src/eval/cluster.js';
import { readConll } from '../src/eval/conll.js';
import { parseCluster } from '../src/eval/summary.js';
import { ingest } from '../src/pipeline.js';
import { openStore } from '../src/store/open.js';

// `npm run soak`: every real news text in ../shared/data (and examples/) as JSONL streams, ingested
// through the whole pipeline into SQLite and PostgreSQL, in file order and shuffled. Each run is a
// child process (a crash or an out-of-memory kills the run, not the soak): `--via cli` spawns
// `bin/triangulate.js ingest` as a user would; `--via api` (default) runs the same pipeline `ingest`
// the CLI calls, so it can time article analysis and placement apart from story analysis (briefs).

const ROOT = new URL('../../', import.meta.url).pathname;
export const DATA = join(ROOT, '../shared/data');
const EXAMPLES = join(ROOT, 'examples');
const CLI = join(ROOT, 'bin/triangulate.js');
const SELF = new URL(import.meta.url).pathname;
const PG_ADMIN = process.env.TRIANGULATE_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Texts shorter than this are not news articles (NeuS leads can be one line); skipped, not failed. */
const MIN_CHARS = 100;

export const CORPORA = ['conll', 'ecb', 'polnear', 'neus', 'example'] as const;
export type Corpus = (typeof CORPORA)[number];

/** One stream line: the fields a JSONL news dump carries. */
export interface SoakArticle {
  corpus: Corpus;
  name: string;
  title: string | null;
  text: string;
  outlet: string | null;
  date: string | null;
  byline: string | null;
}

/** Space-joined tokens (CoNLL, ECB+) back to running text: no space before closing punctuation. */
export function detokenise(s: string): string {
  return s
    .replace(/ ([.,;:!?%)\]}]|'s|n't|'re|'ve|'ll|'d|'m)(?= |$)/g, '$1')
    .replace(/([([{$]) /g, '$1')
    .replace(/" ([^"]*?) "/g, '"$1"');
}

const article = (corpus: Corpus, name: string, text: string, more: Partial<SoakArticle> = {}): SoakArticle => ({
  corpus,
  name,
  title: null,
  text,
  outlet: null,
  date: null,
  byline: null,
  ...more,
});

const DATELINE = /^\d{4}-\d\d-\d\d$/;
const isDateline = (t: string[]) =>
  t.length >= 2 && DATELINE.test(t[t.length - 1]) && t.slice(0, -1).every((w) => /^[A-Z,.'-]/.test(w));
/** A byline sentence: a short name, not a headline (no closing full stop). */
const isByline = (t: string[]) => t.length <= 3 && t[t.length - 1] !== '.';

/**
 * CoNLL-2003 train then dev. This copy lost its -DOCSTART- lines, so a document starts at the
 * headline before each dateline ("BRUSSELS 1996-08-22"), or before a byline and a dateline.
 * The headline is the title, the dateline's date the date; text is rebuilt from tokens.
 */
function conll(): SoakArticle[] {
  const out: SoakArticle[] = [];
  for (const split of ['train', 'dev']) {
    const sents = readConll(join(DATA, `ner/${split}.conll`)).map((s) => s.tokens);
    const starts: number[] = [];
    sents.forEach((t, i) => {
      if (!isDateline(t)) return;
      const start = i >= 2 && isByline(sents[i - 1]) ? i - 2 : i - 1;
      if (start > (starts[starts.length - 1] ?? -1)) starts.push(start);
    });
    starts.forEach((s, k) => {
      const doc = sents.slice(s, starts[k + 1] ?? sents.length).map((t) => detokenise(t.join(' ')));
      const date = /\b(?:19|20)\d\d-\d\d-\d\d\b/.exec(doc.slice(0, 3).join(' '))?.[0] ?? null;
      out.push(article('conll', `${split}#${k}`, doc.slice(1).join('\n\n'), { title: doc[0], date }));
    });
  }
  return out;
}

function ecb(): SoakArticle[] {
  return loadEcb(join(DATA, 'coref/ecbplus')).map((d) =>
    article('ecb', d.name, d.text.split('\n\n').map(detokenise).join('\n\n')),
  );
}

/** PolNeAR train then dev, with publisher, date, author and title from metadata.tsv. */
function polnear(): SoakArticle[] {
  const [head, ...rows] = readFileSync(join(DATA, 'quotes/metadata.tsv'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));
  const col = (r: string[], k: string) =>
    r[head.indexOf(k)] && r[head.indexOf(k)] !== 'None' ? r[head.indexOf(k)] : null;
  const meta = new Map(rows.map((r) => [col(r, 'filename'), r]));
  const out: SoakArticle[] = [];
  for (const split of ['train', 'dev']) {
    const dir = join(DATA, `quotes/${split}/text`);
    for (const f of readdirSync(dir)
      .filter((x) => x.endsWith('.txt'))
      .sort()) {
      const m = meta.get(f.slice(0, -4));
      const text = readFileSync(join(dir, f), 'utf8');
      out.push(
        article(
          'polnear',
          `${split}/${f}`,
          text,
          m
            ? {
                title: col(m, 'title'),
                outlet: col(m, 'publisher'),
                date: col(m, 'publication_date'),
                byline: col(m, 'author'),
              }
            : {},
        ),
      );
    }
  }
  return out;
}

/** NeuS train then val: each roundup's three leads, one article each. */
function neus(): SoakArticle[] {
  const out: SoakArticle[] = [];
  for (const split of ['train', 'val']) {
    readFileSync(join(DATA, `summary/${split}.source`), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim())
          parseCluster(line).forEach((d, j) =>
            out.push(article('neus', `${split}:${i + 1}#${j}`, d.text, { title: d.title || null })),
          );
      });
  }
  return out;
}

/** The example corpora as files hold them (source URL line, date header: the text reader's job). */
function examples(): SoakArticle[] {
  const out: SoakArticle[] = [];
  for (const dir of readdirSync(EXAMPLES).sort()) {
    for (const f of readdirSync(join(EXAMPLES, dir))
      .filter((x) => x.endsWith('.txt'))
      .sort()) {
      out.push(article('example', `${dir}/${f}`, readFileSync(join(EXAMPLES, dir, f), 'utf8')));
    }
  }
  return out;
}

const LOADERS: Record<Corpus, () => SoakArticle[]> = { conll, ecb, polnear, neus, example: examples };

/** A corpus in file order, without texts too short to be articles. */
export function loadCorpus(c: Corpus): { articles: SoakArticle[]; skipped: number } {
  const all = LOADERS[c]();
  const articles = all.filter((a) => a.text.trim().length >= MIN_CHARS);
  return { articles, skipped: all.length - articles.length };
}

export interface StreamOptions {
  /** At most this many articles per corpus: the first in file order. */
  limit?: number;
  order: 'file' | 'shuffled';
  seed: number;
}

/** The first `limit` articles of each corpus, concatenated, then shuffled if asked (seeded, so deterministic). */
export function buildStream(corpora: Corpus[], o: StreamOptions): SoakArticle[] {
  const picked = corpora.flatMap((c) => loadCorpus(c).articles.slice(0, o.limit ?? Infinity));
  return o.order === 'shuffled' ? shuffled(picked, o.seed) : picked;
}

export function toJsonl(stream: SoakArticle[]): string {
  return (
    stream
      .map((a) => JSON.stringify({ title: a.title, text: a.text, outlet: a.outlet, date: a.date, byline: a.byline }))
      .join('\n') + '\n'
  );
}

// --- running -----------------------------------------------------------------------------

export interface RunResult {
  code: number | null;
  signal: string | null;
  stderr: string[];
  stdout: string;
  seconds: number;
}

/** Run node with args; never throws, whatever the child does. */
export function runNode(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code, signal) =>
      resolve({
        code,
        signal,
        stdout: out,
        stderr: err.split('\n').filter(Boolean),
        seconds: (performance.now() - t0) / 1000,
      }),
    );
  });
}

/** A fresh PostgreSQL database with a unique name; `drop` removes it. */
export async function freshPostgres(tag: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `soak_${tag}_${process.pid}_${Date.now().toString(36)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client(PG_ADMIN);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const drop = async () => {
    const c = new pg.Client(PG_ADMIN);
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await c.end();
    }
  };
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop };
}

/** `--child <jsonl> <db>`: the CLI's ingest through the pipeline API, timed by stage; prints one JSON line. */
async function child(file: string, db: string): Promise<number> {
  const t0 = performance.now();
  let placed = 0;
  const store = await openStore(db);
  try {
    const r = await ingest(store, [file], {
      onProgress: (p) => {
        if (p.done === p.total) placed = performance.now();
      },
    });
    const t1 = performance.now();
    for (const e of r.errors) process.stderr.write(`triangulate: ${e.input}: ${e.reason}\n`);
    const cpu = process.cpuUsage();
    const stages = { articles: (placed - t0) / 1000, briefs: (t1 - placed) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
    process.stdout.write(
      `${JSON.stringify({ added: r.added, stories: r.storyIds.length, errors: r.errors.length, stages })}\n`,
    );
    return r.errors.length ? 2 : 0;
  } finally {
    await store.close();
  }
}

export interface SoakRow {
  corpus: string;
  store: 'sqlite' | 'postgres';
  order: string;
  articles: number;
  added: number | null;
  stories: number | null;
  largest: number | null;
  seconds: number;
  perSecond: number;
  /** Wall seconds placing articles (read, analyse, assign, store) and building briefs; CPU seconds of the whole run. */
  stages: { articles: number; briefs: number; cpu: number } | null;
  code: number | null;
  failures: string[];
}

/** Ingest one stream into one store and list its stories with the CLI. */
export async function soakOne(
  stream: SoakArticle[],
  label: string,
  store: 'sqlite' | 'postgres',
  order: string,
  via: 'api' | 'cli',
): Promise<SoakRow> {
  const dir = mkdtempSync(join(tmpdir(), 'triangulate-soak-'));
  const file = join(dir, `${label}-${order}.jsonl`);
  writeFileSync(file, toJsonl(stream));
  const pgdb = store === 'postgres' ? await freshPostgres(label) : null;
  const db = pgdb?.url ?? join(dir, 'soak.db');
  try {
    const run = await runNode(via === 'cli' ? [CLI, 'ingest', file, '--db', db] : [SELF, '--child', file, db]);
    const info = via === 'api' ? parseLast(run.stdout) : null;
    const added = info?.added ?? Number(/^(\d+) new article/m.exec(run.stdout)?.[1] ?? NaN);
    const list = await runNode([CLI, 'stories', '--db', db, '--format', 'json']);
    const stories = list.code === 0 ? (JSON.parse(list.stdout) as { articles: number }[]) : null;
    const failures = [
      ...run.stderr,
      ...(run.signal ? [`killed by ${run.signal}`] : []),
      ...list.stderr.map((l) => `stories: ${l}`),
    ];
    return {
      corpus: label,
      store,
      order,
      articles: stream.length,
      added: Number.isNaN(added) ? null : added,
      stories: stories?.length ?? null,
      largest: stories ? Math.max(0, ...stories.map((s) => s.articles)) : null,
      seconds: round(run.seconds),
      perSecond: round(stream.length / run.seconds),
      stages: info?.stages
        ? { articles: round(info.stages.articles), briefs: round(info.stages.briefs), cpu: round(info.stages.cpu) }
        : null,
      code: run.code,
      failures,
    };
  } finally {
    await pgdb?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

function parseLast(
  stdout: string,
): { added: number; stages: { articles: number; briefs: number; cpu: number } } | null {
  const line = stdout.trim().split('\n').pop();
  try {
    return line ? JSON.parse(line) : null;
  } catch {
    return null;
  }
}

function row(r: SoakRow): string {
  const stages = r.stages ? `${r.stages.articles} / ${r.stages.briefs} | ${r.stages.cpu}` : '– | –';
  const cells = [r.corpus, r.store, r.order, r.articles, r.stories ?? '?', r.largest ?? '?', r.seconds, r.perSecond];
  return `| ${cells.join(' | ')} | ${stages} | ${r.code} | ${r.failures.length} |`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpora: { type: 'string', default: CORPORA.join(',') },
      limit: { type: 'string' },
      order: { type: 'string', default: 'file,shuffled' },
      seed: { type: 'string', default: '1' },
      db: { type: 'string', default: 'sqlite' },
      via: { type: 'string', default: 'api' },
      mix: { type: 'boolean', default: false },
    },
  });
  const corpora = values.corpora.split(',').map((c) => c.trim()) as Corpus[];
  const bad = corpora.find((c) => !CORPORA.includes(c));
  if (bad) throw new Error(`unknown corpus ${bad} (expected some of ${CORPORA.join(', ')})`);
  const stores = (values.db === 'both' ? ['sqlite', 'postgres'] : [values.db]) as ('sqlite' | 'postgres')[];
  const orders = values.order.split(',') as ('file' | 'shuffled')[];
  const limit = values.limit ? Number(values.limit) : undefined;
  const seed = Number(values.seed);
  const via = values.via as 'api' | 'cli';
  const groups = values.mix ? [corpora] : corpora.map((c) => [c]);
  process.stdout.write(
    `soak: corpora ${corpora.join(',')}${limit ? `, first ${limit} each` : ', all'}, seed ${seed}, via ${via}\n\n`,
  );
  process.stdout.write(
    '| corpus | store | order | articles | stories | largest | s | articles/s | articles s / briefs s | CPU s | exit ' +
      '| failures |\n' +
      `${'|---'.repeat(12)}|\n`,
  );
  const rows: SoakRow[] = [];
  for (const g of groups) {
    for (const order of orders) {
      const stream = buildStream(g, { limit, order, seed });
      for (const store of stores) {
        const r = await soakOne(stream, g.join('+'), store, order, via);
        rows.push(r);
        process.stdout.write(`${row(r)}\n`);
      }
    }
  }
  for (const r of rows)
    for (const f of r.failures.slice(0, 20)) process.stdout.write(`${r.corpus} ${r.store} ${r.order}: ${f}\n`);
  if (rows.some((r) => r.code !== 0 || r.failures.length)) process.exitCode = 2;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  if (process.argv[2] === '--child') process.exitCode = await child(process.argv[3], process.argv[4]);
  else await main();
}
