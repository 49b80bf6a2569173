import type { Citation, Sentence, Span, StoryBrief } from '../../src/model';

// Pure helpers for showing article text: everything is rendered as text nodes,
// split at the offsets the analysis gives.

export interface Segment extends Span {
  text: string;
  sentence: number;
  shared: boolean;
  highlighted: boolean;
}

/** Where sources agree: spans cited by facts, summary sentences or quotes that more than one source backs. */
export function sharedSpans(b: StoryBrief): Map<string, Span[]> {
  const out = new Map<string, Span[]>();
  const add = (cs: Citation[]) =>
    cs.forEach((c) => (out.get(c.articleId) ?? out.set(c.articleId, []).get(c.articleId)!).push(c));
  b.facts.filter((f) => f.sources > 1).forEach((f) => add(f.citations));
  b.summary.filter((s) => s.corroboratedBy.length > 0).forEach((s) => add([s.citation, ...s.corroboratedBy]));
  b.quotes.filter((q) => q.sources > 1).forEach((q) => add(q.citations));
  return out;
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/**
 * An article's text cut into sentence segments (plus the gaps between them), each
 * marked shared/unique, with the highlighted citation split out of its sentence.
 */
export function segments(text: string, sentences: Sentence[], shared: Span[], highlight: Span | null): Segment[] {
  const cuts = new Set<number>([0, text.length]);
  for (const s of sentences) cuts.add(s.start).add(s.end);
  if (highlight)
    cuts
      .add(Math.max(0, Math.min(text.length, highlight.start)))
      .add(Math.max(0, Math.min(text.length, highlight.end)));
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const span = { start: points[i], end: points[i + 1] };
    if (span.end <= span.start) continue;
    const sentence = sentences.findIndex((s) => s.start <= span.start && span.end <= s.end);
    const whole = sentence >= 0 ? sentences[sentence] : span;
    out.push({
      ...span,
      text: text.slice(span.start, span.end),
      sentence,
      shared: sentence >= 0 && shared.some((x) => overlaps(x, whole)),
      highlighted: !!highlight && overlaps(highlight, span),
    });
  }
  return out;
}

/** The sentence index a citation falls in, for highlighting the whole source sentence. */
export function sentenceOf(sentences: Sentence[], c: Span): Span | null {
  const s = sentences.find((x) => x.start <= c.start && c.start < x.end);
  return s ? { start: Math.min(s.start, c.start), end: Math.max(s.end, c.end) } : null;
}

/** What to call an article: its title, else its file name (not the whole path). */
export function articleName(a: { title: string | null; input: string }): string {
  return a.title ?? a.input.split('/').pop() ?? a.input;
}

export function outletOf(b: StoryBrief, articleId: string): string {
  const a = b.articles.find((x) => x.id === articleId);
  return a ? (a.outlet ?? articleName(a)) : articleId;
}

/** Day number of a YYYY[-MM[-DD]] date, for placing it on an axis. */
export function dayNumber(date: string): number {
  const [y, m = '01', d = '01'] = date.slice(0, 10).split('-');
  return Date.UTC(Number(y), Number(m) - 1, Number(d)) / 86400000;
}

/** The calendar day of a date or date-time, so a span never mixes "2013-08-02" with "2013-08-02T08:13". */
export function day(date: string | null | undefined): string | null {
  return date ? date.slice(0, 10) : null;
}
