import type { Citation, StoryBrief } from '../model.js';

// Flat exports of a brief: one record per line (JSONL) or per row (CSV), every record
// keeping its citations so a spreadsheet user can still go back to the source text.

export interface ExportRecord {
  story: string;
  kind: 'summary' | 'fact' | 'conflict' | 'quote' | 'timeline' | 'entity' | 'article';
  id: string;
  text: string;
  date: string | null;
  sources: number | null;
  citations: Citation[];
}

export function exportRecords(b: StoryBrief): ExportRecord[] {
  const rec = (
    kind: ExportRecord['kind'],
    id: string,
    text: string,
    citations: Citation[],
    date: string | null = null,
    sources: number | null = null,
  ): ExportRecord => ({ story: b.id, kind, id, text, date, sources, citations });
  return [
    ...b.articles.map((a) => rec('article', a.id, a.title ?? a.input, [], a.publishedAt?.value ?? null)),
    ...b.summary.map((s, i) => rec('summary', `summary-${i + 1}`, s.text, [s.citation, ...s.corroboratedBy])),
    ...b.facts.map((f) => rec('fact', f.id, f.text, f.citations, null, f.sources)),
    ...b.conflicts.map((c, i) =>
      rec(
        'conflict',
        `conflict-${i + 1}`,
        `${c.about}: ${c.values.map((v) => v.text).join(' vs ')}`,
        c.values.map((v) => v.citation),
      ),
    ),
    ...b.quotes.map((q) =>
      rec('quote', q.id, `${q.speaker ? `${q.speaker.name}: ` : ''}${q.text}`, q.citations, null, q.sources),
    ),
    ...b.timeline.map((t, i) => rec('timeline', `timeline-${i + 1}`, t.label, t.citations, t.date, t.sources)),
    ...b.entities.map((e) => rec('entity', e.id, [e.name, ...e.aliases].join(' | '), e.mentions, null, e.articleCount)),
  ];
}

export function toJsonl(records: object[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join('');
}

/** The CSV header line. */
export const CSV_HEAD = 'story,kind,id,text,date,sources,citations\r\n';

/** RFC 4180 CSV. Cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function toCsv(records: ExportRecord[]): string {
  return CSV_HEAD + csvRows(records);
}

/** CSV rows without the header (an export written in parts), each ending in CRLF. */
export function csvRows(records: ExportRecord[]): string {
  const cell = (v: string | number | null) => {
    let s = v === null ? '' : String(v);
    if (formulaStart(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return records
    .map(
      (r) =>
        `${[r.story, r.kind, r.id, r.text, r.date, r.sources, r.citations.map((c) => `${c.articleId}:${c.start}-${c.end}`).join(' ')].map(cell).join(',')}\r\n`,
    )
    .join('');
}

/**
 * Whether a spreadsheet could read the cell as a formula: it starts with = + - @ tab or CR, also in a
 * full-width or small form (＝ ﹦ ＋ － ＠), which NFKC folds to those, or with a minus sign (U+2212).
 */
function formulaStart(s: string): boolean {
  const first = String.fromCodePoint(s.codePointAt(0) ?? 0x20).normalize('NFKC');
  return /^[=+\-@\t\r\u2212]/.test(first);
}
