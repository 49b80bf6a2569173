import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import pg from 'pg';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeArticle } from '../src/article/analyze.js';
import { makeArticle } from '../src/ingest/article.js';
import type { Article, ArticleAnalysis, StoryBrief } from '../src/model.js';
import { StoreBusyError, type Store } from '../src/store/store.js';

/** A fresh temporary directory for one test. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'triangulate-test-'));
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
}

/** An analysed article from plain text, as the text reader would make it. */
export function analysed(
  text: string,
  input = 'test.txt',
  publishedAt: string | null = null,
): { article: Article; analysis: ArticleAnalysis } {
  const article = makeArticle({
    input,
    format: 'text',
    text,
    publishedAt: publishedAt ? { value: publishedAt, source: 'user', confidence: 1 } : null,
  });
  return { article, analysis: analyzeArticle(article) };
}

/** Project root (tests run from dist/test). */
export const ROOT = new URL('../../', import.meta.url).pathname;

export const EXAMPLE = join(ROOT, 'examples/pakistan-soleimani');

/** Run the real CLI (bin/triangulate.js) and capture its output. */
export function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/triangulate.js'), ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The writer claim across processes: while another process (opening `db` itself) holds it,
 * `store` cannot write; once that process is killed, its claim is taken over.
 */
export async function checkWriterClaim(db: string, store: Store): Promise<void> {
  const holder = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { openStore } = await import(${JSON.stringify(new URL('../src/store/open.js', import.meta.url).href)}); const s = await openStore(${JSON.stringify(db)}); await s.exclusive(() => { process.stdout.write('held\\n'); return new Promise(() => setInterval(() => {}, 1000)); });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
      holder.once('exit', () => reject(new Error('the holder exited before claiming')));
    });
    await assert.rejects(
      store.exclusive(async () => 1, { waitMs: 200 }),
      StoreBusyError,
      'held by a live process',
    );
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
    assert.equal(await store.exclusive(async () => 'ran', { waitMs: 200 }), 'ran', 'a dead holder does not block');
  } finally {
    if (holder.exitCode === null) holder.kill('SIGKILL');
  }
}

/** Every stored brief, in story id order. */
export async function allBriefs(store: Store): Promise<StoryBrief[]> {
  const all: StoryBrief[] = [];
  for await (const page of store.briefPages(500)) all.push(...page);
  return all;
}

/**
 * Fresh PostgreSQL databases for one test file, on TRIANGULATE_TEST_POSTGRES or the local server
 * (127.0.0.1:5432, trust), each named after the file's prefix and the process, dropped afterwards.
 */
export function postgresDatabases(prefix: string): () => Promise<string> {
  const server = process.env.TRIANGULATE_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const made: string[] = [];
  let admin: pg.Client;
  before(async () => {
    admin = new pg.Client({ connectionString: server });
    await admin.connect();
  });
  after(async () => {
    for (const name of made) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  return async () => {
    const name = `${prefix}_${process.pid}_${made.length}`;
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    made.push(name);
    const url = new URL(server);
    url.pathname = `/${name}`;
    return url.toString();
  };
}

const OPENING =
  'GDANSK — The bribery trial of former port director Marek Kowalczyk opened on Monday at the regional court in Gdansk. Prosecutors told judge Anna Wisniewska that Kowalczyk took bribes from Baltic Shipping in exchange for berth contracts between 2019 and 2022. Kowalczyk denied the charges, and his lawyer, Tomasz Zielinski, asked for more time to study the evidence.';
const VERDICT =
  'GDANSK — Judge Anna Wisniewska found Marek Kowalczyk guilty of taking bribes and sentenced him to four years in prison on Monday. The former Gdansk port director had steered berth contracts to Baltic Shipping, the regional court ruled after three weeks of hearings. Tomasz Zielinski, his lawyer, said Kowalczyk would appeal; Baltic Shipping declined to comment.';

/** Two hearings of one trial, three weeks apart (two events), and an unrelated story. */
export function trialFiles(dir: string): void {
  const line = (title: string, text: string, date: string, outlet: string) =>
    `${JSON.stringify({ title, text, date, outlet })}\n`;
  writeFiles(dir, {
    'opening.jsonl': line('Bribery trial of Marek Kowalczyk opens in Gdansk', OPENING, '2024-03-04', 'Baltic Times'),
    'verdict.jsonl': line('Marek Kowalczyk convicted of taking bribes', VERDICT, '2024-03-25', 'Gdansk Daily'),
    'nokia.jsonl': line(
      'Nokia to cut 5,000 jobs in Finland',
      'Nokia said on Monday it would cut 5,000 jobs in Finland as demand for network equipment slowed, chief executive Pekka Lundmark told reporters in Espoo.',
      '2024-03-20',
      'Helsinki News',
    ),
  });
}
