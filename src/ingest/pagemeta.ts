import type { PublishedDate } from '../model.js';
import { dateFromUrl, parseFullDate } from '../util/dates.js';

// A page's title, outlet, byline and date as publishers write them: JSON-LD (also wrapped in
// CDATA, in @graph or arrays), meta tags under any of their attribute spellings, microdata,
// <time>, the URL. Titles lose the site's name, bylines the dates and labels around the names.

export interface PageMeta {
  title: string | null;
  outlet: string | null;
  byline: string | null;
  url: string | null;
  publishedAt: PublishedDate | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const nameOf = (v: any): string | null =>
  str(v) ??
  (Array.isArray(v)
    ? v.map(nameOf).filter(Boolean).join(', ') || null
    : v && typeof v === 'object'
      ? str(v.name)
      : null);

/** Every JSON-LD object of the page, @graph members and array items included. */
function jsonLdObjects(document: any): any[] {
  const found: any[] = [];
  for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
    const text = String(s.textContent ?? '')
      .replace(/^\s*(?:\/\/\s*)?<!\[CDATA\[/, '')
      .replace(/(?:\/\/\s*)?\]\]>\s*$/, '');
    try {
      const data = JSON.parse(text);
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

const ARTICLE_TYPE = /Article|Posting|Report|BlogPosting/i;
const isArticle = (o: any) => [o['@type']].flat().some((t) => ARTICLE_TYPE.test(String(t ?? '')));

/** A meta value by any of its keys, under property=, name= or itemprop=, in content= or value=. */
function metaReader(document: any): (...keys: string[]) => string | null {
  const byKey = new Map<string, string>();
  for (const m of document.querySelectorAll('meta')) {
    const value = str(m.getAttribute('content')) ?? str(m.getAttribute('value'));
    if (!value) continue;
    for (const a of ['property', 'name', 'itemprop']) {
      const k = m.getAttribute(a)?.trim().toLowerCase();
      if (k && !byKey.has(k)) byKey.set(k, value);
    }
  }
  return (...keys) => {
    for (const k of keys) {
      const v = byKey.get(k.toLowerCase());
      if (v) return v;
    }
    return null;
  };
}

const attr = (document: any, sel: string, a: string): string | null =>
  str(document.querySelector(sel)?.getAttribute(a));
const text = (document: any, sel: string): string | null => str(document.querySelector(sel)?.textContent);

/** Title, outlet, byline and date; `url` is where the page was fetched from, if known. */
export function pageMeta(document: any, url: string | null): PageMeta {
  const meta = metaReader(document);
  const ld = jsonLdObjects(document).find(isArticle) ?? {};
  const canonical = url ?? attr(document, 'link[rel="canonical"]', 'href') ?? meta('og:url');
  // A known host's name beats og:site_name, which some sites fill with a section ("U.S.").
  const outlet =
    nameOf(ld.publisher) ??
    knownOutlet(canonical) ??
    meta('og:site_name', 'application-name', 'publisher') ??
    outletOfHost(canonical);
  const rawTitle = str(ld.headline) ?? meta('og:title', 'twitter:title') ?? text(document, 'title');
  const h1 = pageHeading(document, [outlet], canonical);
  return {
    title: h1 ?? (rawTitle ? cleanTitle(rawTitle, [outlet, meta('og:site_name')], canonical, null) : null),
    outlet,
    byline: pageByline(document, ld, meta, [outlet, nameOf(ld.publisher), meta('og:site_name')], canonical),
    url: canonical,
    publishedAt: pageDate(document, ld, meta, canonical),
  };
}

const AUTHOR_PAGE = /\/(?:authors?|by|people|staff|profiles?|contributors?|writers?|journalists?)\/[^/?#]+/i;
const NAME = /^\p{Lu}[\p{L}'.-]*(?: \p{Lu}[\p{L}'.-]*){1,3}$/u;

/** Text of the first link to an author's page that reads as a name, with its siblings' (co-authors). */
function authorLinks(document: any): string[] {
  const isAuthor = (a: any) => AUTHOR_PAGE.test(String(a.getAttribute('href'))) && NAME.test(linkText(a));
  const first = [...document.querySelectorAll('a[href]')].find(isAuthor);
  if (!first) return [];
  const siblings = [...(first.parentElement?.querySelectorAll('a[href]') ?? [first])].filter(isAuthor);
  return [[...new Set(siblings.map(linkText))].join(', ')];
}

const linkText = (a: any) =>
  String(a.textContent ?? '')
    .replace(/\s+/g, ' ')
    .trim();

/** A byline that is the outlet's name or its host's, exactly. */
function isOutlet(byline: string, names: (string | null)[], url: string | null): boolean {
  const b = squash(byline);
  return names.some((n) => n && squash(n) === b) || hostParts(url).includes(b);
}

/** Bylines that name the publisher, not a writer: the outlet itself, or a company. */
const COMPANY = /\b(?:inc|llc|ltd|gmbh|corp|media|group|condé nast|conde nast)\.?$/i;

function pageByline(
  document: any,
  ld: any,
  meta: (...k: string[]) => string | null,
  names: (string | null)[],
  url: string | null,
): string | null {
  const candidates = [
    nameOf(ld.author),
    ...['author', 'article:author', 'byl', 'parsely-author', 'sailthru.author', 'dc.creator'].map((k) => meta(k)),
    text(document, '[itemprop="author"] [itemprop="name"]'),
    text(document, '[itemprop="author"]'),
    text(document, 'a[rel="author"]'),
    ...authorLinks(document),
  ];
  for (const c of candidates) {
    const clean = c && !/^https?:\/\//.test(c) ? cleanByline(c) : null;
    if (clean && !COMPANY.test(clean) && !isOutlet(clean, names, url)) return clean;
  }
  return null;
}

/** The page's one <h1>, when it reads as a headline (a few words, not the site's name). */
function pageHeading(document: any, names: (string | null)[], url: string | null): string | null {
  const all = [...document.querySelectorAll('h1')];
  if (all.length !== 1) return null;
  const h = str(String(all[0].textContent ?? '').replace(/\s+/g, ' '));
  return h && h.split(' ').length >= 4 && !isSiteName(h, names, url) ? h : null;
}

/** The first date the page states, most trusted source first. */
function pageDate(
  document: any,
  ld: any,
  meta: (...k: string[]) => string | null,
  url: string | null,
): PublishedDate | null {
  const candidates: [string | null, PublishedDate['source'], number][] = [
    [str(ld.datePublished), 'json-ld', 0.95],
    [meta('article:published_time', 'og:article:published_time', 'article.published'), 'meta', 0.9],
    [
      meta('datepublished', 'parsely-pub-date', 'sailthru.date', 'pubdate', 'date', 'dc.date.issued', 'dc.date'),
      'meta',
      0.85,
    ],
    [
      attr(document, '[itemprop="datePublished"]', 'datetime') ??
        attr(document, '[itemprop="datePublished"]', 'content') ??
        attr(document, 'time[datetime]', 'datetime'),
      'time-element',
      0.7,
    ],
    [url ? dateInUrl(url) : null, 'url', 0.6],
    [datedElement(document), 'page-text', 0.5],
  ];
  for (const [raw, source, confidence] of candidates) {
    const value = raw ? parseFullDate(raw) : null;
    if (value) return { value, source, confidence };
  }
  return null;
}

const DATED = '[class*="date" i], [class*="time" i], [class*="publish" i], [class*="byline" i], [id*="date" i], time';
/** Year, month and day written with 年月日, slashes or dots. */
const NUMERIC_DATE = /((?:19|20)\d{2})\s*[年/.]\s*(\d{1,2})\s*[月/.]\s*(\d{1,2})/;

/** The first short element whose class says date, time or byline and whose text states a full date. */
function datedElement(document: any): string | null {
  for (const el of [...document.querySelectorAll(DATED)].slice(0, 50)) {
    const t = String(el.textContent ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    if (!t || t.length > 120) continue;
    const n = NUMERIC_DATE.exec(t);
    const value = n ? `${n[1]}-${pad(Number(n[2]))}-${pad(Number(n[3]))}` : t;
    if (parseFullDate(value)) return value;
  }
  return null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A date in a URL: /2016/11/29/, /2016/nov/29/, -20190520, ?a=20170309. */
export function dateInUrl(url: string): string | null {
  const numeric = dateFromUrl(url);
  if (numeric) return numeric;
  const named = /\/((?:19|20)\d{2})\/([a-z]{3})[a-z]*\/(\d{1,2})\//i.exec(url);
  const month = named ? MONTHS.indexOf(named[2].toLowerCase()) + 1 : 0;
  if (named && month) return parseFullDate(`${named[1]}-${pad(month)}-${pad(Number(named[3]))}`);
  const compact = /[-_/=]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![0-9])/.exec(url);
  return compact ? parseFullDate(`${compact[1]}-${compact[2]}-${compact[3]}`) : null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Letters and digits only, lower-cased: "Ars Technica" and "arstechnica.com" meet. */
const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
const TLD = /(?:com|org|net|gov|edu|co|uk|jp|de|fr|ca|in|au|io)$/;

/** The name parts of a host: "www.theguardian.com" gives theguardian. */
function hostParts(url: string | null): string[] {
  try {
    const labels = new URL(url ?? '').hostname.split('.');
    return labels.slice(0, -1).filter((l) => l.length >= 3 && l !== 'www');
  } catch {
    return [];
  }
}

/** Whether a title segment names the site rather than the article. */
function isSiteName(segment: string, names: (string | null)[], url: string | null): boolean {
  const seg = squash(segment);
  if (!seg) return true;
  const bare = seg.replace(TLD, '').replace(TLD, '') || seg;
  if (names.some((n) => n && (squash(n) === seg || squash(n).includes(bare) || seg.includes(squash(n))))) return true;
  return hostParts(url).some((h) => h.includes(bare) || bare.includes(h));
}

const SEPARATOR = / [|\-–—·:»] | ?[｜] ?/;

/** The headline without the site's name around it ("… | Ars Technica", "… - ABC News"). */
export function cleanTitle(raw: string, siteNames: (string | null)[], url: string | null, h1: string | null): string {
  const title = raw.replace(/\s+/g, ' ').trim();
  const head = h1?.replace(/\s+/g, ' ').trim();
  if (
    head &&
    head.length >= 10 &&
    title.startsWith(head) &&
    SEPARATOR.test(title.slice(head.length - 1, head.length + 3))
  )
    return head;
  const parts = title.split(SEPARATOR);
  while (parts.length > 1 && isSiteName(parts[parts.length - 1], siteNames, url)) parts.pop();
  while (parts.length > 1 && isSiteName(parts[0], siteNames, url)) parts.shift();
  return parts.length === title.split(SEPARATOR).length ? title : joinKept(title, parts);
}

/** The kept segments as the title wrote them, separators included. */
function joinKept(title: string, parts: string[]): string {
  const start = title.indexOf(parts[0]);
  const last = parts[parts.length - 1];
  return title.slice(start, title.indexOf(last, start) + last.length).trim();
}

const BYLINE_LABEL = /^(?:by|von|par|por|di|door|投稿者|著者|written by|posted by|author)\s*:?\s*/i;
/** Where a byline stops naming people: a date, a time, a handle, a label or a separator. */
const BYLINE_STOP =
  /[|·•/@\n\t(]|\d{1,2}[:./]\d{1,2}|\d{4}-\d{2}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.? \d|\b(?:updated|published|posted)\b|\d{4}年/i;
const BYLINE_TAIL =
  /^(?:staff writer|staff reporter|correspondent|reporter|contributor|editor|twitter|facebook|email)$/i;

/** Cut `s` where `re` first matches (found by search, so no regex scans a tail it cannot match). */
const cutAt = (s: string, re: RegExp) => {
  const i = s.search(re);
  return i < 0 ? s : s.slice(0, i);
};

/** A name glued to what follows it on the page ("Joe DavidsonWashington Post"): cut at the join. */
function unglue(s: string): string {
  for (const m of s.matchAll(/\p{Ll}{3}(?=\p{Lu})/gu)) {
    const at = m.index + 3;
    if (s.slice(0, at).includes(' ')) return s.slice(0, at);
  }
  return s;
}

/** A role or link label after the name ("Howard Blume Staff Writer"), dropped. */
function dropTail(name: string): string {
  const words = name.split(' ');
  for (const n of [2, 1]) {
    if (words.length > n + 1 && BYLINE_TAIL.test(words.slice(-n).join(' '))) return words.slice(0, -n).join(' ');
  }
  return name;
}

/** Names only: "By Pete Evans · CBC News · Posted: Oct 14, 2022" gives "Pete Evans". */
export function cleanByline(raw: string | null): string | null {
  if (!raw) return null;
  let s = raw.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 2; i++) s = s.replace(BYLINE_LABEL, '');
  s = cutAt(unglue(s.replace(/^by(?=\p{Lu})/u, '')), BYLINE_STOP);
  s = s
    .split(',')
    .map((n) => dropTail(n.trim()))
    .filter((n) => /\p{L}/u.test(n))
    .join(', ');
  const inverted = /^(\p{Lu}[\p{L}'-]+), (\p{Lu}[\p{L}'-]+)$/u.exec(s);
  if (inverted) s = `${inverted[2]} ${inverted[1]}`;
  return s || null;
}

const KNOWN_OUTLETS: Record<string, string> = {
  'nytimes.com': 'The New York Times',
  'washingtonpost.com': 'The Washington Post',
  'theguardian.com': 'The Guardian',
  'bbc.co.uk': 'BBC',
  'bbc.com': 'BBC',
  'reuters.com': 'Reuters',
  'apnews.com': 'AP News',
  'cnn.com': 'CNN',
  'wsj.com': 'The Wall Street Journal',
  'aljazeera.com': 'Al Jazeera',
  'lemonde.fr': 'Le Monde',
  'dawn.com': 'Dawn',
  'npr.org': 'NPR',
  'foxnews.com': 'Fox News',
  'huffingtonpost.com': 'HuffPost',
  'huffpost.com': 'HuffPost',
  'politico.com': 'Politico',
  'bloomberg.com': 'Bloomberg',
};

const hostOf = (url: string | null): string | null => {
  try {
    return new URL(url ?? '').hostname.toLowerCase() || null;
  } catch {
    return null;
  }
};

/** The outlet a well-known host stands for (bbc.co.uk is BBC), or null. */
export function knownOutlet(url: string | null): string | null {
  const labels = hostOf(url)?.split('.') ?? [];
  for (let i = 0; i < labels.length - 1; i++) {
    const known = KNOWN_OUTLETS[labels.slice(i).join('.')];
    if (known) return known;
  }
  return null;
}

/** The publisher a host stands for: a known outlet's name, else the host without "www.". */
export function outletOfHost(url: string | null): string | null {
  return knownOutlet(url) ?? hostOf(url)?.replace(/^www\./, '') ?? null;
}
