import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { PublishedDate } from '../model.js';
import { dateFromUrl, parseFullDate } from '../util/dates.js';
import type { ArticleFields } from './article.js';
import { IngestError } from './errors.js';

const BLOCK = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'BLOCKQUOTE',
  'LI',
  'UL',
  'OL',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'PRE',
  'TABLE',
  'TR',
  'FIGURE',
  'FIGCAPTION',
  'BR',
  'HR',
  'MAIN',
  'NAV',
]);
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'OBJECT',
  'SVG',
  'BUTTON',
  'FORM',
  'INPUT',
  'SELECT',
]);

/** Text of a DOM subtree with paragraph breaks between block elements. Markup is never kept. */
export function domText(node: any): string {
  const out: string[] = [];
  const walk = (n: any) => {
    if (n.nodeType === 3) {
      out.push(String(n.textContent).replace(/\s+/g, ' '));
      return;
    }
    if (n.nodeType !== 1 && n.nodeType !== 9 && n.nodeType !== 11) return;
    const tag = String(n.tagName ?? '').toUpperCase();
    if (SKIP.has(tag)) return;
    const block = BLOCK.has(tag);
    if (block) out.push('\n\n');
    for (const c of n.childNodes ?? []) walk(c);
    if (block) out.push('\n\n');
  };
  walk(node);
  return out
    .join('')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface PageMeta {
  title: string | null;
  outlet: string | null;
  byline: string | null;
  url: string | null;
  publishedAt: PublishedDate | null;
}

function jsonLdObjects(document: any): any[] {
  const found: any[] = [];
  for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      const data = JSON.parse(s.textContent ?? '');
      const queue = Array.isArray(data) ? [...data] : [data];
      while (queue.length) {
        const o = queue.shift();
        if (!o || typeof o !== 'object') continue;
        found.push(o);
        if (Array.isArray(o['@graph'])) queue.push(...o['@graph']);
      }
    } catch {
      // A broken JSON-LD block is common on the web; the meta tags still apply.
    }
  }
  return found;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const nameOf = (v: any): string | null =>
  str(v) ??
  (Array.isArray(v)
    ? v.map(nameOf).filter(Boolean).join(', ') || null
    : v && typeof v === 'object'
      ? str(v.name)
      : null);

/** Title, outlet, byline and date from JSON-LD, then meta tags, then <time>, then the URL. */
export function pageMeta(document: any, url: string | null): PageMeta {
  const meta = (sel: string): string | null => str(document.querySelector(sel)?.getAttribute('content'));
  const ld = jsonLdObjects(document).find((o) => /Article|Posting|Report/i.test(String(o['@type'] ?? ''))) ?? {};
  const canonical =
    url ??
    str(document.querySelector('link[rel="canonical"]')?.getAttribute('href')) ??
    meta('meta[property="og:url"]');
  let publishedAt: PublishedDate | null = null;
  const candidates: [string | null, PublishedDate['source'], number][] = [
    [str(ld.datePublished), 'json-ld', 0.95],
    [meta('meta[property="article:published_time"]'), 'meta', 0.9],
    [
      meta('meta[name="date"]') ??
        meta('meta[name="pubdate"]') ??
        meta('meta[itemprop="datePublished"]') ??
        meta('meta[name="dc.date"]'),
      'meta',
      0.85,
    ],
    [str(document.querySelector('time[datetime]')?.getAttribute('datetime')), 'time-element', 0.7],
    [canonical ? dateFromUrl(canonical) : null, 'url', 0.6],
  ];
  for (const [raw, source, confidence] of candidates) {
    const value = raw ? parseFullDate(raw) : null;
    if (value) {
      publishedAt = { value, source, confidence };
      break;
    }
  }
  return {
    title: str(ld.headline) ?? meta('meta[property="og:title"]') ?? str(document.querySelector('title')?.textContent),
    outlet: nameOf(ld.publisher) ?? meta('meta[property="og:site_name"]') ?? meta('meta[name="application-name"]'),
    byline: nameOf(ld.author) ?? meta('meta[name="author"]'),
    url: canonical,
    publishedAt,
  };
}

/** HTML page -> article fields: Readability finds the body, metadata comes from the page head. */
export function readHtml(input: string, html: string, url: string | null = null): ArticleFields {
  let document: any;
  try {
    ({ document } = parseHTML(html));
  } catch (e) {
    throw new IngestError(input, `unparseable HTML (${(e as Error).message})`);
  }
  if (!document?.documentElement) throw new IngestError(input, 'unparseable HTML (no document element)');
  const meta = pageMeta(document, url);
  let body = '';
  try {
    const article = new Readability(document.cloneNode(true), { charThreshold: 200 }).parse();
    if (article?.content)
      body = domText(parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body);
    if (!meta.title && article?.title) meta.title = article.title;
    if (!meta.byline && article?.byline) meta.byline = article.byline;
  } catch {
    // Readability gives up on some broken pages; the plain body text is the fallback.
  }
  if (body.length < 200) body = domText(document.body ?? document.documentElement);
  if (!body.trim()) throw new IngestError(input, 'no article text found in the HTML');
  if (meta.title && body.startsWith(meta.title)) body = body.slice(meta.title.length);
  return { input, format: 'html', text: body, ...meta };
}
