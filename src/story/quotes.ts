import type { Conflict, Quote, QuoteKind, StoryEntity, StoryQuote } from '../model.js';
import { shortHash } from '../util/hash.js';
import { byString, fold, nameWords, spellingKey, STOPWORDS, words } from '../util/text.js';
import { lcsLength } from '../util/lcs.js';
import { getOrInsert } from '../util/maps.js';
import { UnionFind } from '../util/unionfind.js';
import { cite, independentSources, sortCitations, type Doc } from './context.js';

/** Quote marks are surest, then reported speech the rules read, then what the learned cue detector inferred. */
const KIND_ORDER: Record<QuoteKind, number> = { direct: 0, indirect: 1, inferred: 2 };

// Story-level quotes: speakers resolved to entities (or left unresolved, never guessed),
// and the same quote carried by several outlets merged with its variants.

const MATCH_THRESHOLD = 0.8;

/** Words of a quote for matching: editorial brackets, hashtags and spelling variants folded away. */
export function quoteKey(text: string): string[] {
  return words(text.replace(/[[\]]/g, ' ')).map(spellingKey);
}

/** Similarity of two quotes: LCS over words, relative to the shorter (truncation) and to both (variation). */
export function quoteSimilarity(a: string[], b: string[]): number {
  if (!a.length || !b.length) return 0;
  const lcs = lcsLength(a, b);
  const both = (2 * lcs) / (a.length + b.length);
  const shorter = lcs / Math.min(a.length, b.length);
  // A truncated quote (one side mostly contained) counts when it is long enough to be distinctive.
  return Math.min(a.length, b.length) >= 6 ? Math.max(both, shorter * 0.95) : both;
}

const PERSONAL = new Set(['he', 'she', 'him', 'her']);
const REPORTING = new Set(['tweet', 'say', 'write', 'post', 'state', 'announce', 'tell']);
/** Words for what someone said or wrote: "The message suggested …" goes on with the message just quoted. */
const STATEMENTS = new Set([
  'statement',
  'message',
  'letter',
  'tweet',
  'post',
  'communique',
  'communiqué',
  'readout',
  'speech',
  'address',
  'release',
  'note',
  'remarks',
]);
/** How many sentences back a statement's author is looked for, and how many statements may lead back to one (see earlierSpeaker). */
const STATEMENT_REACH = 2;
const STATEMENT_CHAIN = 3;

interface Resolved {
  entityId: string | null;
  name: string;
  resolvedBy: string;
}

/** Answers of theOne per story (its entity map), so repeated questions cost a lookup. */
const answers = new WeakMap<Map<string, StoryEntity>, Map<string, StoryEntity | null>>();

function resolveSpeaker(
  doc: Doc,
  q: Quote,
  mentionEntity: Map<string, string>,
  entityOf: Map<string, StoryEntity>,
  depth = 0,
): Resolved | null {
  const sp = q.speaker;
  if (!sp) return null;
  const unresolved = (): Resolved =>
    (statementWord(sp.text) && depth < STATEMENT_CHAIN && earlierSpeaker(doc, q, mentionEntity, entityOf, depth)) || {
      entityId: null,
      name: sp.text,
      resolvedBy: 'unresolved',
    };
  const a = doc.analysis;
  const entityAt = (m: { start: number }) => entityOf.get(mentionEntity.get(`${doc.article.id}:${m.start}`) ?? '');
  const ok = (e: StoryEntity | undefined, types: string[]) => !!e && types.includes(e.type);
  const found = (e: StoryEntity, resolvedBy: string): Resolved => ({ entityId: e.id, name: e.name, resolvedBy });
  const inSpan = (s: { start: number; end: number }) => s.start >= sp.start && s.end <= sp.end;
  // The entity of the phrase's first tagged mention of one of `types`.
  const mentioned = (types: string[]) =>
    a.mentions
      .filter(inSpan)
      .map(entityAt)
      .find((e) => ok(e, types));
  // The one entity of the story that fits, or none: never a guess between two.
  // Each question is asked of the story's entities once (keyed by what it depends on): quotes are many.
  let known = answers.get(entityOf);
  if (!known) answers.set(entityOf, (known = new Map<string, StoryEntity | null>()));
  const theOne = (key: string, fits: (e: StoryEntity) => boolean) =>
    getOrInsert(known!, key, () => {
      const hits = [...entityOf.values()].filter(fits);
      return hits.length === 1 ? hits[0] : null;
    });
  const names = (e: StoryEntity) => [e.name, ...e.aliases];
  // People and organisations first, then a role ("Pakistan's army chief") or one of the
  // story's organisations named in lower case ("The Pakistan foreign office said": the
  // Foreign Office); a country speaks through its government ("Pakistan said").
  const named = mentioned(['PERSON', 'ORG']);
  if (named) return found(named, 'name');
  const role = a.roleMentions.filter(inSpan).map(entityAt).find(Boolean);
  if (role) return found(role, 'role');
  const phrase = ` ${fold(sp.text)} `;
  const lower = theOne(
    `lower|${phrase}`,
    (e) => e.type === 'ORG' && names(e).some((n) => n.includes(' ') && phrase.includes(` ${fold(n)} `)),
  );
  if (lower) return found(lower, 'name');
  // "the embassy", "the army": the one organisation of the story the word heads (US Embassy, Pakistan Army).
  const head = /^the ([a-z]+)$/i.exec(sp.text.trim())?.[1].toLowerCase();
  const headed = head
    ? theOne(`head|${head}`, (e) => e.type === 'ORG' && e.name.includes(' ') && fold(e.name).split(' ').pop() === head)
    : null;
  if (headed) return found(headed, 'description');
  const place = mentioned(['PLACE']);
  if (place) return found(place, 'name');
  // A name the tagger missed ("quoted Qureshi as saying"): match the phrase's capitalised words to entity names.
  const caps = (sp.text.match(/\p{Lu}[\p{L}'’-]+/gu) ?? []).filter((w) => !STOPWORDS.has(w.toLowerCase()));
  for (const w of caps) {
    const hit = theOne(
      `caps|${w}`,
      (e) => (e.type === 'PERSON' || e.type === 'ORG') && names(e).some((n) => n.split(/\s+/).includes(w)),
    );
    if (hit) return found(hit, 'name');
  }
  const word = fold(sp.text);
  const outsideQuotes = (m: { start: number }) =>
    !a.quotes.some((x) => x.kind === 'direct' && m.start >= x.start && m.start < x.end);
  // The subject of a sentence: its first person/organisation mention outside quotes, before its first verb
  // for the sentence that holds the pronoun (later names there are objects: "Urging Guterres ..., she said").
  const subjectOf = (k: number, before: number, types: string[]): StoryEntity | null => {
    const s = a.sentences[k];
    if (!s) return null;
    const firstVerb = a.tokens.find((t) => t.start >= s.start && t.end <= s.end && t.pos === 'VERB');
    for (const m of a.mentions) {
      if (m.start < s.start || m.end > Math.min(s.end, before) || !outsideQuotes(m)) continue;
      if (before < s.end && firstVerb && m.start > firstVerb.start) break;
      const e = entityAt(m);
      if (ok(e, types)) return e!;
    }
    // An acronym the tagger left out, before the verb ("The FO statement … reiterated"): the
    // one entity of the story that goes by it.
    for (const t of a.tokens) {
      if (t.start < s.start || t.end > Math.min(s.end, before, firstVerb?.start ?? Infinity)) continue;
      if (!/^\p{Lu}{2,}$/u.test(t.text) || !outsideQuotes(t)) continue;
      const by = theOne(
        `acronym|${types.join(',')}|${t.text}`,
        (e) => types.includes(e.type) && names(e).includes(t.text),
      );
      if (by) return by;
    }
    return null;
  };
  // "it" is an organisation (or a statement, which is no entity), never a person; "they" may be people.
  const types = PERSONAL.has(word) ? ['PERSON'] : word === 'it' ? ['ORG'] : word === 'they' ? ['ORG', 'PERSON'] : null;
  if (types) {
    const own = subjectOf(q.sentence, sp.start, types);
    if (own) return found(own, 'pronoun');
    if (word === 'it' || word === 'they') {
      // "X tweeted about ... . It read: “...”": the message is X's, X being the subject of the previous reporting verb.
      const prev = a.sentences[q.sentence - 1];
      const cue =
        prev &&
        a.tokens.find(
          (t) => t.start >= prev.start && t.end <= prev.end && t.pos === 'VERB' && REPORTING.has(t.lemma.toLowerCase()),
        );
      if (cue) {
        const subj = a.mentions
          .filter(
            (m) =>
              m.start >= prev.start && m.end <= cue.start && outsideQuotes(m) && ok(entityAt(m), ['PERSON', 'ORG']),
          )
          .pop();
        if (subj) return found(entityAt(subj)!, 'pronoun');
      }
    }
    for (let k = q.sentence; k >= Math.max(0, q.sentence - 3); k--) {
      const e = subjectOf(k, k === q.sentence ? sp.start : Infinity, types);
      if (e) return found(e, 'pronoun');
    }
    return unresolved();
  }
  // A phrase without a name ("in November"): fall back to the sentence's subject when it is a person.
  const subject = subjectOf(q.sentence, sp.start, ['PERSON']);
  if (subject) return found(subject, 'sentence-subject');
  return unresolved();
}

/** "It", or a statement named by what it is ("The message", "the mildly worded statement"): words that stand for what was just said. */
function statementWord(phrase: string): boolean {
  const w = fold(phrase).split(/\s+/);
  return (
    (w.length === 1 && w[0] === 'it') ||
    (w.length >= 2 &&
      w.length <= 4 &&
      /^(the|this|that|his|her|its|their)$/.test(w[0]) &&
      STATEMENTS.has(w[w.length - 1]))
  );
}

/**
 * A statement that goes on ("In his message, he said “…”. The message suggested that …"; "The
 * statement urged … . It emphasised …") is its author's: the speaker of the quote just before,
 * in the same or one of the STATEMENT_REACH sentences before, when that one resolves to an
 * entity (itself perhaps through a statement before it). Nothing is guessed when no quote is
 * that close, or when its speaker is unknown too.
 */
function earlierSpeaker(
  doc: Doc,
  q: Quote,
  mentionEntity: Map<string, string>,
  entityOf: Map<string, StoryEntity>,
  depth: number,
): Resolved | null {
  const before = doc.analysis.quotes
    .filter((x) => x.end <= q.start && x.sentence >= q.sentence - STATEMENT_REACH && x.speaker)
    .pop();
  const r = before && resolveSpeaker(doc, before, mentionEntity, entityOf, depth + 1);
  return r?.entityId ? { ...r, resolvedBy: 'statement' } : null;
}

/**
 * Rule distinct-speakers: speakers who share a name word ("Mr Guest", "Peter Guest"), or one named
 * in the sentence that quotes the other ("Zadan and Meron said"), are not two claims.
 */
function speakersMeet(ms: { doc: Doc; q: Quote; speaker: Resolved | null }[]): boolean {
  const sentenceOf = (m: (typeof ms)[number]) => {
    const at = m.q.speaker?.start ?? m.q.start;
    const s = m.doc.analysis.sentences.find((x) => x.start <= at && at < x.end);
    return fold(s ? m.doc.article.text.slice(s.start, s.end) : m.q.text);
  };
  const names = ms.map((m) => nameWords(m.speaker!.name));
  return ms.some((m, i) =>
    names.some((n, j) => j !== i && n.some((w) => names[i].includes(w) || sentenceOf(m).includes(w))),
  );
}

export function resolveQuotes(
  docs: Doc[],
  order: Map<string, number>,
  groupOf: Map<string, string>,
  mentionEntity: Map<string, string>,
  entityOf: Map<string, StoryEntity>,
): { quotes: StoryQuote[]; conflicts: Conflict[] } {
  // The relay is named as the speaker is ("it" in "Gen Bajwa, it said, called for …" is the
  // ISPR), from its own words only: a sentence's subject is no relay, nor an earlier quote's speaker.
  const relay = (doc: Doc, q: Quote) => {
    if (!q.via) return null;
    const r = resolveSpeaker(doc, { ...q, speaker: q.via }, mentionEntity, entityOf);
    return r?.entityId && r.resolvedBy !== 'sentence-subject' && r.resolvedBy !== 'statement' ? r.name : q.via.text;
  };
  const items = docs.flatMap((doc) =>
    doc.analysis.quotes.map((q) => ({
      doc,
      q,
      key: quoteKey(q.text),
      speaker: resolveSpeaker(doc, q, mentionEntity, entityOf),
      via: relay(doc, q),
    })),
  );
  const uf = matchQuotes(items);
  const out: StoryQuote[] = [];
  const conflicts: Conflict[] = [];
  for (const g of uf.groups()) {
    const members = g.map((i) => items[i]);
    // Canonical text: the longest direct variant (least truncated).
    const canon = [...members].sort(
      (a, b) =>
        KIND_ORDER[a.q.kind] - KIND_ORDER[b.q.kind] ||
        b.key.length - a.key.length ||
        order.get(a.doc.article.id)! - order.get(b.doc.article.id)!,
    )[0];
    const speakers = members.map((m) => m.speaker).filter((s): s is Resolved => !!s && !!s.entityId);
    const speaker = speakers.length ? mostCommon(speakers) : (canon.speaker ?? null);
    // One quote, different speakers in different sources: an attribution conflict (between
    // attributions read by the rules; an inferred quote, or a speaker found through an earlier
    // statement, is too unsure to contradict one).
    const bySpeaker = new Map<string, (typeof members)[number]>();
    // Rule named-people: only people named at the quote disagree (an organisation speaks through
    // its people; "he" may be anyone).
    for (const m of members)
      if (
        m.q.kind !== 'inferred' &&
        m.speaker?.entityId &&
        m.speaker.resolvedBy === 'name' &&
        entityOf.get(m.speaker.entityId)?.type === 'PERSON' &&
        !bySpeaker.has(m.speaker.entityId)
      )
        bySpeaker.set(m.speaker.entityId, m);
    if (
      bySpeaker.size > 1 &&
      new Set([...bySpeaker.values()].map((m) => m.doc.group)).size > 1 &&
      !speakersMeet([...bySpeaker.values()])
    ) {
      const shown = canon.q.text.length > 80 ? `${canon.q.text.slice(0, 77)}…` : canon.q.text;
      conflicts.push({
        type: 'attribution',
        about: `who said “${shown}”`,
        values: [...bySpeaker.values()].map((m) => ({
          text: m.speaker!.name,
          citation: cite(m.doc, m.q.speaker ?? m.q),
          low: null,
          high: null,
        })),
        explanation: `The same words are attributed to ${[...bySpeaker.values()].map((m) => m.speaker!.name).join(' and ')} in different sources.`,
      });
    }
    const citations = sortCitations(
      members.map((m) => cite(m.doc, m.q)),
      order,
    );
    out.push({
      id: `q-${shortHash(canon.q.text, 10)}`,
      text: canon.q.text,
      speaker,
      // The relay of an attribution to the speaker shown, not another member's.
      via:
        members
          .filter((m) => (speaker?.entityId ? m.speaker?.entityId === speaker.entityId : m === canon))
          .map((m) => m.via)
          .find(Boolean) ?? null,
      kind: canon.q.kind,
      variants: members
        .filter((m) => m !== canon)
        .map((m) => ({
          text: m.q.text,
          citation: cite(m.doc, m.q),
          score: m.key === canon.key ? 1 : round(quoteSimilarity(canon.key, m.key)),
        }))
        .sort(
          (a, b) =>
            order.get(a.citation.articleId)! - order.get(b.citation.articleId)! || a.citation.start - b.citation.start,
        ),
      citations,
      sources: independentSources(citations, groupOf),
    });
  }
  const quotes = out.sort(
    (a, b) =>
      b.sources - a.sources ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      order.get(a.citations[0].articleId)! - order.get(b.citations[0].articleId)! ||
      a.citations[0].start - b.citations[0].start,
  );
  return { quotes, conflicts };
}

/** Words in more quotes than this do not propose pairs (every such pair still needs another word in common). */
const MAX_QUOTE_POSTINGS = 200;

/**
 * Quotes of different articles that match (quoteSimilarity at MATCH_THRESHOLD), joined: the
 * quotes with one key are compared once, and only keys sharing a word are compared at all.
 * The same joins as comparing every pair: quotes of one key join when two articles carry
 * it; two matching keys join each quote with one of the other key's from another article.
 */
function matchQuotes(items: { doc: Doc; key: string[] }[]): UnionFind {
  const uf = new UnionFind(items.length);
  const byKey = new Map<string, number[]>();
  items.forEach((x, i) => getOrInsert(byKey, x.key.join(' '), () => []).push(i));
  const keys = [...byKey.values()];
  // Up to two members of different articles per key: enough to find a partner outside any article.
  const firstTwo = keys.map((ms) => {
    const other = ms.find((i) => items[i].doc !== items[ms[0]].doc);
    return other === undefined ? [ms[0]] : [ms[0], other];
  });
  keys.forEach((ms, k) => {
    if (firstTwo[k].length > 1 && items[ms[0]].key.length) for (const i of ms) uf.union(i, ms[0]);
  });
  const postings = new Map<string, number[]>();
  keys.forEach((ms, k) => {
    for (const w of new Set(items[ms[0]].key)) getOrInsert(postings, w, () => []).push(k);
  });
  const join = (from: number, to: number) => {
    for (const i of keys[from]) {
      const j = firstTwo[to].find((x) => items[x].doc !== items[i].doc);
      if (j !== undefined) uf.union(i, j);
    }
  };
  keys.forEach((ms, a) => {
    const seen = new Set<number>();
    for (const w of new Set(items[ms[0]].key)) {
      const list = postings.get(w)!;
      if (list.length > MAX_QUOTE_POSTINGS) continue;
      for (const b of list) {
        if (b <= a || seen.has(b)) continue;
        seen.add(b);
        if (quoteSimilarity(items[ms[0]].key, items[keys[b][0]].key) < MATCH_THRESHOLD) continue;
        join(a, b);
        join(b, a);
      }
    }
  });
  return uf;
}

/** The most directly named of the variants' ways to one speaker: a name before a pronoun or an earlier statement. */
const RESOLUTION_ORDER = ['name', 'role', 'description', 'pronoun', 'statement', 'sentence-subject'];

/** The speaker most variants resolve to, as its most direct variant resolved it. */
function mostCommon(xs: Resolved[]): Resolved {
  const n = new Map<string, number>();
  xs.forEach((x) => n.set(x.entityId!, (n.get(x.entityId!) ?? 0) + 1));
  const best = [...n].sort((a, b) => b[1] - a[1] || byString(a[0], b[0]))[0][0];
  const rank = (x: Resolved) => RESOLUTION_ORDER.indexOf(x.resolvedBy);
  return xs.filter((x) => x.entityId === best).sort((a, b) => rank(a) - rank(b))[0];
}

const round = (x: number) => Math.round(x * 1000) / 1000;
