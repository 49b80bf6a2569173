import type { Quantity, Token } from '../model.js';
import { contentWords, fold, nameWords, spellingKey, STOPWORDS, words } from '../util/text.js';
import type { StorySentence } from './sentences.js';

// What a sentence claims, so that corroboration and conflicts stand on the same happening: its
// claim words (quoted words if it quotes, names and reporting words left out), its numbers,
// years and days. Each check returns the name of the rule that vetoes a pair, or null.

const HUMAN = new Set(
  (
    'people protesters protestors demonstrators persons supporters mourners marchers men women residents citizens ' +
    'students workers civilians participants activists worshippers'
  ).split(' '),
);
// Unit spellings that measure the same thing ("900 km" agrees with "more than 900 kilometers").
const UNIT_ALIASES: Record<string, string> = {
  kilometer: 'km',
  kilometre: 'km',
  km: 'km',
  kms: 'km',
  mile: 'mi',
  mi: 'mi',
  meter: 'm',
  metre: 'm',
  kilogram: 'kg',
  kg: 'kg',
  kilo: 'kg',
  tonne: 't',
  ton: 't',
  percent: '%',
  'per cent': '%',
  '%': '%',
  dollar: 'usd',
  usd: 'usd',
  $: 'usd',
};

export const unitClass = (u: string | null) => {
  if (!u) return null;
  const l = u.toLowerCase();
  if (HUMAN.has(l) || HUMAN.has(`${l}s`)) return 'human';
  const singular = l.replace(/s$/, '');
  return UNIT_ALIASES[singular] ?? UNIT_ALIASES[l] ?? spellingKey(singular);
};

export function disjoint(a: Quantity, b: Quantity): boolean {
  const aHigh = a.high ?? Infinity;
  const bHigh = b.high ?? Infinity;
  return aHigh < (b.low ?? 0) || bHigh < (a.low ?? 0);
}

/** Relative gap below which two values are one value given in different roundings ("35 miles", "36 miles"). */
export const ROUNDING = 0.05;

/** Rule within-rounding: the gap between the two ranges is small next to the values. */
export function withinRounding(a: Quantity, b: Quantity): boolean {
  // A magnitude word ("thousands", "hundreds") is a range, not a rounded value: it has no neighbours.
  const wide = (q: Quantity) => q.high === null || q.low === null || q.high - q.low > 0.5 * Math.max(q.low, 1);
  if (wide(a) || wide(b)) return false;
  const [lo, hi] = (a.high ?? Infinity) < (b.low ?? 0) ? [a, b] : [b, a];
  const gap = (hi.low ?? 0) - (lo.high ?? 0);
  return gap <= ROUNDING * Math.max(hi.low ?? 0, 1);
}

/** Values that cannot both hold, beyond rounding. */
export const apart = (a: Quantity, b: Quantity) => disjoint(a, b) && !withinRounding(a, b);

const ABBREVIATION_END =
  /(?:\b[A-Z]|\d|\b(?:Mr|Mrs|Ms|Dr|Jr|Sr|St|Gen|Sen|Rep|Gov|Lt|Sgt|Col|Capt|Mt|No|vs|[ap]\.m|p|a|Inc|Co|Corp))\.["'”’)]*$/;

/**
 * Rule whole-sentence: a sentence cut by a bad split (at a decimal point, an abbreviation, a
 * clock time), a web address or a line that starts lower-case is no report of a happening.
 */
export function fragment(s: StorySentence): string | null {
  const t = s.text.trim();
  if (/https?:|www\.|\.com\b|\.html?\b/i.test(t)) return 'web address';
  if (/^["'“‘(]?\p{Ll}/u.test(t)) return 'starts lower-case';
  if (/^\d/.test(t) && !/^\d+(?:-| - )/.test(t)) return 'starts with a number cut from the sentence before';
  if (ABBREVIATION_END.test(t)) return 'ends at an abbreviation or decimal point';
  const next = s.doc.article.text.slice(s.end, s.end + 3).trimStart();
  if (/^[\p{Ll}\d]/u.test(next)) return 'the text goes on after it';
  return null;
}

const REPORTING = new Set(
  (
    'reported reports report statement added adding asked spokesman spokeswoman spokesperson quoted noted stated ' +
    'confirmed announced explained insisted suggested claimed testified wrote writes tweeted reporters news'
  ).split(' '),
);

const inSentence = (s: StorySentence, x: { start: number; end: number }) => x.start >= s.start && x.end <= s.end;

/** Words of what the sentence claims, names left out: its quoted words if it quotes (and `quoted`), else all its words. */
export function claimWords(s: StorySentence, quoted = true): Set<string> {
  const { text } = s.doc.article;
  const quotes = s.doc.analysis.quotes.filter((q) => q.kind === 'direct' && inSentence(s, q));
  const spans = quotes.length && quoted ? quotes : [s];
  const blank = s.doc.analysis.mentions.filter((m) => inSentence(s, m));
  const out = new Set<string>();
  for (const sp of spans) {
    let t = text.slice(sp.start, sp.end);
    for (const m of blank)
      if (m.start >= sp.start && m.end <= sp.end)
        t = t.slice(0, m.start - sp.start) + ' '.repeat(m.end - m.start) + t.slice(m.end - sp.start);
    for (const w of contentWords(t)) if (!REPORTING.has(w)) out.add(w);
    for (const w of words(t)) if (/^\d/.test(w)) out.add(w);
  }
  // Read as a whole, a sentence's participants are part of its claim: one token per resolved entity.
  if (!quotes.length || !quoted) for (const id of s.entities) out.add(`\u0000${id}`);
  return out;
}

/** A sentence that is mostly someone's quoted words (half its length or more). */
const quotes = (s: StorySentence) =>
  s.doc.analysis.quotes
    .filter((q) => q.kind === 'direct' && inSentence(s, q))
    .reduce((n, q) => n + q.end - q.start, 0) >=
  0.5 * (s.end - s.start);

/** Sentence similarity (words and entities) at which two sentences need no claim-word check. */
export const CLOSE = 0.6;

/** Claim words two sentences must share, and the share of the shorter claim they must cover. */
export const CLAIM_SHARED = 2;
export const CLAIM_COVER = 0.25;

/** Share of the shorter claim that the other shares (0 when they share fewer than CLAIM_SHARED words). */
export function claimCover(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  let words = 0; // shared words that are no entity: names alone make no claim
  for (const w of a) if (b.has(w)) (shared++, w.startsWith('\u0000') || words++);
  return words >= CLAIM_SHARED ? shared / Math.max(1, Math.min(a.size, b.size)) : 0;
}

/** Rule same-claim: the sentences share what they claim, not only names and reporting words. */
export const sameClaim = (a: Set<string>, b: Set<string>) => claimCover(a, b) >= CLAIM_COVER;

/** Share of the shorter claim two sentences whose counts conflict must cover (their numbers differ). */
export const CONFLICT_COVER = 0.2;

/** Rule shared-claim, for conflicts: the sentences share claim words (their values may differ). */
export const sharesClaim = (a: Set<string>, b: Set<string>) => claimCover(a, b) >= CONFLICT_COVER;

/** Counts of one head in a sentence beyond which it is a list (a stat line, a poll table). */
export const LIST = 3;

const quantitiesOf = (s: StorySentence) =>
  s.doc.analysis.quantities.filter((q) => q.sentence === s.index && unitClass(q.unit));

/** Rule same-numbers: a count both sentences give of one kind of thing agrees (within rounding). */
export function numbersDiffer(a: StorySentence, b: StorySentence): boolean {
  const qb = quantitiesOf(b);
  const byClass = new Map<string, Quantity[]>();
  for (const q of quantitiesOf(a)) {
    const k = unitClass(q.unit)!;
    byClass.set(k, [...(byClass.get(k) ?? []), q]);
  }
  for (const [k, qa] of byClass) {
    const other = qb.filter((q) => unitClass(q.unit) === k);
    if (other.length && other.every((y) => qa.every((x) => apart(x, y)))) return true;
  }
  return false;
}

const YEAR = /\b(?:19|20)\d\d\b/g;

/** Years a sentence names, and the days its time expressions resolve to (not inferred). */
function whenOf(s: StorySentence): { years: Set<string>; days: Set<string> } {
  const years = new Set(s.text.match(YEAR) ?? []);
  const days = new Set(
    s.doc.analysis.times
      .filter((t) => t.sentence === s.index && t.value && !t.inferred && t.granularity === 'day')
      .map((t) => t.value!),
  );
  return { years, days };
}

const meets = (a: Set<string>, b: Set<string>) => [...a].some((x) => b.has(x));

/** Rule same-time: both name years, or both name days (unless `days` is false), and none is shared. */
export function timesDiffer(a: StorySentence, b: StorySentence, days = true): boolean {
  const x = whenOf(a);
  const y = whenOf(b);
  if (!days) return x.years.size > 0 && y.years.size > 0 && !meets(x.years, y.years);
  return (
    (x.years.size > 0 && y.years.size > 0 && !meets(x.years, y.years)) ||
    (x.days.size > 0 && y.days.size > 0 && !meets(x.days, y.days))
  );
}

const PAST = /\b(?:last|previous|past) (?:year|season|decade)\b|\byears? ago\b|\bearlier this year\b/i;

/**
 * Rule not-background: a sentence about another, earlier happening — it names a year before its
 * article's, or "last year" — reports no count of this one.
 */
export function background(s: StorySentence): boolean {
  const ref = s.doc.reference?.value.slice(0, 4);
  const years = s.text.match(YEAR) ?? [];
  return PAST.test(s.text) || (!!ref && years.some((y) => y < ref));
}

/**
 * Why the sentence may not corroborate the seed of a fact (a rule name), or null when it may:
 * both whole sentences, one claim, the same numbers and time.
 */
export function corroborationVeto(
  seed: StorySentence,
  s: StorySentence,
  claims: (s: StorySentence) => Set<string>,
  similarity = 0,
) {
  if (fragment(s)) return 'whole-sentence';
  if (numbersDiffer(seed, s)) return 'same-numbers';
  // Different years are different happenings; different days of one claim are a date conflict to show.
  if (timesDiffer(seed, s, false)) return 'same-time';
  // Sentences this close in words and names say one thing, however each words its claim.
  if (similarity >= CLOSE) return null;
  // Two quotes compare by their quoted words; a quote and a paraphrase by all their words.
  const both = quotes(seed) && quotes(s);
  if (!sameClaim(both ? claims(seed) : claimWords(seed, false), both ? claims(s) : claimWords(s, false)))
    return 'same-claim';
  return null;
}

// --- what a count is about -------------------------------------------------------------------

const CLOCK = new Set(
  'am pm p a gmt utc et edt est cst pdt pst bst ist hrs'
    .split(' ')
    .concat('january february march april may june july august september october november december'.split(' ')),
);
const FRAME_SKIP = new Set(['PUNCT', 'DET', 'ADP', 'CCONJ', 'SCONJ', 'PRON', 'AUX', 'PART', 'NUM', 'SYM']);
/** Tokens either side of a count that say what it counts and what happened to it. */
const FRAME = 6;

export interface Referent {
  /** The counted noun's lemma ("protester"), the head of what is counted. */
  head: string;
  /** Content lemmas of the clause around the count ("rally", "karachi"). */
  frame: Set<string>;
  /** Name words near the count: whose count it is ("carter"). */
  names: Set<string>;
  /** Verb lemmas of the frame: what happened to what is counted ("rally", "injure"). */
  verbs: Set<string>;
}

const HYPOTHETICAL = new Set(['need', 'would', 'could', 'might', 'must', 'should', 'expect', 'hope', 'plan']);

const clauseEnd = (t: Token) => t.pos === 'PUNCT' && /^[;:!?.]$/.test(t.text);

/**
 * What a count is about, or null when it is no count to compare (rule countable): a clock time,
 * a date, a ratio ("one in 500 users"), or a number whose head is no noun.
 */
export function referentOf(s: StorySentence, q: Quantity, tokens: Token[]): Referent | null {
  const { text } = s.doc.article;
  const before = text.slice(Math.max(s.start, q.start - 12), q.start);
  // Clock times and dates ("9: 36 AM"), ratios ("one in 500"), parts of a whole ("28 of his 68").
  if (
    /[:/]\s*$|\bin\s+(?:every\s+)?$|\bof\s+the\s+(?:past|last)\s+$|\d\s+of(?:\s+(?:his|her|their|its|the))?\s*$/i.test(
      before,
    )
  )
    return null;
  const i = tokens.findIndex((t) => t.end > q.start);
  if (i < 0) return null;
  let j = tokens.findIndex((t) => t.start >= q.end);
  if (j < 0) j = tokens.length;
  // The head: the last noun of the noun run ending the quantity phrase ("Windows users" -> user).
  let h = j - 1;
  while (h + 1 < tokens.length && h + 1 < j + 2 && ['NOUN', 'PROPN'].includes(tokens[h + 1].pos)) h++;
  const headTok = tokens[h];
  if (!headTok || headTok.end <= q.start || !['NOUN', 'PROPN'].includes(headTok.pos)) return null;
  const head = fold(headTok.lemma);
  if (CLOCK.has(head) || CLOCK.has(fold(q.unit ?? ''))) return null;
  const frame = new Set<string>();
  const names = new Set<string>();
  const verbs = new Set<string>();
  // Whose count it is: the names before it ("Artino scored 14 points and Echenique 11": Artino's 14).
  const add = (t: Token, before: boolean) => {
    if (FRAME_SKIP.has(t.pos) || t === headTok) return;
    if (t.pos === 'VERB') verbs.add(fold(t.lemma));
    if (t.pos !== 'PROPN') {
      for (const w of contentWords(t.lemma)) frame.add(w);
      return;
    }
    if (before) for (const w of nameWords(t.text)) if (!STOPWORDS.has(w)) names.add(w);
  };
  // The clause around the count: up to FRAME tokens each side, not past a comma, a clause end or "as".
  const stop = (t: Token) => clauseEnd(t) || t.text === ',' || t.text === '—' || t.pos === 'SCONJ';
  for (let k = i - 1; k >= 0 && k >= i - FRAME && !stop(tokens[k]); k--) add(tokens[k], true);
  for (let k = h + 1; k < tokens.length && k <= h + FRAME && !stop(tokens[k]); k++) add(tokens[k], false);
  // Rule reported-count: a count someone needs, may or would reach is no report of what happened.
  if ([...verbs, ...frame].some((w) => HYPOTHETICAL.has(w))) return null;
  return { head, frame, names, verbs };
}

const PRONOUN_START = /^["'“‘]?(?:he|she|it|they|his|her|its|their)\b/i;

/** Name words of the people a sentence names; null when its subject is a pronoun it does not resolve. */
export function peopleOf(s: StorySentence): Set<string> | null {
  const people = s.doc.analysis.mentions.filter((m) => m.type === 'PERSON' && inSentence(s, m));
  if (!people.length && PRONOUN_START.test(s.text.trim())) return null;
  return new Set(people.flatMap((m) => nameWords(m.text)));
}

/** Name words of everything a sentence names (people, places, teams). */
const namesOf = (s: StorySentence) =>
  new Set(s.doc.analysis.mentions.filter((m) => inSentence(s, m)).flatMap((m) => nameWords(m.text)));

/**
 * Rule same-participants for sentences: both name people and share none, or one speaks of
 * "he" or "it" without naming anyone (whose count it is cannot be checked).
 */
export function participantsDiffer(a: StorySentence, b: StorySentence): boolean {
  const x = peopleOf(a);
  const y = peopleOf(b);
  if (!x || !y || (x.size > 0 && y.size > 0 && !meets(x, y))) return true;
  const [m, n] = [namesOf(a), namesOf(b)];
  return m.size > 0 && n.size > 0 && !meets(m, n);
}

/** Frame words both referents share (their common context). */
export const sharedFrame = (a: Referent, b: Referent) => [...a.frame].filter((w) => b.frame.has(w)).sort();

/**
 * Why two counts are not about one referent (a rule name), or null when they are: the same head
 * noun, a shared verb in their frames (what happened to it), and no two different names at them ("Carter scored 14", "VanDeest 13").
 */
export function referentVeto(a: Referent, b: Referent): string | null {
  if (unitClass(a.head) !== unitClass(b.head)) return 'same-head';
  if (![...a.verbs].some((v) => b.verbs.has(v))) return 'same-frame';
  if (a.names.size && b.names.size && !meets(a.names, b.names)) return 'same-participants';
  // A count of things (yards, points, percent) belongs to someone: both must name the same one.
  if (unitClass(a.head) !== 'human' && !meets(a.names, b.names)) return 'same-participants';
  return null;
}
