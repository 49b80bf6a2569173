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
