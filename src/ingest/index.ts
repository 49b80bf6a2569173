import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, relative } from 'node:path';
import { globSync } from 'tinyglobby';
import type { Article, InputError } from '../model.js';
import { byString } from '../util/text.js';
import { parseFullDate } from '../util/dates.js';
import { cleanField, makeArticle, type ArticleFields } from './article.js';
import { decode, declaredCharset } from './decode.js';
import { IngestError } from './errors.js';
import { readFeed } from './feed.js';
import { readHtml } from './html.js';
import { readJsonl } from './jsonl.js';
import { MAX_INPUT_BYTES } from './limits.js';

const KNOWN = new Set([
  '.txt',
  '.text',
  '.md',
  '.html',
  '.htm',
  '.xhtml',
  '.jsonl',
  '.ndjson',
  '.json',
  '.xml',
  '.rss',
  '.atom',
]);

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
      found.filter((f) => !f.endsWith(SIDECAR)).forEach((f) => files.add(f));
    } else errors.push({ input, reason: 'no such file or directory' });
  }
  return { files: [...files].sort(byString), errors };
}

function walk(dir: string, out: Set<string>): void {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => byString(a.name, b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && KNOWN.has(extname(e.name).toLowerCase()) && !e.name.endsWith(SIDECAR)) out.add(p);
  }
}

export type Format = 'text' | 'html' | 'jsonl' | 'feed';

export function detectFormat(path: string, head: string): Format {
  const ext = extname(path).toLowerCase();
  const start = head.trimStart().slice(0, 500).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (
    ext === '.rss' ||
    ext === '.atom' ||
    ((ext === '.xml' || start.startsWith('<?xml')) && /<(rss|feed|rdf:rdf)[\s>]/.test(start))
  )
    return 'feed';
  if (
    ext === '.html' ||
    ext === '.htm' ||
    ext === '.xhtml' ||
    start.startsWith('<!doctype html') ||
    start.startsWith('<html')
  )
    return 'html';
  return 'text';
}

export interface ReadResult {
  articles: Article[];
  errors: InputError[];
}

/** "<file>.meta.json" beside an input supplies what the file cannot say: date, title, url, outlet, byline. */
export const SIDECAR = '.meta.json';

interface Sidecar {
  date: string | null;
  title: string | null;
  url: string | null;
  outlet: string | null;
  byline: string | null;
}

function readSidecar(path: string, name: string, errors: InputError[]): Sidecar | null {
  const p = `${path}${SIDECAR}`;
  if (!existsSync(p)) return null;
  const where = `${name}${SIDECAR}`;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
    if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error('not a JSON object');
  } catch (e) {
    errors.push({ input: where, reason: `sidecar ignored: ${(e as Error).message.split('\n')[0]}` });
    return null;
  }
  const str = (k: string) => (typeof o[k] === 'string' ? (cleanField(o[k] as string)?.trim() ?? null) : null);
  const raw = str('date') ?? str('publishedAt');
  const date = raw ? parseFullDate(raw) : null;
  if (raw && !date)
    errors.push({
      input: where,
      reason: `unreadable date ${JSON.stringify(raw.slice(0, 40))}; the article is kept without it`,
    });
  return { date, title: str('title'), url: str('url'), outlet: str('outlet'), byline: str('byline') };
}

/** The sidecar fills gaps; what the input itself carries wins. */
function applySidecar(a: Article, side: Sidecar): void {
  if (a.publishedAt?.source === 'user' && side.date === a.publishedAt.value)
    a.publishedAt = { value: side.date, source: 'sidecar', confidence: 1 };
  a.title ??= side.title;
  a.url ??= side.url;
  a.outlet ??= side.outlet;
  a.byline ??= side.byline;
}

/** An error sink: reader errors keep their own input name, anything else is named after `name`. */
export function failInto(errors: InputError[], name: string): (e: unknown) => void {
  return (e) => {
    if (e instanceof IngestError) errors.push({ input: e.input, reason: e.reason });
    else errors.push({ input: name, reason: `unexpected error: ${(e as Error).message}` });
  };
}

/** Read one file into zero or more articles. Never throws: every failure names the input. */
export function readFile(path: string, displayBase = process.cwd(), defaultDate: string | null = null): ReadResult {
  const name = relative(displayBase, resolve(path)) || path;
  const errors: InputError[] = [];
  const articles: Article[] = [];
  const fail = failInto(errors, name);
  try {
    const size = statSync(path).size;
    if (size === 0) throw new IngestError(name, 'empty file');
    if (size > MAX_INPUT_BYTES)
      throw new IngestError(
        name,
        `file too large (${(size / 1048576).toFixed(1)} MB; limit ${MAX_INPUT_BYTES / 1048576} MB)`,
      );
    const buf = readFileSync(path);
    const format = detectFormat(path, Buffer.from(buf.subarray(0, 600)).toString('latin1'));
    const side = readSidecar(path, name, errors);
    const r = readBytes(name, buf, format, side?.date ?? defaultDate);
    if (side) for (const a of r.articles) applySidecar(a, side);
    articles.push(...r.articles);
    errors.push(...r.errors);
  } catch (e) {
    fail(e);
  }
  return { articles, errors };
}

/**
 * Articles from raw bytes (a file's, or an HTTP request body's): the one path every input takes.
 * Binary and undecodable bytes are refused; a charset the document declares (or, failing
 * that, the one its sender names) is honoured. Never throws.
 */
export function readBytes(
  name: string,
  buf: Uint8Array,
  format: Format,
  defaultDate: string | null = null,
  charset: string | null = null,
): ReadResult {
  try {
    const declared = (format === 'html' || format === 'feed' ? declaredCharset(buf) : null) ?? charset;
    return readContent(name, decode(name, buf, declared), format, defaultDate);
  } catch (e) {
    const errors: InputError[] = [];
    failInto(errors, name)(e);
    return { articles: [], errors };
  }
}

/** The format of a request body: its media type when that says, else sniffed as a .txt file's would be. */
export function formatOfMediaType(mediaType: string, buf: Uint8Array): Format {
  const head = Buffer.from(buf.subarray(0, 600)).toString('latin1');
  if (/html/.test(mediaType)) return 'html';
  if (/ndjson|jsonl|json/.test(mediaType)) return 'jsonl';
  if (/rss|atom/.test(mediaType)) return 'feed';
  return detectFormat(/xml/.test(mediaType) ? 'request.xml' : 'request.txt', head);
}

/** Articles from already-decoded content (a file's, or an HTTP request body's). Never throws. */
export function readContent(
  name: string,
  content: string,
  format: Format,
  defaultDate: string | null = null,
): ReadResult {
  const errors: InputError[] = [];
  const articles: Article[] = [];
  const fail = failInto(errors, name);
  let fields: ArticleFields[] = [];
  try {
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
  } catch (e) {
    fail(e);
  }
  for (const f of fields) articles.push(...finishArticle(f, defaultDate, fail));
  return { articles, errors };
}

/** Article fields (from any reader) -> an Article, or nothing and an error. */
export function finishArticle(f: ArticleFields, defaultDate: string | null, fail: (e: unknown) => void): Article[] {
  try {
    const a = makeArticle(f);
    // A date the user gave applies only where the input carries none of its own.
    if (!a.publishedAt && defaultDate) a.publishedAt = { value: defaultDate, source: 'user', confidence: 1 };
    return [a];
  } catch (e) {
    fail(e);
    return [];
  }
}
