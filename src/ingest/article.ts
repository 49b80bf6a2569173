import type { Article, PublishedDate } from '../model.js';
import { shortHash } from '../util/hash.js';
import { stripBoilerplate } from './boilerplate.js';
import { IngestError } from './errors.js';
import { MAX_ARTICLE_CHARS, MAX_RAW_ARTICLE_CHARS, MIN_ARTICLE_CHARS } from './limits.js';
import {
  datelineDate,
  findDateline,
  takeDateHeader,
  takeDateLine,
  takePublishedTrailer,
  takeSourceUrl,
  takeTitle,
} from './textmeta.js';

export interface ArticleFields {
  input: string;
  format: Article['format'];
  text: string;
  title?: string | null;
  url?: string | null;
  outlet?: string | null;
  byline?: string | null;
  publishedAt?: PublishedDate | null;
}

/**
 * Control characters (C0, DEL, C1) but tab, newline and carriage return are dropped from every
 * field at ingest: PostgreSQL refuses NUL in text, and none of them is content. Vertical tab,
 * form feed and NEL separate lines, so they become newlines rather than gluing words together.
 */
export function stripControls(s: string): string {
  return s.replace(/[\v\f\u0085]/g, '\n').replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, '');
}

/** An optional text field (title, url, outlet, byline) as stored: without control characters, null when empty. */
export function cleanField(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const t = stripControls(s);
  return t.trim() ? t : null;
}

/** Whitespace normal form: what the id hashes and what offsets index. */
export function normaliseText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .replace(/[\u200b\u200c\u200d\ufeff]/g, '')
      // Only a run's first character may start a match: linear on long runs without a newline.
      .replace(/(?<![ \t])[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/**
 * Build an Article from raw fields: strip boilerplate and inline metadata (source URL line,
 * date header or date line, "Published in" trailer, title line) and hash the clean text into a stable id.
 * Fields given explicitly (HTML metadata, JSONL) win over what the text implies.
 */
export function makeArticle(f: ArticleFields): Article {
  if (f.text.length > MAX_RAW_ARTICLE_CHARS) {
    throw new IngestError(
      f.input,
      `article text too long (${f.text.length} characters before clean-up; limit ${MAX_RAW_ARTICLE_CHARS})`,
    );
  }
  let text = normaliseText(stripControls(f.text));
  const source = takeSourceUrl(text);
  text = source.text;
  const header = takeDateHeader(text);
  text = header.text;
  const dateLine = takeDateLine(text);
  text = dateLine.text;
  const trailer = takePublishedTrailer(text);
  text = trailer.text;
  const stripped = stripBoilerplate(text);
  text = normaliseText(stripped.text);
  let title = cleanField(f.title)?.trim() ?? null;
  const t = takeTitle(text);
  if (t.title && (!title || t.title === title)) {
    title = t.title;
    text = t.text.trim();
  }
  if (text.length < MIN_ARTICLE_CHARS) {
    throw new IngestError(
      f.input,
      text.length === 0
        ? 'empty article (no text after removing boilerplate)'
        : `article too short (${text.length} characters)`,
    );
  }
  if (text.length > MAX_ARTICLE_CHARS) {
    throw new IngestError(f.input, `article text too long (${text.length} characters; limit ${MAX_ARTICLE_CHARS})`);
  }
  return {
    id: shortHash(text.replace(/\s+/g, ' ')),
    input: f.input,
    format: f.format,
    url: cleanField(f.url) ?? source.url,
    title,
    outlet: cleanField(f.outlet) ?? trailer.outlet ?? null,
    byline: cleanField(f.byline),
    dateline: findDateline(text),
    publishedAt: f.publishedAt ?? header.date ?? dateLine.date ?? trailer.date ?? datelineDate(text) ?? source.date,
    text,
    removed: stripped.removed,
  };
}
