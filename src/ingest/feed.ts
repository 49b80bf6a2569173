import { DOMParser } from 'linkedom';
import { parseFullDate } from '../util/dates.js';
import type { ArticleFields } from './article.js';
import { IngestError } from './errors.js';
import { domText } from './html.js';
import { parseHTML } from 'linkedom';

const childText = (el: any, names: string[]): string | null => {
  for (const n of names) {
    for (const c of el.children ?? []) {
      if (String(c.tagName).toLowerCase() === n.toLowerCase()) {
        const t = String(c.textContent ?? '').trim();
        if (t) return t;
        const href = c.getAttribute?.('href');
        if (href) return href;
      }
    }
  }
  return null;
};

/** RSS 2.0, RSS 1.0/RDF and Atom: each item with a body becomes an article. */
export function readFeed(input: string, xml: string): { articles: ArticleFields[]; errors: IngestError[] } {
  let doc: any;
  try {
    doc = new DOMParser().parseFromString(xml, 'text/xml');
  } catch (e) {
    throw new IngestError(input, `unparseable feed XML (${(e as Error).message})`);
  }
  const root = doc?.documentElement;
  const items = [...(root?.querySelectorAll?.('item') ?? []), ...(root?.querySelectorAll?.('entry') ?? [])];
  if (!root || items.length === 0) throw new IngestError(input, 'not an RSS/Atom feed (no <item> or <entry>)');
  const channelTitle = childText(root.querySelector('channel') ?? root, ['title']);
  const articles: ArticleFields[] = [];
  const errors: IngestError[] = [];
  items.forEach((item: any, i: number) => {
    const where = `${input}#${i + 1}`;
    const body = childText(item, ['content:encoded', 'content', 'description', 'summary']);
    if (!body) {
      errors.push(new IngestError(where, 'feed item has no content or description'));
      return;
    }
    const raw = childText(item, ['pubDate', 'published', 'updated', 'dc:date']);
    const value = raw ? parseFullDate(raw) : null;
    articles.push({
      input: where,
      format: 'feed',
      text: domText(parseHTML(`<!doctype html><html><body>${body}</body></html>`).document.body),
      title: childText(item, ['title']),
      url: childText(item, ['link', 'guid', 'id']),
      outlet: channelTitle,
      byline: childText(item, ['dc:creator', 'author']),
      publishedAt: value ? { value, source: 'feed', confidence: 0.9 } : null,
    });
  });
  return { articles, errors };
}
