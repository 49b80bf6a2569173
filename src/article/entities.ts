import type { EntityType, Mention, RoleMention, Sentence, Token } from '../model.js';
import { STOPWORDS } from '../util/text.js';
import { modelSpans } from './ner/model.js';

// Rule-based named-entity recogniser: capitalised token runs, split at titles, typed by
// a CoNLL-trained gazetteer (scripts/build-gazetteer.ts), organisation suffixes and context.

import gazetteer from './data/gazetteer.json' with { type: 'json' };

const gaz = gazetteer as unknown as { names: Record<string, EntityType>; firstNames: string[] };
const FIRST_NAMES = new Set(gaz.firstNames);

/** Titles and ranks that precede a person's name. Lower-case, multi-word allowed. */
const PERSON_TITLES = [
  'maj gen',
  'major general',
  'lt gen',
  'lieutenant general',
  'brig gen',
  'gen',
  'general',
  'maj',
  'major',
  'col',
  'colonel',
  'lt',
  'brig',
  'brigadier',
  'admiral',
  'adm',
  'capt',
  'captain',
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'professor',
  'sir',
  'lord',
  'president',
  'vice president',
  'prime minister',
  'foreign minister',
  'defence minister',
  'defense minister',
  'interior minister',
  'minister',
  'secretary of state',
  'under secretary of defense',
  'under secretary of state',
  'secretary general',
  'secretary',
  'army chief',
  'chief of army staff',
  'chief of staff',
  'chief',
  'commander',
  'ayatollah',
  'allama',
  'sheikh',
  'king',
  'queen',
  'prince',
  'princess',
  'senator',
  'sen',
  'rep',
  'governor',
  'gov',
  'chairman',
  'judge',
  'justice',
  'pope',
  'ambassador',
  'spokesman',
  'spokeswoman',
  'supreme leader',
  'imam',
  'mayor',
  'chancellor',
  'diplomat',
  'martyr',
  'shaheed',
  'fm',
  'pm',
  'coas',
].map((t) => t.split(' '));
const ROLE_HEADS = new Set([
  'spokesman',
  'spokeswoman',
  'chief',
  'commander',
  'minister',
  'leader',
  'official',
  'envoy',
  'secretary',
  'president',
  'ambassador',
  'diplomat',
  'head',
]);
const ORG_SUFFIX = new Set(
  (
    'office ministry department force forces corps council organisation organization alliance embassy consulate club news agency ' +
    'party committee caucus relations association union bank company group university army police times post tribune herald ' +
    'institute foundation commission court assembly parliament congress senate brigade brigades guard authority service services ' +
    'network channel tv radio press league federation board bureau inc ltd corp fund programme program'
  ).split(' '),
);
const PLACE_SUFFIX = new Set(
  'airport city province state street road square river mountains valley district county region island islands bay sea ocean port'.split(
    ' ',
  ),
);
const MISC_SUFFIX = new Set(
  'agreement charter treaty accord act law programme program plan initiative operation war deal convention'.split(' '),
);
const CONNECTORS = new Set(['of', 'for', 'bin', 'ibn', 'al', 'el', 'de', 'da', 'van', 'von', 'la', 'du', 'del']);
const NOT_NAMES = new Set([
  'i',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'january',
  'february',
  'march',
  'april',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mr',
  'mrs',
  'ms',
]);
const PLACE_CONTEXT = new Set(['in', 'at', 'from', 'to', 'into', 'across', 'near']);

const isCap = (t: Token) => /^[\p{Lu}]/u.test(t.text) || /^#[\p{L}]/u.test(t.text);

function matchTitle(words: string[], i: number): number {
  let best = 0;
  for (const t of PERSON_TITLES) {
    if (t.length > best && t.every((w, k) => words[i + k] === w)) best = t.length;
  }
  return best;
}

/** Type of a bare name by gazetteer, suffix and shape. */
export function typeName(name: string, tokens: Token[]): { type: EntityType; rule: string } | null {
  const key = name.toLowerCase();
  if (gaz.names[key]) return { type: gaz.names[key], rule: 'gazetteer' };
  const last = tokens[tokens.length - 1].text.toLowerCase();
  if (tokens.length > 1 && ORG_SUFFIX.has(last)) return { type: 'ORG', rule: 'org-suffix' };
  // "Bank of England", "Ministry of Defence": the organisation word stands before "of".
  if (tokens.some((t, k) => k > 0 && t.text === 'of' && ORG_SUFFIX.has(tokens[k - 1].text.toLowerCase())))
    return { type: 'ORG', rule: 'org-of' };
  if (/^\p{Lu}{2,6}$/u.test(name)) return { type: 'ORG', rule: 'acronym' };
  if (FIRST_NAMES.has(tokens[0].text) && tokens.length >= 2) return { type: 'PERSON', rule: 'first-name' };
  if (
    tokens.length === 1 &&
    /(?:ian|ani|ese|ish|i)$/.test(key) &&
    gaz.names[key.replace(/(?:ian|ani|ese|ish|i)$/, '')] === 'PLACE'
  ) {
    return { type: 'MISC', rule: 'demonym' };
  }
  return null;
}

interface Run {
  first: number;
  last: number; // inclusive token indices
}

/** Maximal runs of capitalised tokens (with connectors and hyphen joins) inside one sentence. */
function capitalisedRuns(text: string, tokens: Token[], a: number, b: number): Run[] {
  const runs: Run[] = [];
  let i = a;
  while (i <= b) {
    const t = tokens[i];
    const sentenceStart = i === a || /^["“‘'(]$/.test(tokens[i - 1].text);
    const lower = t.text.toLowerCase();
    const commonStart =
      sentenceStart && (STOPWORDS.has(lower) || !['PROPN', 'NOUN', 'ADJ'].includes(t.pos)) && !gaz.names[lower];
    const stop = sentenceStart && STOPWORDS.has(lower);
    if (!isCap(t) || NOT_NAMES.has(lower) || commonStart || stop) {
      i++;
      continue;
    }
    let j = i;
    for (;;) {
      if (sentenceStart && t.pos !== 'PROPN' && !gaz.names[lower]) break; // "Thousands of", "Analysts believe"
      const n = tokens[j + 1];
      if (!n || j + 1 > b) break;
      const glued = n.start === tokens[j].end;
      if (isCap(n) && !NOT_NAMES.has(n.text.toLowerCase()) && text.slice(tokens[j].end, n.start) === ' ') j++;
      else if (
        glued &&
        n.text === '-' &&
        tokens[j + 2] &&
        tokens[j + 2].start === n.end &&
        /^\p{L}/u.test(tokens[j + 2].text)
      )
        j += 2;
      else if (
        CONNECTORS.has(n.text.toLowerCase()) &&
        tokens[j + 2] &&
        isCap(tokens[j + 2]) &&
        j + 2 <= b &&
        !/^#/.test(tokens[j + 2].text)
      )
        j += 2;
      else break;
    }
    if (sentenceStart && j === i && t.pos !== 'PROPN' && !gaz.names[lower]) {
      i++;
      continue;
    }
    runs.push({ first: i, last: j });
    i = j + 1;
  }
  return runs;
}

/**
 * Named mentions in one article. Titles and roles in front of a name ("Pakistani Foreign
 * Minister", "Maj Gen") are split into `role`, so the mention span covers the name only.
 */
export function findEntities(
  text: string,
  tokens: Token[],
  sents: Sentence[],
  tokenRanges: [number, number][],
): { mentions: Mention[]; roleMentions: RoleMention[] } {
  const mentions: Mention[] = [];
  const roleMentions: RoleMention[] = [];
  sents.forEach((s, si) => {
    const [a, b] = tokenRanges[si];
    // Title-case headlines make every word look like a name to the rules; there only the
    // tagger (trained on headlines too) speaks.
    const titleCase = s.heading && b - a >= 3 && tokens.slice(a, b + 1).filter(isCap).length / (b - a + 1) >= 0.6;
    const found: Mention[] = [];
    if (!titleCase) for (const run of capitalisedRuns(text, tokens, a, b)) splitRun(text, tokens, run, a, found);
    mentions.push(...reconcile(text, tokens, a, b, found));
    // "the army chief", "the foreign minister", "the Pakistani foreign minister" (a qualifier
    // first): descriptions resolved at story level.
    const lower = (k: number) => k <= b && /^\p{Ll}+$/u.test(tokens[k].text);
    for (let i = a; i <= b - 1; i++) {
      if (tokens[i].text.toLowerCase() !== 'the') continue;
      let j = i + 1;
      const qualified = /^\p{Lu}\p{Ll}+$/u.test(tokens[j].text) && lower(j + 1);
      while (j <= b && (lower(j) || (qualified && j === i + 1)) && j - i <= 3) {
        if (ROLE_HEADS.has(tokens[j].text) && (tokens[j + 1]?.pos !== 'PROPN' || !isCap(tokens[j + 1]))) {
          const words = tokens
            .slice(i + 1, j + 1)
            .map((t) => t.text)
            .join(' ');
          if (j > i + 1 || ['spokesman', 'spokeswoman'].includes(words)) {
            roleMentions.push({
              start: tokens[i].start,
              end: tokens[j].end,
              text: text.slice(tokens[i].start, tokens[j].end),
              role: words,
            });
          }
          break;
        }
        j++;
      }
    }
  });
  return { mentions, roleMentions };
}

// Rules that decide a span and type on their own (they split titles off names, which CoNLL's
// tagger never saw); every other mention comes from the trained tagger. Chosen on CoNLL dev.
const STRONG_RULES = new Set(['title', 'role-before', 'org-suffix', 'org-of']);

/**
 * Combine rule mentions with the trained tagger (src/article/ner): the tagger types
 * mentions that weak rules only guessed, removes guesses it sees no entity in, and adds
 * entities no capitalised run caught. Rule boundaries win, so titles stay split off.
 */
function reconcile(text: string, tokens: Token[], a: number, b: number, found: Mention[]): Mention[] {
  const spans = modelSpans(tokens, a, b);
  const tokenType = new Map<number, EntityType>();
  for (const s of spans) for (let i = s.first; i <= s.last; i++) tokenType.set(i, s.type);
  const idx = (m: { start: number; end: number }) => {
    const ts: number[] = [];
    for (let i = a; i <= b; i++) if (tokens[i].start >= m.start && tokens[i].end <= m.end) ts.push(i);
    return ts;
  };
  const out: Mention[] = [];
  for (const m of found) {
    const types = idx(m)
      .map((i) => tokenType.get(i))
      .filter((t): t is EntityType => !!t);
    if (STRONG_RULES.has(m.rule)) {
      out.push(m);
      continue;
    }
    continue; // weak rules only propose; the tagger's own spans are added below
    const counts = new Map<EntityType, number>();
    types.forEach((t) => counts.set(t, (counts.get(t) ?? 0) + 1));
    const type = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0][0];
    out.push(type === m.type ? m : { ...m, type, rule: 'tagger' });
  }
  for (const s of spans) {
    const start = tokens[s.first].start + (text[tokens[s.first].start] === '#' ? 1 : 0);
    const end = tokens[s.last].end;
    if (out.some((m) => m.start < end && m.end > start) || !/\p{L}/u.test(text.slice(start, end))) continue;
    // Titles alone ("Pakistan’s Army Chief – not …") are a role, as splitRun reads them, not an entity.
    if (titlesOnly(titleWords(tokens.slice(s.first, s.last + 1)))) continue;
    out.push({ start, end, text: text.slice(start, end), type: s.type, role: null, roleSpan: null, rule: 'tagger' });
  }
  return out;
}

/** Lower-cased words of tokens as titles are matched ("Gen." -> "gen"). */
const titleWords = (toks: Token[]) => toks.map((t) => t.text.toLowerCase().replace(/\.$/, '').replace(/^#/, ''));

/** A run made only of titles ("Army Chief", "Secretary of State") is a role, not a name. */
function titlesOnly(words: string[]): boolean {
  let covered = 0;
  while (covered < words.length && matchTitle(words, covered)) covered += matchTitle(words, covered);
  return covered === words.length || (covered > 0 && words.slice(covered).every((w) => w === 'of' || w === 'state'));
}

function splitRun(text: string, tokens: Token[], run: Run, sentFirst: number, out: Mention[]): void {
  const toks = tokens.slice(run.first, run.last + 1);
  const words = titleWords(toks);
  if (titlesOnly(words)) return;
  // Look for a title anywhere in the run: what precedes it is another entity or a role qualifier.
  for (let k = 0; k < toks.length; k++) {
    const n = matchTitle(words, k);
    if (!n) continue;
    let end = k + n;
    for (;;) {
      if (end < toks.length && matchTitle(words, end)) end += matchTitle(words, end);
      else if (hyphenJoined(toks, end)) end += 2;
      else break;
    }
    if (end >= toks.length) continue; // nothing after the title: the run is a role or org
    if (ORG_SUFFIX.has(words[end]) || CONNECTORS.has(words[end])) continue;
    // The qualifier before the title (a place or demonym, "United States", "Pakistani") stays with the role.
    let roleStart = k;
    const before = toks.slice(0, k);
    const beforeName = before.map((t) => t.text).join(' ');
    const bt = before.length ? typeName(beforeName, before) : null;
    if (before.length && bt && (bt.type === 'PLACE' || bt.rule === 'demonym' || bt.type === 'MISC')) roleStart = 0;
    else if (before.length) emit(text, tokens, run.first, run.first + k - 1, null, out, sentFirst);
    const role = { start: toks[roleStart].start, end: toks[end - 1].end };
    emit(text, tokens, run.first + end, run.last, role, out, sentFirst, 'title');
    return;
  }
  // A lower-case role between a qualifier and a name: "Army spokesman Maj Gen ..." is handled by
  // the title split; "Pakistan Army chief Gen ..." arrives as a run that ends before "chief".
  emit(text, tokens, run.first, run.last, null, out, sentFirst);
}

/**
 * Rule `title-hyphen`: a word hyphenated onto a title is part of it ("President-elect",
 * "Secretary-General", "Minister-designate"), not the start of the name that follows.
 */
function hyphenJoined(toks: Token[], at: number): boolean {
  const [dash, word] = [toks[at], toks[at + 1]];
  return (
    !!word && dash.text === '-' && dash.start === toks[at - 1].end && word.start === dash.end && at + 2 < toks.length
  );
}

function emit(
  text: string,
  tokens: Token[],
  first: number,
  last: number,
  role: { start: number; end: number } | null,
  out: Mention[],
  sentFirst: number,
  forced?: 'title',
): void {
  // Trim trailing possessive and connectors.
  while (last >= first && (CONNECTORS.has(tokens[last].text.toLowerCase()) || /^['’]s$/.test(tokens[last].text)))
    last--;
  if (last < first) return;
  const toks = tokens.slice(first, last + 1);
  let start = toks[0].start;
  if (text[start] === '#') start++;
  const end = toks[toks.length - 1].end;
  const name = text.slice(start, end);
  if (!/\p{L}{2}/u.test(name)) return;
  let typed = typeName(name.replace(/^#/, ''), toks);
  // A lower-case role right before the run ("army spokesman", "foreign minister") marks a person.
  const prevWords: string[] = [];
  for (let i = first - 1; i >= Math.max(sentFirst, first - 3); i--) {
    if (!/^\p{Ll}+$/u.test(tokens[i].text)) break;
    prevWords.unshift(tokens[i].text);
  }
  let roleSpan = role;
  const roleHeadAt = prevWords.findIndex((w) => ROLE_HEADS.has(w));
  if (!roleSpan && roleHeadAt >= 0 && roleHeadAt === prevWords.length - 1 && (!typed || typed.type === 'PERSON')) {
    // Extend back over a capitalised qualifier glued to the role ("Pakistan Army chief").
    const firstRoleTok = first - prevWords.length;
    roleSpan = { start: tokens[firstRoleTok].start, end: tokens[first - 1].end };
    typed = { type: 'PERSON', rule: 'role-before' };
  }
  if (forced === 'title' && (!typed || typed.type !== 'ORG')) typed = { type: 'PERSON', rule: 'title' };
  if (!typed) {
    const prev = tokens[first - 1]?.text.toLowerCase();
    const next = tokens[last + 1]?.text.toLowerCase();
    if (prev && PLACE_CONTEXT.has(prev) && toks.length <= 2) typed = { type: 'PLACE', rule: 'place-context' };
    else if (toks.length >= 2 && PLACE_SUFFIX.has(toks[toks.length - 1].text.toLowerCase()))
      typed = { type: 'PLACE', rule: 'place-suffix' };
    else if (
      toks.length >= 2 &&
      toks.some((t) => gaz.names[t.text.toLowerCase()] && gaz.names[t.text.toLowerCase()] !== 'PERSON')
    )
      typed = { type: 'MISC', rule: 'mixed' };
    else if (toks.length >= 2 && MISC_SUFFIX.has(toks[toks.length - 1].text.toLowerCase()))
      typed = { type: 'MISC', rule: 'misc-suffix' };
    else if (toks.length >= 2 && toks.every((t) => t.pos === 'PROPN' || /^[\p{Lu}]/u.test(t.text)))
      typed = { type: 'PERSON', rule: 'name-shape' };
    else if (next === 'said' || next === 'told' || next === 'tweeted')
      typed = { type: 'PERSON', rule: 'speaker-context' };
    else typed = { type: 'MISC', rule: 'unknown' };
  }
  out.push({
    start,
    end,
    text: name,
    type: typed.type,
    role: roleSpan ? text.slice(roleSpan.start, roleSpan.end) : null,
    roleSpan,
    rule: typed.rule,
  });
  // A qualifier absorbed into the role ("Pakistani", "United States") is still a mention of its own.
  if (roleSpan && role) {
    const q = tokens.filter((t) => t.start >= roleSpan!.start && t.end <= roleSpan!.end);
    const words = q.map((t) => t.text.toLowerCase().replace(/\.$/, ''));
    let k = 0;
    while (k < q.length && !matchTitle(words, k)) k++;
    if (k > 0) {
      const qs = q.slice(0, k);
      const qt = typeName(qs.map((t) => t.text).join(' '), qs);
      if (qt)
        out.push({
          start: qs[0].start,
          end: qs[k - 1].end,
          text: text.slice(qs[0].start, qs[k - 1].end),
          type: qt.type,
          role: null,
          roleSpan: null,
          rule: qt.rule,
        });
    }
  }
}
