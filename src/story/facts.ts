import type { Conflict, Fact, Quantity, TimeExpression, Token } from '../model.js';
import { shortHash } from '../util/hash.js';
import { spellingKey, wordCount } from '../util/text.js';
import { cite, independentSources, sortCitations } from './context.js';
import type { StorySentence } from './sentences.js';
import { cosine } from './vectors.js';

// Facts: sentences from different articles that state the same thing, grouped around a
// seed sentence (no chaining: every member must be close to the seed). Conflicts: two
// such close sentences whose quantities about the same kind of thing cannot both be true.

const SAME_FACT = 0.3;
export const RELATED = 0.15;

export function alignFacts(sents: StorySentence[], order: Map<string, number>, groupOf: Map<string, string>): { facts: Fact[]; factOf: Map<StorySentence, Fact> } {
  const prose = sents.filter((s) => !s.heading && wordCount(s.text) >= 6);
  const used = new Set<StorySentence>();
  const pairs: { a: StorySentence; b: StorySentence; score: number }[] = [];
  for (let i = 0; i < prose.length; i++) {
    for (let j = i + 1; j < prose.length; j++) {
      if (prose[i].doc === prose[j].doc) continue;
      const score = cosine(prose[i].vec, prose[j].vec);
      if (score >= SAME_FACT) pairs.push({ a: prose[i], b: prose[j], score });
    }
  }
  // Seeds: sentences with the most support first.
  const support = new Map<StorySentence, number>();
  for (const p of pairs) {
    support.set(p.a, (support.get(p.a) ?? 0) + p.score);
    support.set(p.b, (support.get(p.b) ?? 0) + p.score);
  }
  const seeds = [...support.keys()].sort((x, y) => support.get(y)! - support.get(x)! || order.get(x.doc.article.id)! - order.get(y.doc.article.id)! || x.start - y.start);
  const facts: Fact[] = [];
  const factOf = new Map<StorySentence, Fact>();
  for (const seed of seeds) {
    if (used.has(seed)) continue;
    const members = [seed];
    const docs = new Set([seed.doc]);
    const near = prose
      .filter((s) => !used.has(s) && s !== seed && !docs.has(s.doc))
      .map((s) => ({ s, score: cosine(seed.vec, s.vec) }))
      .filter((x) => x.score >= SAME_FACT)
      .sort((a, b) => b.score - a.score || order.get(a.s.doc.article.id)! - order.get(b.s.doc.article.id)!);
    for (const { s } of near) {
      if (docs.has(s.doc)) continue; // one sentence per article per fact
      members.push(s);
      docs.add(s.doc);
    }
    if (members.length < 2) continue;
    members.forEach((m) => used.add(m));
    const citations = sortCitations(members.map((m) => cite(m.doc, m)), order);
    const fact: Fact = { id: `f-${shortHash(seed.text, 10)}`, text: seed.text, citations, sources: independentSources(citations, groupOf), articles: docs.size };
    facts.push(fact);
    members.forEach((m) => factOf.set(m, fact));
  }
  facts.sort((a, b) => b.sources - a.sources || b.articles - a.articles || order.get(a.citations[0].articleId)! - order.get(b.citations[0].articleId)! || a.citations[0].start - b.citations[0].start);
  return { facts, factOf };
}

const HUMAN = new Set(['people', 'protesters', 'protestors', 'demonstrators', 'persons', 'supporters', 'mourners', 'marchers', 'men', 'women', 'residents', 'citizens', 'students', 'workers', 'civilians', 'participants', 'activists', 'worshippers']);
// Unit spellings that measure the same thing ("900 km" agrees with "more than 900 kilometers").
const UNIT_ALIASES: Record<string, string> = { kilometer: 'km', kilometre: 'km', km: 'km', kms: 'km', mile: 'mi', mi: 'mi', meter: 'm', metre: 'm', kilogram: 'kg', kg: 'kg', kilo: 'kg', tonne: 't', ton: 't', percent: '%', 'per cent': '%', '%': '%', dollar: 'usd', usd: 'usd', $: 'usd' };
const unitClass = (u: string | null) => {
  if (!u) return null;
  const l = u.toLowerCase();
  if (HUMAN.has(l)) return 'human';
  const singular = l.replace(/s$/, '');
  return UNIT_ALIASES[singular] ?? UNIT_ALIASES[l] ?? spellingKey(singular);
};

function disjoint(a: Quantity, b: Quantity): boolean {
  const aLow = a.low ?? 0;
  const bLow = b.low ?? 0;
  const aHigh = a.high ?? Infinity;
  const bHigh = b.high ?? Infinity;
  return aHigh < bLow || bHigh < aLow;
}

/** Quantity conflicts between related sentences of different articles. */
export function findConflicts(sents: StorySentence[], order: Map<string, number>): Conflict[] {
  const withQ = sents
    .map((s) => ({ s, qs: s.doc.analysis.quantities.filter((q) => q.sentence === s.index && unitClass(q.unit)) }))
    .filter((x) => x.qs.length);
  const out: Conflict[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < withQ.length; i++) {
    for (let j = i + 1; j < withQ.length; j++) {
      const A = withQ[i];
      const B = withQ[j];
      if (A.s.doc === B.s.doc) continue;
      const related = cosine(A.s.vec, B.s.vec);
      if (related < RELATED) continue;
      for (const qa of A.qs) {
        for (const qb of B.qs) {
          if (unitClass(qa.unit) !== unitClass(qb.unit) || !disjoint(qa, qb)) continue;
          const key = `${A.s.doc.article.id}:${qa.start}|${B.s.doc.article.id}:${qb.start}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const values = [
            { q: qa, doc: A.s.doc },
            { q: qb, doc: B.s.doc },
          ].map(({ q, doc }) => ({ text: q.text, citation: cite(doc, q), low: q.low, high: q.high }));
          out.push({
            type: 'quantity',
            about: unitClass(qa.unit) === 'human' ? 'number of people' : `amount of ${qa.unit}`,
            values,
            explanation: `"${qa.text}" (${range(qa)}) and "${qb.text}" (${range(qb)}) cannot both hold; the sentences are related (similarity ${related.toFixed(2)}).`,
          });
        }
      }
    }
  }
  return out.sort((a, b) => order.get(a.values[0].citation.articleId)! - order.get(b.values[0].citation.articleId)! || a.values[0].citation.start - b.values[0].citation.start || order.get(a.values[1].citation.articleId)! - order.get(b.values[1].citation.articleId)!);
}

const range = (q: Quantity) => `${q.low ?? 0}–${q.high ?? '∞'}`;

const NEGATION = /^(not|n't|never|no|neither|nor|without)$/i;

const inQuote = (s: StorySentence, span: { start: number; end: number }) => s.doc.analysis.quotes.some((q) => q.kind === 'direct' && q.start <= span.start && span.end <= q.end);
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

/** Lemmas a sentence states without a negation in the four tokens before them. */
function plainVerbs(s: StorySentence): Set<string> {
  const ts = sentenceTokens(s);
  return new Set(ts.filter((t, i) => t.pos !== 'PUNCT' && !ts.slice(Math.max(0, i - 4), i).some((x) => NEGATION.test(x.text))).map((t) => t.lemma));
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
    sentences: sentences.sort((a, b) => order.get(a.doc.article.id)! - order.get(b.doc.article.id)! || a.start - b.start),
  }));
}

/**
 * Disagreements inside one fact, between articles of different source groups: one asserts
 * what another negates (polarity), or they give one event different days (date).
 */
export function factConflicts(members: FactSentences[], timesOf: (s: StorySentence) => TimeExpression[]): Conflict[] {
  const out: Conflict[] = [];
  for (const { about, sentences: ss } of members) {
    // Polarity: a negated verb in one report that another report states plainly.
    const negated = ss.flatMap((a) => negations(a).map((cue) => ({ a, cue, verb: negatedVerb(a, cue) })).filter((x) => x.verb));
    for (const { a, cue, verb } of negated.slice(0, 1)) {
      const b = ss.find((o) => o.doc.group !== a.doc.group && plainVerbs(o).has(verb!));
      if (b) {
        out.push({
          type: 'polarity',
          about,
          values: [
            { text: `negated (“${cue.text}”)`, citation: cite(a.doc, cue), low: null, high: null },
            { text: 'asserted', citation: cite(b.doc, sentenceTokens(b).find((t) => t.lemma === verb)!), low: null, high: null },
          ],
          explanation: `One report negates “${verb}” (“${cue.text}”), another states it plainly; check which is right.`,
        });
      }
    }
    // Dates: one day each, neither inferred nor inside quoted words (a quote's "today" is the speaker's).
    const days = ss.map((s) => timesOf(s).filter((t) => t.value && !t.inferred && t.granularity === 'day' && t.anchorOffsetDays === undefined && !inQuote(s, t)));
    for (let i = 0; i < ss.length; i++) {
      for (let j = i + 1; j < ss.length; j++) {
        if (days[i].length !== 1 || days[j].length !== 1 || ss[i].doc.group === ss[j].doc.group) continue;
        const [x, y] = [days[i][0], days[j][0]];
        if (x.value === y.value) continue;
        out.push({
          type: 'date',
          about,
          values: [
            { text: `${x.text} (${x.value}${x.inferred ? ', inferred' : ''})`, citation: cite(ss[i].doc, x), low: null, high: null },
            { text: `${y.text} (${y.value}${y.inferred ? ', inferred' : ''})`, citation: cite(ss[j].doc, y), low: null, high: null },
          ],
          explanation: `The same fact is dated ${x.value} in one report and ${y.value} in another${x.inferred || y.inferred ? ' (at least one date rests on an inferred publication date)' : ''}.`,
        });
      }
    }
  }
  return out;
}
