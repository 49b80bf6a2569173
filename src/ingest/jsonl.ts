import type { PublishedDate } from '../model.js';
import { parseFullDate } from '../util/dates.js';
import type { ArticleFields } from './article.js';
import { IngestError } from './errors.js';
import { readHtml } from './html.js';

const first = (o: Record<string, unknown>, keys: string[]): string | null => {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' && v.trim()) return v;
    if (v && typeof v === 'object' && typeof (v as any).name === 'string') return (v as any).name;
  }
  return null;
};

/** One JSON object -> article fields. Accepts the common field names of news dumps. */
export function fieldsFromObject(input: string, o: unknown): ArticleFields {
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new IngestError(input, 'not a JSON object');
  const rec = o as Record<string, unknown>;
  const rawDate = first(rec, ['publishedAt', 'published_at', 'published', 'date', 'pubDate', 'datePublished', 'time']);
  const value = rawDate ? parseFullDate(rawDate) : null;
  if (rawDate && !value) throw new IngestError(input, `unreadable date ${JSON.stringify(rawDate.slice(0, 40))}`);
  const publishedAt: PublishedDate | null = value ? { value, source: 'jsonl', confidence: 0.9 } : null;
  const url = first(rec, ['url', 'link', 'uri']);
  const common = {
    title: first(rec, ['title', 'headline']),
    url,
    outlet: first(rec, ['outlet', 'source', 'publisher', 'site', 'domain']),
    byline: first(rec, ['byline', 'author', 'authors']),
  };
  const text = first(rec, ['text', 'body', 'content', 'article', 'maintext']);
  if (text) return { input, format: 'jsonl', text, ...common, publishedAt };
  const html = first(rec, ['html', 'raw_html']);
  if (html) {
    const f = readHtml(input, html, url);
    return { ...f, format: 'jsonl', title: common.title ?? f.title, outlet: common.outlet ?? f.outlet, byline: common.byline ?? f.byline, publishedAt: publishedAt ?? f.publishedAt };
  }
  throw new IngestError(input, 'no "text", "body", "content" or "html" field');
}

/** JSONL: one article per line. Each bad line is its own error; good lines still count. */
export function readJsonl(input: string, content: string): { articles: ArticleFields[]; errors: IngestError[] } {
  const articles: ArticleFields[] = [];
  const errors: IngestError[] = [];
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
    try {
      articles.push(fieldsFromObject(where, o));
    } catch (e) {
      errors.push(e instanceof IngestError ? e : new IngestError(where, (e as Error).message));
    }
  });
  return { articles, errors };
}
