import type { PublishedDate } from '../model.js';
import { parseFullDate } from '../util/dates.js';
import type { ArticleFields } from './article.js';
import { IngestError } from './errors.js';
import { readHtml } from './html.js';

const TEXT_KEYS = ['text', 'body', 'content', 'article', 'maintext'];
const HTML_KEYS = ['html', 'raw_html'];
const DATE_KEYS = ['publishedAt', 'published_at', 'published', 'date', 'pubDate', 'datePublished', 'time'];

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * The first of `keys` holding a non-empty string (or an object with a string "name", as
 * publisher and author often are). A key holding any other type is reported to `bad`.
 */
function first(o: Record<string, unknown>, keys: string[], bad: (key: string, v: unknown) => void): string | null {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' && v.trim()) return v;
    if (v && typeof v === 'object' && typeof (v as any).name === 'string') return (v as any).name;
    if (v !== undefined && v !== null && typeof v !== 'string') bad(k, v);
  }
  return null;
}

/**
 * One JSON object -> article fields. Accepts the common field names of news dumps. A field of
 * the wrong type or an unreadable date is reported in `warnings` and left out; the rest stands.
 */
export function fieldsFromObject(input: string, o: unknown, warnings: IngestError[] = []): ArticleFields {
  if (!o || typeof o !== 'object' || Array.isArray(o))
    throw new IngestError(input, `not a JSON object (got ${typeName(o)})`);
  const rec = o as Record<string, unknown>;
  const warn = (k: string, v: unknown) =>
    warnings.push(
      new IngestError(input, `field "${k}": expected a string, got ${typeName(v)}; the article is kept without it`),
    );
  const rawDate = first(rec, DATE_KEYS, warn);
  const value = rawDate ? parseFullDate(rawDate) : null;
  if (rawDate && !value)
    warnings.push(
      new IngestError(input, `unreadable date ${JSON.stringify(rawDate.slice(0, 40))}; the article is kept without it`),
    );
  const publishedAt: PublishedDate | null = value ? { value, source: 'jsonl', confidence: 0.9 } : null;
  const url = first(rec, ['url', 'link', 'uri'], warn);
  const common = {
    title: first(rec, ['title', 'headline'], warn),
    url,
    outlet: first(rec, ['outlet', 'source', 'publisher', 'site', 'domain'], warn),
    byline: first(rec, ['byline', 'author', 'authors'], warn),
  };
  // A body of the wrong type is the reason the item fails, not a warning beside it.
  const badBody: string[] = [];
  const noteBody = (k: string, v: unknown) => badBody.push(`field "${k}": expected a string, got ${typeName(v)}`);
  const text = first(rec, TEXT_KEYS, noteBody);
  if (text) return { input, format: 'jsonl', text, ...common, publishedAt };
  const html = first(rec, HTML_KEYS, noteBody);
  if (html) {
    const f = readHtml(input, html, url);
    return {
      ...f,
      format: 'jsonl',
      title: common.title ?? f.title,
      outlet: common.outlet ?? f.outlet,
      byline: common.byline ?? f.byline,
      publishedAt: publishedAt ?? f.publishedAt,
    };
  }
  throw new IngestError(input, badBody[0] ?? 'no "text", "body", "content" or "html" field');
}

/** Each item of a JSON document: one article, or the items of an array or of {"articles": [...]}. */
export function jsonItems(doc: unknown): unknown[] | null {
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === 'object' && Array.isArray((doc as { articles?: unknown }).articles))
    return (doc as { articles: unknown[] }).articles;
  return null;
}

/** Whole-document JSON: the items of an array or wrapper, or one pretty-printed object; null when the content is JSONL. */
function wholeJson(content: string): { items: unknown[]; named: boolean } | null {
  const start = content.trimStart()[0];
  if (start !== '[' && start !== '{') return null;
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch {
    return null;
  }
  const items = jsonItems(doc);
  if (items) return { items, named: true };
  // One object on one line is a one-line JSONL file: its name keeps the line number.
  return content.trim().includes('\n') ? { items: [doc], named: false } : null;
}

/**
 * JSONL: one article per line. Each bad line is its own error; good lines still count.
 * A .json document holding an array, {"articles": [...]} or one object is read item by item.
 */
export function readJsonl(input: string, content: string): { articles: ArticleFields[]; errors: IngestError[] } {
  const articles: ArticleFields[] = [];
  const errors: IngestError[] = [];
  const add = (where: string, o: unknown) => {
    try {
      articles.push(fieldsFromObject(where, o, errors));
    } catch (e) {
      errors.push(e instanceof IngestError ? e : new IngestError(where, (e as Error).message));
    }
  };
  const whole = wholeJson(content);
  if (whole) {
    whole.items.forEach((o, i) => add(whole.named ? `${input}[${i}]` : input, o));
    return { articles, errors };
  }
  content.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${input}:${i + 1}`;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch (e) {
      errors.push(new IngestError(where, `line is not valid JSON (${(e as Error).message.split('\n')[0]})`));
      return;
    }
    add(where, o);
  });
  return { articles, errors };
}
