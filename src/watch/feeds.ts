import { readFileSync } from 'node:fs';
import { DOMParser } from 'linkedom';
import type { InputError } from '../model.js';

// What `watch` is told to follow: feed URLs given as arguments, in a text file (one per line,
// # comments) or in an OPML export of a feed reader.

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** Feed URLs of an OPML document: every outline's xmlUrl, in document order. */
export function opmlFeeds(xml: string): string[] {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const outlines = [...(doc?.documentElement?.querySelectorAll?.('outline') ?? [])];
  return outlines.map((o: any) => String(o.getAttribute('xmlUrl') ?? '').trim()).filter(isUrl);
}

/** Feed URLs of a list file: one per line; blank lines and # comments are skipped. */
export function listFeeds(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

/** Every feed URL the arguments name, once each, in order; arguments that name none are errors. */
export function feedUrls(args: string[]): { feeds: string[]; errors: InputError[] } {
  const feeds: string[] = [];
  const errors: InputError[] = [];
  for (const arg of args) {
    if (isUrl(arg)) feeds.push(arg);
    else {
      try {
        const text = readFileSync(arg, 'utf8');
        const found = /<opml[\s>]/i.test(text) ? opmlFeeds(text) : listFeeds(text);
        const bad = found.filter((u) => !isUrl(u));
        for (const u of bad) errors.push({ input: arg, reason: `not an http(s) URL: ${u.slice(0, 200)}` });
        feeds.push(...found.filter(isUrl));
        if (!found.length) errors.push({ input: arg, reason: 'names no feed URL' });
      } catch (e) {
        errors.push({ input: arg, reason: `cannot read the feed list: ${(e as Error).message}` });
      }
    }
  }
  return { feeds: [...new Set(feeds)], errors };
}
