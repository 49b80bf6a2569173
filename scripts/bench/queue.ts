import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadEcb } from '../../src/eval/cluster.js';

// Scale-out ingest throughput on PostgreSQL: --articles ECB+ documents (real news text) as
// files, added to a fresh database by one `ingest` process, then queued with `enqueue` and
// added by 1, 2, … `worker` processes. Prints articles/s for each, and checks that every run
// ends with the same stories (the workers place articles in queue order).

const ROOT = new URL('../../../', import.meta.url).pathname;
const SERVER = process.env.TRIANGULATE_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/triangulate.js'), ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`triangulate ${args[0]} exited with ${code}`)),
    );
  });
}

async function stories(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ story_id: string; ids: string }>(
      `SELECT story_id, string_agg(article_id, ',' ORDER BY article_id) ids FROM story_articles GROUP BY story_id ORDER BY story_id`,
    );
    return r.rows.map((x) => `${x.story_id}:${x.ids}`).join('\n');
  } finally {
    await c.end();
  }
}

export async function benchQueue(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { articles: { type: 'string', default: '300' }, workers: { type: 'string', default: '1,2' } },
  });
  const n = Number(values.articles);
  const counts = values.workers.split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'triangulate-bench-queue-'));
  const docs = loadEcb(join(ROOT, '../shared/data/coref/ecbplus')).slice(0, n);
  docs.forEach((d, i) => writeFileSync(join(dir, `${String(i).padStart(4, '0')}.txt`), d.text));
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const database = async (name: string) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(SERVER);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const rows: string[] = [];
  let reference: string | null = null;
  try {
    const url = await database('triangulate_bench_ingest');
    let t0 = performance.now();
    await run(['ingest', dir, '--db', url]);
    let s = (performance.now() - t0) / 1000;
    reference = await stories(url);
    rows.push(`| one \`ingest\` process | ${s.toFixed(1)} | ${(docs.length / s).toFixed(1)} | — |`);
    for (const w of counts) {
      const q = await database(`triangulate_bench_workers_${w}`);
      t0 = performance.now();
      await run(['enqueue', dir, '--db', q]);
      const queued = (performance.now() - t0) / 1000;
      t0 = performance.now();
      await Promise.all(Array.from({ length: w }, () => run(['worker', '--db', q, '--until-empty'])));
      s = (performance.now() - t0) / 1000;
      const same = (await stories(q)) === reference ? 'same stories' : 'DIFFERENT stories';
      rows.push(
        `| \`enqueue\` (${queued.toFixed(1)} s), then ${w} \`worker\` process(es) | ${s.toFixed(1)} | ${(docs.length / s).toFixed(1)} | ${same} |`,
      );
    }
  } finally {
    for (const name of ['triangulate_bench_ingest', ...counts.map((w) => `triangulate_bench_workers_${w}`)])
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(
    `${docs.length} ECB+ articles, ${cpus().length} cores, PostgreSQL at ${new URL(SERVER).host}\n\n| run | seconds | articles/s | stories |\n|---|---|---|---|\n${rows.join('\n')}\n`,
  );
}
