import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { ArticleFields } from './article.js';
import { IngestError } from './errors.js';
import { cleanByline, pageMeta } from './pagemeta.js';

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
    if (!meta.byline && article?.byline) meta.byline = cleanByline(article.byline);
  } catch {
    // Readability gives up on some broken pages; the plain body text is the fallback.
  }
  if (body.length < 200) body = domText(document.body ?? document.documentElement);
  if (!body.trim()) throw new IngestError(input, 'no article text found in the HTML');
  if (meta.title && body.startsWith(meta.title)) body = body.slice(meta.title.length);
  return { input, format: 'html', text: body, ...meta };
}
