import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, relative } from 'node:path';
import { globSync } from 'tinyglobby';
import type { Article, InputError } from '../model.js';
import { byString } from '../util/text.js';
import { makeArticle, type ArticleFields } from './article.js';
import { decode, declaredCharset } from './decode.js';
import { IngestError } from './errors.js';
import { readFeed } from './feed.js';
import { readHtml } from './html.js';
import { readJsonl } from './jsonl.js';
import { MAX_INPUT_BYTES } from './limits.js';

const KNOWN = new Set(['.txt', '.text', '.md', '.html', '.htm', '.xhtml', '.jsonl', '.ndjson', '.json', '.xml', '.rss', '.atom']);

/**
 * Expand files, directories (recursively, known extensions only) and globs into a sorted,
 * de-duplicated list of files. Names that match nothing become errors.
 */
export function expandInputs(inputs: string[]): { files: string[]; errors: InputError[] } {
  const files = new Set<string>();
  const errors: InputError[] = [];
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      st = null;
    }
    if (st?.isFile()) files.add(input);
    else if (st?.isDirectory()) walk(input, files);
    else if (/[*?[{]/.test(input)) {
      const found = globSync([input], { onlyFiles: true, dot: false });
      if (found.length === 0) errors.push({ input, reason: 'glob matched no files' });
      found.forEach((f) => files.add(f));
    } else errors.push({ input, reason: 'no such file or directory' });
  }
  return { files: [...files].sort(byString), errors };
}

function walk(dir: string, out: Set<string>): void {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => byString(a.name, b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && KNOWN.has(extname(e.name).toLowerCase())) out.add(p);
  }
}

type Format = 'text' | 'html' | 'jsonl' | 'feed';

export function detectFormat(path: string, head: string): Format {
  const ext = extname(path).toLowerCase();
  const start = head.trimStart().slice(0, 500).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.rss' || ext === '.atom' || ((ext === '.xml' || start.startsWith('<?xml')) && /<(rss|feed|rdf:rdf)[\s>]/.test(start))) return 'feed';
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml' || start.startsWith('<!doctype html') || start.startsWith('<html')) return 'html';
  return 'text';
}

export interface ReadResult {
  articles: Article[];
  errors: InputError[];
}

/** Read one file into zero or more articles. Never throws: every failure names the input. */
export function readFile(path: string, displayBase = process.cwd(), defaultDate: string | null = null): ReadResult {
  const name = relative(displayBase, resolve(path)) || path;
  const errors: InputError[] = [];
  const articles: Article[] = [];
  const fail = (e: unknown) => {
    if (e instanceof IngestError) errors.push({ input: e.input, reason: e.reason });
    else errors.push({ input: name, reason: `unexpected error: ${(e as Error).message}` });
  };
  try {
    const size = statSync(path).size;
    if (size === 0) throw new IngestError(name, 'empty file');
    if (size > MAX_INPUT_BYTES) throw new IngestError(name, `file too large (${(size / 1048576).toFixed(1)} MB; limit ${MAX_INPUT_BYTES / 1048576} MB)`);
    const buf = readFileSync(path);
    const format = detectFormat(path, Buffer.from(buf.subarray(0, 600)).toString('latin1'));
    const content = decode(name, buf, format === 'html' || format === 'feed' ? declaredCharset(buf) : null);
    let fields: ArticleFields[] = [];
    if (format === 'jsonl') {
      const r = readJsonl(name, content);
      fields = r.articles;
      r.errors.forEach(fail);
    } else if (format === 'feed') {
      const r = readFeed(name, content);
      fields = r.articles;
      r.errors.forEach(fail);
    } else if (format === 'html') fields = [readHtml(name, content)];
    else fields = [{ input: name, format: 'text', text: content }];
    for (const f of fields) {
      try {
        const a = makeArticle(f);
        // A date the user gave applies only where the input carries none of its own.
        if (!a.publishedAt && defaultDate) a.publishedAt = { value: defaultDate, source: 'user', confidence: 1 };
        articles.push(a);
      } catch (e) {
        fail(e);
      }
    }
  } catch (e) {
    fail(e);
  }
  return { articles, errors };
}
