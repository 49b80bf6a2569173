import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadEcb } from '../../src/eval/cluster.js';
import { openStore } from '../../src/store/open.js';

// The queue under `kill -9`: --articles real news articles (PolNeAR's train and dev articles
// with their publisher and date, in date order, then ECB+ documents) queued in a fresh
// PostgreSQL database and added by --workers `worker` processes; every --every seconds or so
// the store's writer, if one is placing articles or rebuilding briefs, is killed (SIGKILL)
// and replaced at once. At the end every article must
// be placed once, every story must have a brief, and the stories and briefs must equal,
// byte for byte, those one `ingest` process builds from the same files.

const ROOT = new URL('../../../', import.meta.url).pathname;
const DATA = join(ROOT, '../shared/data');
const SERVER = process.env.TRIANGULATE_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The articles as one JSONL file each, named in stream order. */
function writeArticles(dir: string, n: number): void {
  const meta = readFileSync(join(DATA, 'quotes/metadata.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'));
  const polnear = meta
    .filter(([part]) => part === 'train' || part === 'dev')
    .map(([part, file, , , publisher, date, , title]) => ({
      path: join(DATA, 'quotes', part, 'text', `${file}.txt`),
      publisher,
      date,
      title,
    }))
    .filter((a) => existsSync(a.path))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.path < b.path ? -1 : 1))
    .map((a) => ({ title: a.title, outlet: a.publisher, publishedAt: a.date, text: readFileSync(a.path, 'utf8') }));
  const ecb = polnear.length < n ? loadEcb(join(DATA, 'coref/ecbplus')).map((d) => ({ text: d.text })) : [];
  [...polnear, ...ecb]
    .slice(0, n)
    .forEach((a, i) => writeFileSync(join(dir, `${String(i).padStart(5, '0')}.jsonl`), `${JSON.stringify(a)}\n`));
}

const cli = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawn(process.execPath, [join(ROOT, 'bin/triangulate.js'), ...args], { stdio: ['ignore', 'ignore', 'inherit'], env });

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    cli(args).once('exit', (code) =>
      code === 0 || code === 2 ? resolve() : reject(new Error(`triangulate ${args[0]} exited with ${code}`)),
    ),
  );
}

async function one<R extends Record<string, unknown>>(url: string, q: string): Promise<R> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(q)).rows[0] as R;
  } finally {
    await c.end();
  }
}

/** Every story as listed (with its articles) and every brief, as text to compare byte for byte. */
async function contents(url: string): Promise<{ stories: string; briefs: string }> {
  const s = await openStore(url);
  try {
    const stories: unknown[] = [];
    for await (const page of s.storyPages({}, 500)) stories.push(...page);
    const briefs: unknown[] = [];
    for await (const page of s.briefPages(200)) briefs.push(...page);
    return { stories: JSON.stringify(stories), briefs: JSON.stringify(briefs) };
  } finally {
    await s.close();
  }
}

/** Keep `count` workers running until the queue is done, killing one every few seconds; returns what each kill hit. */
async function faultyWorkers(url: string, count: number, every: number): Promise<Record<string, number>> {
  const live = new Set<ChildProcess>();
  const start = () => {
    const w = cli(['worker', '--db', url, '--until-empty', '--stalled-after', '2']);
    live.add(w);
    w.once('exit', () => live.delete(w));
  };
  for (let i = 0; i < count; i++) start();
  const hits: Record<string, number> = { placing: 0, rebuilding: 0 };
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
  while (live.size) {
    await new Promise((r) => setTimeout(r, every * 1000 * (0.5 + next())));
    const state = await one<{ pid: number | null; ready: boolean | null; left: string }>(
      url,
      `SELECT (SELECT pid FROM writer) pid, (SELECT analysis IS NOT NULL OR error IS NOT NULL FROM queued ORDER BY seq LIMIT 1) ready, (SELECT count(*) FROM queued) + (SELECT count(*) FROM stale_briefs) left`,
    );
    if (Number(state.left) === 0) break;
    // Only the writer: killing workers mid-analysis on a loaded machine can stop all progress.
    const victim = [...live].find((w) => w.pid === state.pid);
    if (!victim) continue;
    hits[state.ready ? 'placing' : 'rebuilding']++;
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    start();
  }
  while (live.size) await new Promise((r) => setTimeout(r, 200));
  // Workers that all found the queue busy may leave work if the last was killed: finish it.
  if (
    Number(
      (
        await one<{ left: string }>(
          url,
          'SELECT (SELECT count(*) FROM queued) + (SELECT count(*) FROM stale_briefs) left',
        )
      ).left,
    )
  )
    await run(['worker', '--db', url, '--until-empty', '--stalled-after', '2']);
  return hits;
}

export async function benchFault(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      articles: { type: 'string', default: '2000' },
      workers: { type: 'string', default: '3' },
      every: { type: 'string', default: '3' },
    },
  });
  const n = Number(values.articles);
  const dir = mkdtempSync(join(tmpdir(), 'triangulate-bench-fault-'));
  writeArticles(dir, n);
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const names = [`triangulate_bench_fault_ingest_${process.pid}`, `triangulate_bench_fault_queue_${process.pid}`];
  const [ref, url] = await Promise.all(
    names.map(async (name) => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      const u = new URL(SERVER);
      u.pathname = `/${name}`;
      return u.toString();
    }),
  );
  try {
    let t0 = performance.now();
    await run(['ingest', dir, '--db', ref]);
    const ingestS = (performance.now() - t0) / 1000;
    t0 = performance.now();
    await run(['enqueue', dir, '--db', url]);
    const hits = await faultyWorkers(url, Number(values.workers), Number(values.every));
    const queueS = (performance.now() - t0) / 1000;
    const count = `SELECT (SELECT count(*) FROM articles) articles, (SELECT count(DISTINCT article_id) FROM story_articles) placed, (SELECT value FROM meta WHERE key = 'cluster_n') counted,
      (SELECT count(*) FROM stories) stories, (SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM briefs b WHERE b.story_id = s.id)) unbriefed,
      (SELECT count(*) FROM stale_briefs) stale, (SELECT count(*) FROM queued) queued`;
    const [a, b] = await Promise.all([
      one(
        ref,
        count.replace(
          /, \(SELECT count\(\*\) FROM stale_briefs\) stale, \(SELECT count\(\*\) FROM queued\) queued/,
          '',
        ),
      ),
      one(url, count),
    ]);
    const [x, y] = await Promise.all([contents(ref), contents(url)]);
    const kills = Object.values(hits).reduce((s, k) => s + k, 0);
    process.stdout.write(
      `${n} articles (PolNeAR train+dev by date, then ECB+), ${cpus().length} cores, PostgreSQL at ${new URL(SERVER).host}\n\n`,
    );
    process.stdout.write(
      `| run | seconds | articles stored / placed / counted | stories | stories without a brief | left queued / stale |\n|---|---|---|---|---|---|\n`,
    );
    process.stdout.write(
      `| one \`ingest\` | ${ingestS.toFixed(1)} | ${a.articles} / ${a.placed} / ${a.counted} | ${a.stories} | ${a.unbriefed} | — |\n`,
    );
    process.stdout.write(
      `| \`enqueue\` + ${values.workers} workers, ${kills} \`kill -9\`s (${hits.placing} placing, ${hits.rebuilding} rebuilding briefs) | ${queueS.toFixed(1)} | ${b.articles} / ${b.placed} / ${b.counted} | ${b.stories} | ${b.unbriefed} | ${b.queued} / ${b.stale} |\n\n`,
    );
    process.stdout.write(
      `stories ${x.stories === y.stories ? 'identical' : 'DIFFERENT'} (${y.stories.length} bytes), briefs ${x.briefs === y.briefs ? 'identical' : 'DIFFERENT'} (${y.briefs.length} bytes)\n`,
    );
  } finally {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
