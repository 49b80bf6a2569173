import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeArticle } from '../src/article/analyze.js';
import { makeArticle } from '../src/ingest/article.js';
import type { Article, ArticleAnalysis } from '../src/model.js';

/** A fresh temporary directory for one test. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'triangulate-test-'));
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
}

/** An analysed article from plain text, as the text reader would make it. */
export function analysed(text: string, input = 'test.txt', publishedAt: string | null = null): { article: Article; analysis: ArticleAnalysis } {
  const article = makeArticle({ input, format: 'text', text, publishedAt: publishedAt ? { value: publishedAt, source: 'user', confidence: 1 } : null });
  return { article, analysis: analyzeArticle(article) };
}

/** Project root (tests run from dist/test). */
export const ROOT = new URL('../../', import.meta.url).pathname;

export const EXAMPLE = join(ROOT, 'examples/pakistan-soleimani');

/** Run the real CLI (bin/triangulate.js) and capture its output. */
export function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/triangulate.js'), ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
