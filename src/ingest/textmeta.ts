import type { PublishedDate } from '../model.js';
import { dateFromUrl, dateOnly, parseFullDate } from '../util/dates.js';
import { wordCount } from '../util/text.js';

// Metadata that plain-text articles carry inline. Each reader returns the text with
// the metadata removed, so it never pollutes analysis.

/** " date 2020-01-05 Body..." — a header some scrapers prepend. */
export function takeDateHeader(text: string): { text: string; date: PublishedDate | null } {
  const m = /^\s*(?:date|published|dated)\s*(?:[:=]\s*)?(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+Z?)?\s+/i.exec(text);
  const value = m ? parseFullDate(m[1]) : null;
  if (!m || !value) return { text, date: null };
  return { text: text.slice(m[0].length), date: { value, source: 'header', confidence: 0.95 } };
}

/** The address a saved page came from, alone on the first line: the URL, and the date its path carries. */
export function takeSourceUrl(text: string): { text: string; url: string | null; date: PublishedDate | null } {
  const m = /^\s*(https?:\/\/[^\s<>"]+)\s*(?:\n|$)/.exec(text);
  if (!m) return { text, url: null, date: null };
  const day = dateFromUrl(m[1]);
  return {
    text: text.slice(m[0].length),
    url: m[1],
    date: day ? { value: day, source: 'url', confidence: 0.6 } : null,
  };
}

const DATE_LINE_KEY = /^(?:(?:first |last )?(?:published|updated|posted|modified)(?: on| at)?|dated?)\s*[:\-–—]?\s*/i;

/**
 * A line near the top that only dates the article ("Published: July 29, 2004", "Updated
 * 8:41 p.m. EST, Tue March 3, 2009", "April 27, 2009"): the first such line among the first
 * four paragraphs is taken out of the text. A sentence that mentions a date is never taken.
 */
export function takeDateLine(text: string): { text: string; date: PublishedDate | null } {
  const paras = text.split(/(\n\s*\n)/);
  for (let i = 0; i < Math.min(paras.length, 7); i += 2) {
    const line = paras[i].trim();
    if (line.includes('\n')) continue;
    const value = dateOnly(line.replace(DATE_LINE_KEY, ''));
    if (!value) continue;
    const rest = [...paras.slice(0, i), ...paras.slice(i + 2)].join('');
    return { text: rest, date: { value, source: 'date-line', confidence: 0.9 } };
  }
  return { text, date: null };
}

/** "Published in Dawn, January 4th, 2020" as the last line: outlet and date. */
export function takePublishedTrailer(text: string): {
  text: string;
  outlet: string | null;
  date: PublishedDate | null;
} {
  const trimmed = text.trimEnd();
  const lastBreak = trimmed.lastIndexOf('\n');
  const last = trimmed.slice(lastBreak + 1).trim();
  const m =
    /^(?:published|first published|originally published)\s+(?:in|by|on)\s+(?:([^,]{2,60}),\s*)?(\S.*?)\.?$/i.exec(last);
  if (!m) return { text, outlet: null, date: null };
  const value = parseFullDate(m[2].replace(/(\d)(st|nd|rd|th)\b/g, '$1'));
  if (!value && !m[1]) return { text, outlet: null, date: null };
  return {
    text: lastBreak < 0 ? '' : trimmed.slice(0, lastBreak),
    outlet: m[1]?.trim() ?? null,
    date: value ? { value, source: 'trailer', confidence: 0.95 } : null,
  };
}

/**
 * A title line: the first paragraph when it is a single short line without sentence-final
 * punctuation and more text follows. Headlines in title case qualify; prose does not.
 */
export function takeTitle(text: string): { text: string; title: string | null } {
  const m = /^\s*(\S[^\n]*)\n\s*\n/.exec(text);
  if (!m) return { text, title: null };
  const line = m[1].trim();
  const words = line.split(/\s+/);
  if (words.length > 25 || /[.!;,]$/.test(line) || /["“”]$/.test(line) || startsWithDateline(line))
    return { text, title: null };
  return { text: text.slice(m[0].length), title: line };
}

// "ISLAMABAD:", "ISLAMABAD, PAKISTAN --", "WASHINGTON, Jan. 5 (Reuters) -": place, optional date, optional agency.
const DATELINE_DATE = `(?:[A-Z][a-z]{2,8}\\.? \\d{1,2}(?:st|nd|rd|th)?(?:,? \\d{4})?|\\d{1,2} [A-Z][a-z]{2,8}\\.?(?: \\d{4})?|\\d{4}-\\d{2}-\\d{2})`;
const DATELINE = new RegExp(
  `^(\\p{Lu}[\\p{L}\\p{M}.'’ -]{1,40}?(?:,\\s*\\p{Lu}[\\p{L}\\p{M}.'’ -]{1,40}?)?)(?:,\\s*(${DATELINE_DATE}))?\\s*(?:(?:\\(\\w+\\)\\s*)?(?:--|—|–|:)|\\([^)]{1,40}\\)\\s*-)\\s+`,
  'u',
);

function startsWithDateline(line: string): boolean {
  const m = DATELINE.exec(line);
  return !!m && wordCount(m[1]) <= 4;
}

/** "ISLAMABAD:", "ISLAMABAD, PAKISTAN --", "Islamabad:" starting one of the first paragraphs (captions may come first). Kept in the text. */
export function findDateline(text: string): string | null {
  for (const para of text.split(/\n\s*\n/).slice(0, 3)) {
    const m = DATELINE.exec(para.trimStart());
    if (m && wordCount(m[1]) <= 4) return m[1].trim();
  }
  return null;
}

/**
 * How many characters a dateline opening the text takes, separator included ("WASHINGTON
 * (Reuters) - ", "MONSEY, N.Y. (AP) — ", "(CNN)", "MINNEAPOLIS—"), or 0. The words after it
 * are the report's own: the story's sentences (summary, facts, timeline) leave the dateline out.
 */
export function datelineLength(text: string): number {
  const m = DATELINE.exec(text);
  if (m && wordCount(m[1]) <= 4) return m[0].length;
  const agency = /^\([A-Z][A-Za-z]{1,15}\)\s*(?=\p{Lu})/u.exec(text);
  if (agency) return agency[0].length;
  const glued = /^\p{Lu}[\p{Lu}\p{M}.'’ -]{2,30}[\p{Lu}.]\s*[—–]\s*(?=\p{Lu})/u.exec(text);
  return glued ? glued[0].length : 0;
}

/**
 * The date in a dated dateline: "WASHINGTON, Jan. 5, 2020 (Reuters) -", "LONDON, 5 January 2020 —".
 * Only a date with its year is a publication date; the text is left as it is.
 */
export function datelineDate(text: string): PublishedDate | null {
  for (const para of text.split(/\n\s*\n/).slice(0, 3)) {
    const m = DATELINE.exec(para.trimStart());
    const value = m?.[2] && /\d{4}/.test(m[2]) ? parseFullDate(m[2].replace(/(\d)(st|nd|rd|th)\b/, '$1')) : null;
    if (value) return { value, source: 'dateline', confidence: 0.85 };
  }
  return null;
}
