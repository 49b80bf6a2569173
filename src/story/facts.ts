import type { Conflict, Fact, Quantity, TimeExpression, Token } from '../model.js';
import { shortHash } from '../util/hash.js';
import { getOrInsert } from '../util/maps.js';
import { wordCount } from '../util/text.js';
import { cite, independentSources, sortCitations } from './context.js';
import { SentenceGroups, type SentenceGroup, type StorySentence } from './sentences.js';
import { cosineNormed } from './vectors.js';
import {
  apart,
  background,
  claimCover,
  claimWords,
  participantsDiffer,
  sharesClaim,
  corroborationVeto,
  fragment,
  LIST,
  referentOf,
  referentVeto,
  sharedFrame,
  timesDiffer,
  unitClass,
  type Referent,
} from './referents.js';

// Facts: sentences from different articles that state the same thing, grouped around a
// seed sentence (no chaining: every member must be close to the seed). Conflicts: two
// such close sentences whose quantities about the same kind of thing cannot both be true.

const SAME_FACT = 0.3;
export const RELATED = 0.15;

export function alignFacts(
  sents: StorySentence[],
  order: Map<string, number>,
  groupOf: Map<string, string>,
  sg = new SentenceGroups(sents),
): { facts: Fact[]; factOf: Map<StorySentence, Fact> } {
  const isProse = (s: StorySentence) => !s.heading && wordCount(s.text) >= 6 && !fragment(s);
  const claims = memo(claimWords);
  const position = new Map(sents.map((s, i) => [s, i]));
  // Groups of identical prose sentences and their neighbours at SAME_FACT or closer (itself included).
  const near = new Map<SentenceGroup, { h: SentenceGroup; score: number }[]>();
  for (const g of sg.groups) {
    if (!isProse(g.members[0])) continue;
    const list = sg.neighbours(g, SAME_FACT).filter((x) => isProse(x.h.members[0]));
    const self = cosineNormed(g.vec, g.vec, g.norm, g.norm);
    if (self >= SAME_FACT) list.push({ h: g, score: self });
    near.set(
      g,
      list.sort((x, y) => x.h.index - y.h.index),
    );
  }
  // Seeds: sentences with the most support (summed similarity to close sentences of other articles) first.
  const support = new Map<StorySentence, number>();
  for (const [g, list] of near) {
    for (const s of g.members) {
      let sum = 0;
      let any = false;
      for (const { h, score } of list) {
        for (const o of h.members) {
          if (o.doc === s.doc) continue;
          sum += score;
          any = true;
        }
      }
      if (any) support.set(s, sum);
    }
  }
  const seeds = [...support.keys()].sort(
    (x, y) =>
      support.get(y)! - support.get(x)! ||
      order.get(x.doc.article.id)! - order.get(y.doc.article.id)! ||
      x.start - y.start,
  );
  const used = new Set<StorySentence>();
  const facts: Fact[] = [];
  const factOf = new Map<StorySentence, Fact>();
  for (const seed of seeds) {
    if (used.has(seed)) continue;
    const members = [seed];
    const docs = new Set([seed.doc]);
    const candidates: { s: StorySentence; score: number }[] = [];
    for (const { h, score } of near.get(sg.groupOf.get(seed)!)!)
      for (const s of h.members) if (!used.has(s) && s !== seed && !docs.has(s.doc)) candidates.push({ s, score });
    candidates.sort(
      (a, b) =>
        b.score - a.score ||
        order.get(a.s.doc.article.id)! - order.get(b.s.doc.article.id)! ||
        position.get(a.s)! - position.get(b.s)!,
    );
    for (const { s, score } of candidates) {
      if (docs.has(s.doc)) continue; // one sentence per article per fact
      if (corroborationVeto(seed, s, claims, score)) continue; // not the same happening (src/story/referents.ts)
      members.push(s);
      docs.add(s.doc);
    }
    if (members.length < 2) continue;
    members.forEach((m) => used.add(m));
    const citations = sortCitations(
      members.map((m) => cite(m.doc, m)),
      order,
    );
    const fact: Fact = {
      id: `f-${shortHash(seed.text, 10)}`,
      text: seed.text,
      citations,
      sources: independentSources(citations, groupOf),
      articles: docs.size,
    };
    facts.push(fact);
    members.forEach((m) => factOf.set(m, fact));
  }
  facts.sort(
    (a, b) =>
      b.sources - a.sources ||
      b.articles - a.articles ||
      order.get(a.citations[0].articleId)! - order.get(b.citations[0].articleId)! ||
      a.citations[0].start - b.citations[0].start,
  );
  return { facts, factOf };
}

/** A count of a sentence with what it is about. */
interface Count {
  s: StorySentence;
  q: Quantity;
  r: Referent;
}

interface Candidate {
  a: Count;
  b: Count;
  related: number;
  shared: string[];
  confidence: number;
}

/** Counts worth comparing: in whole sentences about this happening, with a countable referent. */
function countsOf(s: StorySentence): Count[] {
  if (fragment(s) || background(s)) return [];
  const tokens = sentenceTokens(s);
  const counts = s.doc.analysis.quantities
    .filter((q) => q.sentence === s.index && unitClass(q.unit))
    .map((q) => ({ s, q, r: referentOf(s, q, tokens) }))
    .filter((c): c is Count => !!c.r);
  // Rule not-a-list: a sentence giving LIST or more counts of one head lists different things.
  const perHead = new Map<string, number>();
  for (const c of counts) perHead.set(unitClass(c.r.head)!, (perHead.get(unitClass(c.r.head)!) ?? 0) + 1);
  return counts.filter((c) => perHead.get(unitClass(c.r.head)!)! < LIST);
}

/** Confidence that two counts are about one referent: sentence similarity, shared frame, one fact. */
const confidenceOf = (related: number, shared: number, sameFact: boolean) =>
  Math.min(1, related + 0.1 * Math.min(3, shared) + (sameFact ? 0.2 : 0));

/**
 * Quantity conflicts between related sentences of different sources (rule same-referent): the
 * same counted noun in a shared frame, no different names at them, the same time, values that
 * cannot both hold beyond rounding. Equal values are one value: each pair of values gives one
 * conflict per referent, the most confident. Ranked by confidence, most confident first.
 */
export function findConflicts(
  sents: StorySentence[],
  order: Map<string, number>,
  sg = new SentenceGroups(sents),
  factOf: Map<StorySentence, Fact> = new Map(),
): Conflict[] {
  const counts = memo(countsOf);
  const claims = memo(claimWords);
  const withQ = sg.groups.filter((g) => counts(g.members[0]).length);
  const hasQ = new Set(withQ);
  const rank = (c: Candidate) => [order.get(c.a.s.doc.article.id)!, c.a.q.start, order.get(c.b.s.doc.article.id)!];
  const best = new Map<string, Candidate>();
  for (const G of withQ) {
    const related = sg.neighbours(G, RELATED).filter((x) => hasQ.has(x.h) && x.h.index > G.index);
    const self = cosineNormed(G.vec, G.vec, G.norm, G.norm);
    if (self >= RELATED) related.unshift({ h: G, score: self });
    for (const { h: H, score } of related) {
      const A = G.members[0];
      const B = H.members.find((m) => m.doc.group !== A.doc.group);
      if (!B || timesDiffer(A, B) || participantsDiffer(A, B) || !sharesClaim(claims(A), claims(B))) continue;
      const sameFact = !!factOf.get(A) && factOf.get(A) === factOf.get(B);
      for (const a of counts(A)) {
        for (const b of counts(B)) {
          if (!apart(a.q, b.q) || referentVeto(a.r, b.r)) continue;
          const shared = [
            ...new Set([...sharedFrame(a.r, b.r), ...[...a.r.verbs].filter((v) => b.r.verbs.has(v))]),
          ].sort();
          const c = { a, b, related: score, shared, confidence: confidenceOf(score, shared.length, sameFact) };
          const key = [unitClass(a.r.head), ...[`${a.q.low}-${a.q.high}`, `${b.q.low}-${b.q.high}`].sort()].join('|');
          const old = best.get(key);
          if (
            !old ||
            c.confidence > old.confidence ||
            (c.confidence === old.confidence && compareRanks(rank(c), rank(old)) < 0)
          )
            best.set(key, c);
        }
      }
    }
  }
  return [...best.values()]
    .sort((x, y) => y.confidence - x.confidence || compareRanks(rank(x), rank(y)))
    .map(({ a, b, related, shared, confidence }) => ({
      type: 'quantity',
      about: unitClass(a.r.head) === 'human' ? 'number of people' : `number of ${a.r.head}`,
      values: [a, b].map(({ s, q }) => ({ text: q.text, citation: cite(s.doc, q), low: q.low, high: q.high })),
      explanation:
        `Rule same-referent (confidence ${confidence.toFixed(2)}): "${a.q.text}" (${range(a.q)}) and ` +
        `"${b.q.text}" (${range(b.q)}) both count ${a.r.head} (${shared.join(', ')}) and cannot both hold, ` +
        `beyond rounding; the sentences are related (similarity ${related.toFixed(2)}).`,
    }));
}

/** A function of a sentence computed once per sentence. */
function memo<T>(f: (s: StorySentence) => T): (s: StorySentence) => T {
  const m = new Map<StorySentence, T>();
  return (s) => getOrInsert(m, s, () => f(s));
}

const compareRanks = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
};

const range = (q: Quantity) => `${q.low ?? 0}–${q.high ?? '∞'}`;

const NEGATION = /^(not|n['’]t|never|no|neither|nor|without)$/i;
/** Words that deny without a negation cue ("refused to answer"): a sentence with one asserts nothing plainly. */
const IMPLICIT_NEGATIVE =
  /\b(?:refus|declin|fail|struggl|unable|den(?:y|ied)|reject|ban|halt|stopp?|pulled out|cancel)\w*/i;
/** Claim cover two reports need for one's negation of the other's statement to be a conflict. */
const POLARITY_COVER = 0.5;

const inQuote = (s: StorySentence, span: { start: number; end: number }) =>
  s.doc.analysis.quotes.some((q) => q.kind === 'direct' && q.start <= span.start && span.end <= q.end);
const sentenceTokens = (s: StorySentence) => s.doc.analysis.tokens.filter((t) => t.start >= s.start && t.end <= s.end);

/** Negation cues of a sentence outside direct quotes (quoted words are someone else's claim). */
function negations(s: StorySentence): Token[] {
  return sentenceTokens(s).filter((t) => NEGATION.test(t.text) && !inQuote(s, t));
}

/** What a negation cue negates: the next word that is not an auxiliary or adverb ("will not allow" -> allow). */
function negatedVerb(s: StorySentence, cue: Token): string | null {
  const ts = sentenceTokens(s);
  const i = ts.indexOf(cue);
  const v = ts.slice(i + 1, i + 4).find((t) => !['AUX', 'ADV', 'PART', 'PUNCT'].includes(t.pos));
  return v && (v.pos === 'VERB' || v.pos === 'ADJ' || v.pos === 'NOUN') ? v.lemma : null;
}

/** The first content lemma after the negated verb (its object or complement), if any. */
function nextContent(s: StorySentence, cue: Token): string | null {
  const ts = sentenceTokens(s);
  const i = ts.indexOf(cue);
  const rest = ts.slice(i + 1, i + 7).filter((t) => ['NOUN', 'PROPN', 'ADJ'].includes(t.pos));
  return rest[0]?.lemma ?? null;
}

/** Lemmas a sentence states without a negation in the four tokens before them. */
function plainVerbs(s: StorySentence): Set<string> {
  const ts = sentenceTokens(s);
  return new Set(
    ts
      .filter((t, i) => t.pos !== 'PUNCT' && !ts.slice(Math.max(0, i - 4), i).some((x) => NEGATION.test(x.text)))
      .map((t) => t.lemma),
  );
}

export interface FactSentences {
  fact: Fact;
  /** The fact's text, shortened for a conflict's heading. */
  about: string;
  /** Its sentences in story order. */
  sentences: StorySentence[];
}

/** Each fact with its member sentences, in the order the facts were found. */
export function factSentences(factOf: Map<StorySentence, Fact>, order: Map<string, number>): FactSentences[] {
  const members = new Map<Fact, StorySentence[]>();
  for (const [s, f] of factOf) (members.get(f) ?? members.set(f, []).get(f)!).push(s);
  return [...members].map(([fact, sentences]) => ({
    fact,
    about: fact.text.length > 90 ? `${fact.text.slice(0, 87)}…` : fact.text,
    sentences: sentences.sort(
      (a, b) => order.get(a.doc.article.id)! - order.get(b.doc.article.id)! || a.start - b.start,
    ),
  }));
}

/** Claim cover two reports need for their different days to be one fact's dates. */
const DATE_COVER = 0.5;

/** Distinct day values compared within one fact, at most: more are not shown apart anyway. */
const MAX_DATE_VALUES = 20;

/**
 * Sentences i < j of different source groups dating the fact (one day each) to different
 * days: the first such pair (by i, then j) for each pair of days, in that order. Linear in
 * the fact's sentences for each pair of days, so 300 outlets give one conflict, not 20,000.
 */
function firstDatePairs(ss: StorySentence[], days: TimeExpression[][]): [number, number][] {
  const byValue = new Map<string, number[]>();
  ss.forEach((_, i) => {
    if (days[i].length === 1 && (byValue.size < MAX_DATE_VALUES || byValue.has(days[i][0].value!)))
      getOrInsert(byValue, days[i][0].value!, () => []).push(i);
  });
  const values = [...byValue.values()];
  const out: [number, number][] = [];
  for (let a = 0; a < values.length; a++) {
    for (let b = a + 1; b < values.length; b++) {
      const valueOf = new Map<number, number>([
        ...values[a].map((i) => [i, a] as const),
        ...values[b].map((i) => [i, b] as const),
      ]);
      const merged = [...valueOf.keys()].sort((x, y) => x - y);
      let found: [number, number] | null = null;
      for (let k = 0; k < merged.length && !found; k++) {
        const i = merged[k];
        const j = merged
          .slice(k + 1)
          .find((x) => valueOf.get(x) !== valueOf.get(i) && ss[x].doc.group !== ss[i].doc.group);
        if (j !== undefined) found = [i, j];
      }
      if (found) out.push(found);
    }
  }
  return out.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

/**
 * Disagreements inside one fact, between articles of different source groups: one asserts
 * what another negates (polarity), or they give one event different days (date).
 */
export function factConflicts(members: FactSentences[], timesOf: (s: StorySentence) => TimeExpression[]): Conflict[] {
  const out: Conflict[] = [];
  const claims = memo(claimWords);
  for (const { about, sentences: ss } of members) {
    // Polarity: a negated verb in one report that another report states plainly.
    // Rule time-limit: "not … until" says when, not whether.
    const negated = ss.flatMap((a) =>
      negations(a)
        .map((cue) => ({ a, cue, verb: negatedVerb(a, cue) }))
        .filter((x) => x.verb && !/\b(?:until|till)\b/i.test(a.text.slice(x.cue.end - a.start))),
    );
    for (const { a, cue, verb } of negated.slice(0, 1)) {
      // Rule plain-assertion: the other report states the verb, with the word after it, and no negation at all.
      const object = nextContent(a, cue);
      const b = ss.find(
        (o) =>
          o.doc.group !== a.doc.group &&
          !sentenceTokens(o).some((t) => NEGATION.test(t.text)) &&
          !IMPLICIT_NEGATIVE.test(o.text) &&
          claimCover(claims(a), claims(o)) >= POLARITY_COVER &&
          plainVerbs(o).has(verb!) &&
          (!object || sentenceTokens(o).some((t) => t.lemma === object)),
      );
      if (b) {
        out.push({
          type: 'polarity',
          about,
          values: [
            { text: `negated (“${cue.text}”)`, citation: cite(a.doc, cue), low: null, high: null },
            {
              text: 'asserted',
              citation: cite(
                b.doc,
                sentenceTokens(b).find((t) => t.lemma === verb)!,
              ),
              low: null,
              high: null,
            },
          ],
          explanation: `One report negates “${verb}” (“${cue.text}”), another states it plainly; check which is right.`,
        });
      }
    }
    // Dates: one day each, neither inferred nor inside quoted words (a quote's "today" is the speaker's).
    const days = ss.map((s) =>
      timesOf(s).filter(
        (t) => t.value && !t.inferred && t.granularity === 'day' && t.anchorOffsetDays === undefined && !inQuote(s, t),
      ),
    );
    // Rule same-claim (close): only reports that say nearly the same thing date it differently.
    for (const [i, j] of firstDatePairs(ss, days)) {
      if (claimCover(claims(ss[i]), claims(ss[j])) < DATE_COVER) continue;
      // Rule dated-reports: a day read against a guessed reference date is no claim to set against another.
      if (!ss[i].doc.reference || ss[i].doc.reference.inferred || !ss[j].doc.reference || ss[j].doc.reference.inferred)
        continue;
      const [x, y] = [days[i][0], days[j][0]];
      out.push({
        type: 'date',
        about,
        values: [
          {
            text: `${x.text} (${x.value}${x.inferred ? ', inferred' : ''})`,
            citation: cite(ss[i].doc, x),
            low: null,
            high: null,
          },
          {
            text: `${y.text} (${y.value}${y.inferred ? ', inferred' : ''})`,
            citation: cite(ss[j].doc, y),
            low: null,
            high: null,
          },
        ],
        explanation: `The same fact is dated ${x.value} in one report and ${y.value} in another${x.inferred || y.inferred ? ' (at least one date rests on an inferred publication date)' : ''}.`,
      });
    }
  }
  return out;
}
