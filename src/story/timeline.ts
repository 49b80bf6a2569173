import { getOrInsert } from '../util/maps.js';
import type { Citation, TimeExpression, TimelineEntry } from '../model.js';
import { addDays } from '../util/dates.js';
import { cite, independentSources, sortCitations, type Doc } from './context.js';
import type { StorySentence } from './sentences.js';
import { cosine } from './vectors.js';

// Timeline: each sentence dated to a day becomes an event; events on the same day that
// say the same thing (similar words and entities) merge across articles.

const SAME_EVENT = 0.22; // conservative: two events shown apart mislead less than two events merged

interface Dated {
  s: StorySentence;
  date: string;
  inferred: boolean;
  expr: TimeExpression;
}

/** Day-level dates of a document's sentences, with "N days after" anchored to the preceding dated event. */
export function datedSentences(doc: Doc, times: TimeExpression[], sents: StorySentence[]): Dated[] {
  const out: Dated[] = [];
  let last: { date: string; inferred: boolean } | null = doc.reference ? { date: doc.reference.value, inferred: doc.reference.inferred } : null;
  const bySentence = new Map<number, TimeExpression[]>();
  const quoted = doc.analysis.quotes.filter((q) => q.kind === 'direct');
  // Dates inside a quotation are relative to when it was said, not to the article: leave them out.
  for (const t of times.filter((t) => !quoted.some((q) => t.start >= q.start && t.end <= q.end))) getOrInsert(bySentence, t.sentence, () => []).push(t);
  for (const s of sents) {
    const ts = bySentence.get(s.index) ?? [];
    const days = ts.filter((t) => t.granularity === 'day' && t.value);
    const offset = ts.find((t) => t.anchorOffsetDays !== undefined);
    if (offset && last) {
      // "X came two days after Y": Y is dated from X, the last dated event before it.
      const ownAfter = days.find((t) => t.start > offset.end);
      if (!ownAfter) out.push({ s, date: addDays(last.date, offset.anchorOffsetDays!), inferred: last.inferred, expr: offset });
      else out.push({ s, date: ownAfter.value!, inferred: ownAfter.inferred, expr: ownAfter });
    } else if (days.length && !s.heading) {
      out.push({ s, date: days[0].value!, inferred: days[0].inferred, expr: days[0] });
    }
    if (days.length) last = { date: days[days.length - 1].value!, inferred: days[days.length - 1].inferred };
  }
  return out;
}

export function buildTimeline(dated: Dated[], order: Map<string, number>, groupOf: Map<string, string>): TimelineEntry[] {
  const byDate = new Map<string, Dated[]>();
  for (const d of dated) getOrInsert(byDate, d.date, () => []).push(d);
  const entries: TimelineEntry[] = [];
  for (const date of [...byDate.keys()].sort()) {
    const clusters: Dated[][] = [];
    for (const d of byDate.get(date)!) {
      // Average-link: join the cluster this sentence is most similar to on average.
      let best: { c: Dated[]; score: number } | null = null;
      for (const c of clusters) {
        const score = c.reduce((a, x) => a + cosine(x.s.vec, d.s.vec), 0) / c.length;
        if (!best || score > best.score) best = { c, score };
      }
      if (best && best.score >= SAME_EVENT) best.c.push(d);
      else clusters.push([d]);
    }
    for (const c of clusters) {
      const citations: Citation[] = sortCitations(c.map((d) => cite(d.s.doc, d.s)), order);
      const evidence = sortCitations(c.map((d) => cite(d.s.doc, d.expr)), order);
      // Label: the earliest-placed sentence (news leads state the event), then the earliest article.
      const label = [...c].sort((a, b) => a.s.index - b.s.index || order.get(a.s.doc.article.id)! - order.get(b.s.doc.article.id)!)[0].s.text;
      entries.push({ date, granularity: 'day', inferred: c.every((d) => d.inferred), label, citations, evidence, sources: independentSources(citations, groupOf) });
    }
  }
  return entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : b.sources - a.sources || order.get(a.citations[0].articleId)! - order.get(b.citations[0].articleId)!));
}
