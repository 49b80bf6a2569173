import { getOrInsert } from '../util/maps.js';
import type { Citation, TimeExpression, TimelineEntry } from '../model.js';
import { addDays } from '../util/dates.js';
import { cite, independentSources, sortCitations, type Doc } from './context.js';
import type { SentenceGroups, StorySentence } from './sentences.js';
import { cosine, dot, norm, type Vec } from './vectors.js';

// Timeline: each sentence dated to a day becomes an event; events on the same day that
// say the same thing (similar words and entities) merge across articles.

const SAME_EVENT = 0.22; // conservative: two events shown apart mislead less than two events merged

export interface Dated {
  s: StorySentence;
  date: string;
  inferred: boolean;
  expr: TimeExpression;
}

/** Day-level dates of a document's sentences, with "N days after" anchored to the preceding dated event. */
export function datedSentences(doc: Doc, times: TimeExpression[], sents: StorySentence[]): Dated[] {
  const out: Dated[] = [];
  let last: { date: string; inferred: boolean } | null = doc.reference
    ? { date: doc.reference.value, inferred: doc.reference.inferred }
    : null;
  const bySentence = new Map<number, TimeExpression[]>();
  const quoted = doc.analysis.quotes.filter((q) => q.kind === 'direct');
  // Dates inside a quotation are relative to when it was said, not to the article: leave them out.
  for (const t of times.filter((t) => !quoted.some((q) => t.start >= q.start && t.end <= q.end)))
    getOrInsert(bySentence, t.sentence, () => []).push(t);
  for (const s of sents) {
    const ts = bySentence.get(s.index) ?? [];
    const days = ts.filter((t) => t.granularity === 'day' && t.value);
    const offset = ts.find((t) => t.anchorOffsetDays !== undefined);
    if (offset && last) {
      // "X came two days after Y": Y is dated from X, the last dated event before it.
      const ownAfter = days.find((t) => t.start > offset.end);
      if (!ownAfter)
        out.push({ s, date: addDays(last.date, offset.anchorOffsetDays!), inferred: last.inferred, expr: offset });
      else out.push({ s, date: ownAfter.value!, inferred: ownAfter.inferred, expr: ownAfter });
    } else if (days.length && !s.heading) {
      out.push({ s, date: days[0].value!, inferred: days[0].inferred, expr: days[0] });
    }
    if (days.length) last = { date: days[days.length - 1].value!, inferred: days[days.length - 1].inferred };
  }
  return out;
}

/** An undated sentence placed before or after a dated event by its own words. */
export interface Placed {
  s: StorySentence;
  relation: 'before' | 'after';
  anchor: Dated;
  cue: { start: number; end: number };
}

// "resigned after the report", "ahead of the vote", "Later, ...": cues that order an undated event.
const CUE_RE =
  /\b(after|before|following|ahead of|prior to)\s+(?:the|a|an|his|her|their|its|this|that)\s+((?:[A-Za-z-]+\s+){0,2}[A-Za-z-]+)/gi;
const ADVERB_RE = /^\W*(Later|Afterwards|Subsequently|Earlier|Previously)\b/;
const AFTER = new Set(['after', 'following', 'later', 'afterwards', 'subsequently']);

const stemOf = (w: string) => w.toLowerCase().slice(0, 4);

/**
 * Undated sentences ordered by a cue: "after the call" is placed after the dated event that
 * mentions the call (most similar if several), "Later," after the article's previous dated event.
 */
export function placeUndated(sents: StorySentence[], dated: Dated[], sg?: SentenceGroups): Placed[] {
  const datedSet = new Set(dated.map((d) => d.s));
  const datedOf = new Map<Doc, Dated[]>();
  for (const d of dated) getOrInsert(datedOf, d.s.doc, () => []).push(d);
  const anchors = anchorCandidates(dated, sg);
  const out: Placed[] = [];
  for (const s of sents) {
    if (datedSet.has(s) || s.heading) continue;
    const quoted = s.doc.analysis.quotes.filter((q) => q.kind === 'direct');
    const inQuote = (at: number) => quoted.some((q) => at >= q.start && at < q.end);
    const adverb = ADVERB_RE.exec(s.text);
    if (adverb) {
      const at = s.start + adverb[0].length - adverb[1].length;
      const previous = (datedOf.get(s.doc) ?? []).filter((d) => d.s.index < s.index).pop();
      if (previous && !inQuote(at)) {
        out.push({
          s,
          relation: AFTER.has(adverb[1].toLowerCase()) ? 'after' : 'before',
          anchor: previous,
          cue: { start: at, end: at + adverb[1].length },
        });
        continue;
      }
    }
    for (const m of s.text.matchAll(CUE_RE)) {
      const at = s.start + m.index!;
      if (inQuote(at)) continue;
      const stems = m[2]
        .split(/\s+/)
        .filter((w) => w.length >= 4)
        .map(stemOf);
      if (!stems.length) continue;
      // The anchor is the dated sentence that best describes the cued event: its verb, the most
      // words of the cue's clause ("after the killing of Soleimani"), then the earliest date.
      const clauseText = (/^\S+(?:\s+\S+){0,8}/.exec(s.text.slice(m.index!).split(/[,;:.!?]/)[0]) ?? [''])[0];
      const clause = clauseText
        .split(/\s+/)
        .slice(1)
        .filter((w) => w.length >= 4)
        .map(stemOf);
      let best: { d: Dated; shared: number; score: number } | null = null;
      for (const { d, words, verbs } of anchors) {
        if (d.s.doc === s.doc && d.s.index === s.index) continue;
        const has = (st: string) => words.some((w) => w.startsWith(st));
        if (!stems.some(has)) continue;
        // The anchor states the cued event with its verb ("killed Soleimani"), not as a noun in passing.
        const shared =
          new Set(clause.filter(has)).size + (stems.some((st) => verbs.some((v) => v.startsWith(st))) ? 10 : 0);
        const score = cosine(s.vec, d.s.vec);
        // Among equals, the earliest: later sentences refer back to an event, they do not redo it.
        if (
          !best ||
          shared > best.shared ||
          (shared === best.shared && (d.date < best.d.date || (d.date === best.d.date && score > best.score)))
        )
          best = { d, shared, score };
      }
      if (best) {
        out.push({
          s,
          relation: AFTER.has(m[1].toLowerCase()) ? 'after' : 'before',
          anchor: best.d,
          cue: { start: at, end: at + clauseText.length },
        });
        break;
      }
    }
  }
  return out;
}

/**
 * Dated sentences an undated one may be placed against, with their words (cue phrases
 * removed: words the anchor cites as background do not make it that event) and verbs.
 * Copies of one sentence on one date are alike as anchors: the first two stand for the
 * rest (two, so that a sentence is never its own only candidate).
 */
function anchorCandidates(dated: Dated[], sg?: SentenceGroups) {
  const kept = new Map<string, number>();
  return dated
    .filter((d) => {
      const g = sg?.groupOf.get(d.s);
      if (!g) return true;
      const key = `${g.index}|${d.date}`;
      const n = kept.get(key) ?? 0;
      kept.set(key, n + 1);
      return n < 2;
    })
    .map((d) => ({
      d,
      words: d.s.text
        .replace(CUE_RE, ' ')
        .toLowerCase()
        .split(/[^a-z-]+/),
      verbs: d.s.doc.analysis.tokens
        .filter((t) => t.start >= d.s.start && t.end <= d.s.end && t.pos === 'VERB')
        .map((t) => t.text.toLowerCase()),
    }));
}

// Two reports of one event on different days: words this close, from different articles.
const SAME_EVENT_ACROSS_DATES = 0.5;
const RANK = { before: 0, dated: 1, after: 2 } as const;

export function buildTimeline(
  dated: Dated[],
  placed: Placed[],
  order: Map<string, number>,
  groupOf: Map<string, string>,
): TimelineEntry[] {
  const byDate = new Map<string, Dated[]>();
  for (const d of dated) getOrInsert(byDate, d.date, () => []).push(d);
  const built: { entry: TimelineEntry; members: Dated[]; cluster?: Cluster<Dated>; rank: number }[] = [];
  const entryOf = (c: { s: StorySentence }[], exprs: Citation[], date: string, inferred: boolean): TimelineEntry => {
    const citations: Citation[] = sortCitations(
      c.map((d) => cite(d.s.doc, d.s)),
      order,
    );
    // Label: the earliest-placed sentence (news leads state the event), then the earliest article.
    const label = [...c].sort(
      (a, b) => a.s.index - b.s.index || order.get(a.s.doc.article.id)! - order.get(b.s.doc.article.id)!,
    )[0].s.text;
    return {
      date,
      granularity: 'day',
      inferred,
      label,
      citations,
      evidence: sortCitations(exprs, order),
      sources: independentSources(citations, groupOf),
    };
  };
  for (const date of [...byDate.keys()].sort()) {
    for (const cluster of clusterBySimilarity(byDate.get(date)!)) {
      const c = cluster.items;
      built.push({
        entry: entryOf(
          c,
          c.map((d) => cite(d.s.doc, d.expr)),
          date,
          c.every((d) => d.inferred),
        ),
        members: c,
        cluster,
        rank: RANK.dated,
      });
    }
  }
  // Sources that date one event differently: each entry names the other dates.
  const articles = new Map(built.map((b) => [b, new Set(b.members.map((d) => d.s.doc.article.id))]));
  const sure = built.filter((b) => !b.members.every((d) => d.inferred));
  for (const x of sure) {
    for (const y of sure) {
      if (x === y || x.entry.date === y.entry.date) continue;
      const ax = articles.get(x)!;
      if ([...articles.get(y)!].some((a) => ax.has(a))) continue;
      const score = x.cluster!.meanCosineTo(y.cluster!);
      if (score < SAME_EVENT_ACROSS_DATES) continue;
      (x.entry.conflictingDates ??= []).push({ date: y.entry.date, citations: y.entry.evidence });
    }
  }
  // Placed events: one entry per anchor, relation and event.
  const groups = new Map<string, Placed[]>();
  for (const p of placed)
    getOrInsert(
      groups,
      `${p.relation}|${p.anchor.date}|${p.anchor.s.doc.article.id}:${p.anchor.s.index}`,
      () => [],
    ).push(p);
  for (const ps of groups.values()) {
    for (const { items: c } of clusterBySimilarity(ps)) {
      const p = c[0];
      const entry = entryOf(
        c,
        c.map((q) => cite(q.s.doc, q.cue)),
        p.anchor.date,
        true,
      );
      entry.placement = {
        relation: p.relation,
        anchor: p.anchor.s.text,
        anchorDate: p.anchor.date,
        cue: cite(p.s.doc, p.cue),
      };
      built.push({ entry, members: [], rank: RANK[p.relation] });
    }
  }
  return built
    .sort((a, b) =>
      a.entry.date < b.entry.date
        ? -1
        : a.entry.date > b.entry.date
          ? 1
          : a.rank - b.rank ||
            b.entry.sources - a.entry.sources ||
            order.get(a.entry.citations[0].articleId)! - order.get(b.entry.citations[0].articleId)!,
    )
    .map((b) => b.entry);
}

/** Clusters up to this size are compared member by member; larger ones through the sum of their unit vectors. */
const EXACT_MEAN = 8;

/** A cluster's members with the running sum of their unit vectors (mean cosine = dot with it / size). */
class Cluster<T extends { s: StorySentence }> {
  readonly items: T[] = [];
  private readonly sum: Vec = new Map();
  add(x: T): void {
    this.items.push(x);
    const n = norm(x.s.vec);
    if (n) for (const [t, w] of x.s.vec) this.sum.set(t, (this.sum.get(t) ?? 0) + w / n);
  }
  /** Mean cosine similarity of a vector to the members. */
  meanCosine(vec: Vec): number {
    if (this.items.length <= EXACT_MEAN)
      return this.items.reduce((a, x) => a + cosine(x.s.vec, vec), 0) / this.items.length;
    const n = norm(vec);
    return n ? dot(vec, this.sum) / n / this.items.length : 0;
  }
  /** Mean pairwise cosine similarity to another cluster's members. */
  meanCosineTo(o: Cluster<T>): number {
    if (this.items.length * o.items.length <= EXACT_MEAN * EXACT_MEAN)
      return (
        this.items.reduce((sum, a) => sum + o.items.reduce((t, b) => t + cosine(a.s.vec, b.s.vec), 0), 0) /
        (this.items.length * o.items.length)
      );
    return dot(this.sum, o.sum) / (this.items.length * o.items.length);
  }
}

/** Average-link clusters of sentences saying the same thing. */
function clusterBySimilarity<T extends { s: StorySentence }>(items: T[]): Cluster<T>[] {
  const clusters: Cluster<T>[] = [];
  for (const d of items) {
    let best: { c: Cluster<T>; score: number } | null = null;
    for (const c of clusters) {
      const score = c.meanCosine(d.s.vec);
      if (!best || score > best.score) best = { c, score };
    }
    if (best && best.score >= SAME_EVENT) best.c.add(d);
    else {
      const c = new Cluster<T>();
      c.add(d);
      clusters.push(c);
    }
  }
  return clusters;
}
