import type { Quote, Sentence, Token } from '../model.js';
import { cueFeatures, cueScore, type CueModel } from './cues.js';
import cueModel from './data/cue-model.json' with { type: 'json' };
import { sentenceAt } from './sentences.js';
import { wordCount } from '../util/text.js';

// Quotes: quoted spans found by their marks, attributed through a reporting verb (the cue)
// to the nearest speaker phrase on either side. Indirect speech ("X said that ...") is taken
// when a sentence has a cue and a speaker but no quote marks.

const CUE_LEMMAS = new Set([
  'say',
  'tell',
  'tweet',
  'add',
  'state',
  'write',
  'maintain',
  'stress',
  'quote',
  'read',
  'warn',
  'announce',
  'claim',
  'insist',
  'note',
  'ask',
  'reply',
  'declare',
  'reiterate',
  'explain',
  'urge',
  'post',
  'wish',
]);
const PRONOUNS = new Set(['he', 'she', 'it', 'they', 'we', 'i']);
const MIN_QUOTE_WORDS = 3;
/** Tokens a speaker phrase does not run across: punctuation and quote marks. */
const BOUNDARY = /^(?:[,.;:"“”()'‘’`]|''|``)$/;
const TIME_WORD =
  /^(today|yesterday|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|afternoon|evening|night|week|weekend|month|year|january|february|march|april|june|july|august|september|october|november|december)$/i;

/** Quoted spans (content without marks). Curly quotes pair by direction; straight quotes alternate within a paragraph. */
export function quotedSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  // Also two apostrophes as a mark (''…'', ``…''), as some wire and archive texts have it.
  // Mixed straight and curly marks ("…” or “…") pair too: copy-pasted text has them.
  const re = /“([^“”]*)”|"([^"“”\n]*)”|“([^"“”\n]*)"|"([^"\n]*(?:\n\n[^"\n]*)?)"|(?:''|``)((?:(?!''|``)[^\n])*)''/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const inner = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
    const start = m.index + (m[5] === undefined ? 1 : 2);
    spans.push({ start, end: start + inner.length });
  }
  return spans;
}

interface Phrase {
  start: number;
  end: number;
  text: string;
}

/** The text between two offsets, as a phrase. */
const phraseAt = (text: string, start: number, end: number): Phrase => ({ start, end, text: text.slice(start, end) });
/** A single token as a phrase (a cue, a pronoun speaker). */
const tokenPhrase = (t: Token): Phrase => ({ start: t.start, end: t.end, text: t.text });

/** The speaker phrase ending right before token index `i` (subject of the cue). */
function phraseBefore(text: string, tokens: Token[], i: number, lo: number, aside = false): Phrase | null {
  let j = i - 1;
  while (j >= lo && ['AUX', 'ADV', 'PART'].includes(tokens[j].pos) && !/^[,"“”]$/.test(tokens[j].text)) j--; // "has also said"
  // "Ghani on Friday said": the time adjunct is not the speaker.
  if (j >= lo && TIME_WORD.test(tokens[j].text)) {
    j--;
    while (j >= lo && /^(on|in|late|early|last|this|next|the)$/i.test(tokens[j].text)) j--;
    while (j >= lo && ['AUX', 'ADV', 'PART'].includes(tokens[j].pos) && !/^[,"“”]$/.test(tokens[j].text)) j--;
  }
  if (j < lo) return null;
  // "Gov. Phil Bryant (R) said": a party tag or aside in brackets belongs to the speaker.
  if (tokens[j].text === ')') {
    let o = j - 1;
    while (o >= lo && o > j - 8 && tokens[o].text !== '(') o--;
    if (o > lo && tokens[o].text === '(') {
      const head = phraseBefore(text, tokens, o, lo);
      return head ? phraseAt(text, head.start, tokens[j].end) : null;
    }
  }
  // "Chris Covert, South Carolina director for Sanders, said" / "Podesta, who said …, said":
  // the speaker is the phrase before the aside set off by commas.
  if (tokens[j].text === ',' && !aside) {
    let o = j - 1;
    while (o > lo && o > j - 30 && !/^[,;:"“”]$/.test(tokens[o].text)) o--;
    if (o > lo && tokens[o].text === ',') return phraseBefore(text, tokens, o, lo, true);
    return null;
  }
  const end = tokens[j].end;
  if (PRONOUNS.has(tokens[j].text.toLowerCase())) return tokenPhrase(tokens[j]);
  let k = j;
  // ("… Saudi Arabia where the minister met …": a clause opened by "where" or "when" starts after it.)
  // "Gov. John Kasich of Ohio", "the US Embassy in Islamabad": "of" or "in" between two names stays inside the phrase.
  const ofNames = (m: number) =>
    /^(of|in)$/.test(tokens[m].text) && tokens[m + 1]?.pos === 'PROPN' && tokens[m - 1]?.pos === 'PROPN';
  while (
    k - 1 >= lo &&
    !BOUNDARY.test(tokens[k - 1].text) &&
    (!['VERB', 'SCONJ', 'CCONJ', 'ADP'].includes(tokens[k - 1].pos) || ofNames(k - 1)) &&
    !/^(where|when)$/i.test(tokens[k - 1].text) &&
    j - k < 8
  )
    k--;
  // The head is a noun or name; an adjective only ends a longer phrase ("the democratic socialist", tagged ADJ).
  if (
    !['PROPN', 'NOUN'].includes(tokens[j].pos) &&
    !/^[\p{Lu}]/u.test(tokens[j].text) &&
    !(['ADJ', 'NUM'].includes(tokens[j].pos) && j > k)
  )
    return null;
  // A preposition's object is not who spoke: "A spokesman for the ministry said" is the
  // spokesman's phrase; "Imran Khan had at a conference in Islamabad said" is Khan's. (Read as
  // an aside: the phrase it hangs on is not looked for across a comma.)
  if (k - 1 > lo && tokens[k - 1].pos === 'ADP' && /^\p{Ll}/u.test(tokens[k - 1].text)) {
    const head = phraseBefore(text, tokens, k - 1, lo, true);
    if (head) return head.end === tokens[k - 2].end ? phraseAt(text, head.start, end) : head;
  }
  return phraseAt(text, tokens[k].start, end);
}

/** The speaker phrase starting right after token index `i` ("said the FO", "quoted Qureshi"). */
function phraseAfter(text: string, tokens: Token[], i: number, hi: number): Phrase | null {
  let k = i + 1;
  if (k > hi) return null;
  if (PRONOUNS.has(tokens[k].text.toLowerCase())) return tokenPhrase(tokens[k]);
  let j = k;
  const participle = (t: Token, n?: Token) => t.pos === 'VERB' && /ed$/.test(t.text) && n?.pos === 'NOUN'; // "the mildly worded statement"
  // A possessive stays inside: "said the company's chief executive".
  const possessive = (t: Token) => /^['’]s$/.test(t.text);
  while (
    j + 1 <= hi &&
    !BOUNDARY.test(tokens[j + 1].text) &&
    !/^(that|who|which|as|to|when|while)$/i.test(tokens[j + 1].text) &&
    ((participle(tokens[j + 1], tokens[j + 2]) && tokens[j].pos !== 'PROPN') ||
      possessive(tokens[j + 1]) ||
      !['VERB', 'ADP', 'SCONJ', 'CCONJ', 'AUX', 'PART'].includes(tokens[j + 1].pos)) &&
    j - k < 7
  )
    j++;
  if (!['PROPN', 'NOUN', 'DET', 'ADJ'].includes(tokens[k].pos) && !/^[\p{Lu}]/u.test(tokens[k].text)) return null;
  return phraseAt(text, tokens[k].start, tokens[j].end);
}

interface Attribution {
  cue: Phrase;
  speaker: Phrase | null;
  via: Phrase | null;
}

/**
 * Find the cue and speaker for a quote in sentence token range [a, b], outside [qs, qe) and
 * outside any other quoted words (`quoted`): "“… that I have said,” the judge exclaimed,
 * “…”" has no cue "said" for its second part.
 */
function attribute(
  text: string,
  tokens: Token[],
  a: number,
  b: number,
  qs: number,
  qe: number,
  quoted: (t: Token) => boolean,
): Attribution | null {
  const outside = (t: Token) => (t.end <= qs - 1 || t.start >= qe + 1) && !quoted(t);
  let best: { i: number; dist: number } | null = null;
  for (let i = a; i <= b; i++) {
    const t = tokens[i];
    if (!outside(t) || !CUE_LEMMAS.has(t.lemma.toLowerCase())) continue;
    if (!['VERB', 'AUX', 'NOUN'].includes(t.pos) && t.lemma !== 'say') continue;
    const dist = t.start >= qe ? t.start - qe : qs - t.end;
    if (!best || dist < best.dist) best = { i, dist };
  }
  if (!best) return framingVerb(text, tokens, a, b, qs, qe);
  const i = best.i;
  const cueTok = tokens[i];
  const cue = tokenPhrase(cueTok);
  const lemma = cueTok.lemma.toLowerCase();
  // "X quoted Y as saying/telling": Y is the speaker, X relays it.
  if (lemma === 'quote' && tokens[i - 1]?.text.toLowerCase() !== 'was') {
    const speaker = phraseAfter(text, tokens, i, b);
    return { cue, speaker, via: phraseBefore(text, tokens, i, a) };
  }
  // "X was quoted as saying by Y": X speaks, Y relays.
  if (lemma === 'quote' || (tokens[i - 1]?.text === 'as' && tokens[i - 2]?.lemma === 'quote')) {
    const q = lemma === 'quote' ? i : i - 2;
    let aux = q - 1;
    if (tokens[aux]?.lemma === 'be') aux--;
    const speaker = phraseBefore(text, tokens, aux + 1, a);
    let via: Phrase | null = null;
    for (let k = q; k <= Math.min(b, q + 6); k++) if (tokens[k].text === 'by') via = phraseAfter(text, tokens, k, b);
    return { cue: tokenPhrase(tokens[q]), speaker, via };
  }
  // "Gen Bajwa, it said, called for “…”": the named subject of the verb framing the quote
  // speaks, and the attribution set off by commas relays it.
  const aside = asideAt(text, tokens, i, a, b);
  if (aside && qs > tokens[i + 2].start) {
    const subject = phraseBefore(text, tokens, aside.comma, a);
    if (
      subject &&
      subject.start === tokens[a].start &&
      tokens.some((t) => t.start >= subject.start && t.end <= subject.end && t.pos === 'PROPN')
    )
      return { cue, speaker: subject, via: aside.speaker };
  }
  // "X did not want to address it, telling Fox 35 …", "Trump doubled down and said …": the sentence's subject speaks.
  if (coordinatedCue(tokens, i, a)) {
    const subject = mainSubject(text, tokens, a, b, i);
    if (subject && (subject.end <= qs || subject.start >= qe)) return { cue, speaker: subject, via: null };
    if (/^(and|but)$/i.test(tokens[i - 1]?.text ?? '')) {
      // "… where the minister met his counterpart and stressed …": the subject of the verb the cue is joined to.
      let v = i - 2;
      while (v > a && tokens[v].pos !== 'VERB' && !BOUNDARY.test(tokens[v].text)) v--;
      const first = v > a && tokens[v].pos === 'VERB' ? phraseBefore(text, tokens, v, a) : null;
      if (first && (first.end <= qs || first.start >= qe)) return { cue, speaker: first, via: null };
    }
  }
  const before = phraseBefore(text, tokens, i, a);
  const beforeOk = before && (before.start >= qe || before.end <= qs);
  if (beforeOk && !(before.end <= qs && cueTok.start >= qe)) return { cue, speaker: before, via: null };
  const after = phraseAfter(text, tokens, i, b);
  if (after && (after.start >= qe || after.end <= qs)) return { cue, speaker: after, via: null };
  return { cue, speaker: beforeOk ? before : null, via: null };
}

/**
 * A quote framed by a verb that is not a reporting verb: "“…,” an angry Hollande retaliated."
 * (speaker and verb close the sentence right after the quote) or "Bush offered a retort,
 * tweeting: “…”" (the sentence's subject and first verb lead into the quote).
 */
function framingVerb(text: string, tokens: Token[], a: number, b: number, qs: number, qe: number): Attribution | null {
  let after = a;
  while (after <= b && tokens[after].start < qe + 1) after++;
  if (after <= b && after > a) {
    let v = after;
    while (v <= b && v - after < 7 && !BOUNDARY.test(tokens[v].text) && tokens[v].pos !== 'VERB') v++;
    const closes = v + 1 > b || /^[,.!?;]$/.test(tokens[v + 1].text);
    if (v <= b && v > after && tokens[v].pos === 'VERB' && /ed$/.test(tokens[v].text) && closes) {
      const speaker = phraseBefore(text, tokens, v, after);
      if (speaker) return { cue: tokenPhrase(tokens[v]), speaker, via: null };
    }
  }
  // Lead-in: the quote opens right after "," or ":" and the sentence before it starts with its subject.
  let open = a;
  while (open <= b && tokens[open].end <= qs - 1) open++;
  if (open - 1 > a && /^[,:]$/.test(tokens[open - 1].text)) {
    let v = a;
    while (v < open - 1 && tokens[v].pos !== 'VERB') v++;
    if (v < open - 1 && v > a) {
      const speaker = phraseBefore(text, tokens, v, a);
      if (speaker && speaker.start === tokens[a].start) return { cue: tokenPhrase(tokens[v]), speaker, via: null };
    }
  }
  return null;
}

/** `cues` other than the trained model are for the trainer's held-out check; null turns the learned cues off. */
export function findQuotes(
  text: string,
  tokens: Token[],
  sents: Sentence[],
  ranges: [number, number][],
  cues: CueModel | null = cueModel as CueModel,
): Quote[] {
  const quotes: Quote[] = [];
  const quotedSentences = new Set<number>();
  const spans = quotedSpans(text);
  const quoted = (t: Token) => {
    // Spans come in text order: the last one starting at or before the token is the only one that can hold it.
    let lo = 0;
    let hi = spans.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid].start <= t.start) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && t.end <= spans[hi].end;
  };
  let prev: Quote | null = null;
  for (const q of spans) {
    const content = text.slice(q.start, q.end);
    const si = sentenceAt(sents, q.start);
    // A short quote ("“Sorry,” Sanders said.") is a quote only with its cue right after it;
    // otherwise it is a scare-quoted word or a title.
    // A title after a possessive or a preposition names a show or a work: "on ABC’s “This Week,” Carson said …",
    // "Fox News channel’s “Sunday Morning Futures,” Rep. Darrell Issa said …".
    const afterOwner = /(?:['’]s|\b(?:on|of|in|at|to|from))\s*$/i.test(
      text.slice(Math.max(0, q.start - 12), q.start - 1),
    );
    if (wordCount(content.trim()) < MIN_QUOTE_WORDS) {
      const att = /[,!?.]$/.test(content) ? attribute(text, tokens, ...ranges[si], q.start, q.end, quoted) : null;
      if (!att?.speaker || att.cue.start < q.end || att.cue.start - q.end > 40) continue;
      if (afterOwner) continue;
    } else if (afterOwner && isTitle(content)) continue;
    const sj = sentenceAt(sents, Math.max(q.start, q.end - 1));
    for (let k = si; k <= sj; k++) quotedSentences.add(k);
    // Attribution is searched in the sentence holding the opening mark, then the closing one;
    // then, for the second part of a quote its attribution broke ("“A,” she said, “B.”",
    // "“A,” he told Reuters. “B.”"), the first part's; then, if the quote's own sentences
    // have no cue, the sentence before (for "It read: “...”" the cue sits at the end of that
    // sentence) and the one after.
    const at = (k: number) =>
      k >= 0 && k < sents.length ? attribute(text, tokens, ...ranges[k], q.start, q.end, quoted) : null;
    const own = si === sj ? [at(si)] : [at(si), at(sj)];
    let found = own.find((x) => x?.speaker) ?? null;
    if (!found) {
      // Only the attribution between the parts, in one paragraph: the part after it opens the
      // cue's sentence or the next one (not a quote after more narrative).
      const broken =
        prev?.speaker &&
        prev.cue &&
        prev.cue.start >= prev.end &&
        prev.cue.end <= q.start &&
        si <= sentenceAt(sents, prev.cue.start) + 1 &&
        !/[“"]|\n\s*\n/.test(text.slice(prev.end + 1, q.start - 1));
      // A cue of its own without a speaker ("The email goes on to say: “…”") is kept rather
      // than a neighbour's; a neighbour's cue is taken only with its speaker.
      if (broken) found = { cue: prev!.cue!, speaker: prev!.speaker!, via: prev!.via ?? null };
      else found = own.find((x) => x) ?? null;
      for (const k of [si - 1, sj + 1]) {
        if (found) break;
        const x = at(k);
        if (x?.speaker) found = x;
      }
    }
    prev = {
      start: q.start,
      end: q.end,
      text: content,
      kind: 'direct',
      cue: found?.cue ?? null,
      speaker: found?.speaker ?? null,
      via: found?.via ?? null,
      sentence: si,
    };
    quotes.push(prev);
  }
  // Indirect speech, three shapes: "<speaker> said (that) <content>", "<content>, <speaker> said."
  // and "according to <speaker>, <content>" (either order).
  sents.forEach((s, k) => {
    const [a, b] = ranges[k];
    // A label opening the body's first sentence is a dateline ("Islamabad: …"), not a speaker.
    // Where the rules find nothing, the learned cue detector may; in a sentence with quoted
    // words, the fragment test below holds for its attributions as for the rules'.
    // The detector scores the sentence's tokens once, for where contents end and for a first
    // and a second attribution; without it, the listed reporting verbs are the cues.
    let scores: Float64Array | undefined;
    const scored = () => (scores ??= cueScores(tokens, a, b, cues!));
    const isCue = (i: number) =>
      cues ? i <= b && scored()[i - a] > cues.threshold : REPORT_VERBS.has(tokens[i].lemma.toLowerCase());
    // The sentence's direct quotes (quotes holds only those and earlier sentences' attributions so far).
    const inner = quotedSentences.has(k) ? quotes.filter((q) => q.kind === 'direct' && q.sentence === k) : [];
    // "“A,” Jacobs said, adding that B.": the quote's speaker reports B too.
    if (inner.length) {
      const more = addedAfterQuote(text, tokens, a, b, inner, isCue);
      if (more) {
        quotes.push({ ...more, kind: 'indirect', via: null, sentence: k });
        return;
      }
    }
    const rules = s.heading ? [labelled(text, tokens, a, b)] : ruled(text, tokens, a, b, isCue);
    if (!rules.length && !s.heading && k > 0) rules.push(labelled(text, tokens, a, b));
    const found =
      rules[0] ?? (cues && !s.heading ? learned(text, tokens, a, b, scored(), cues.threshold, isCue) : null);
    if (!found) return;
    // A sentence with quoted words counts as reported speech only when each quoted part is a
    // fragment inside a reported clause ("said the campaign will “compete vigorously”"), or
    // stands apart from every reported clause with a cue of its own ("declaring it “another
    // super Tuesday” and said it was …"). (Where the rules read several attributions, a quoted
    // fragment may sit in any of them.)
    const all = rules[0] ? rules.filter((r): r is Found => !!r) : [found];
    if (quotedSentences.has(k)) {
      const inside = (q: Quote, f: Found) =>
        q.start > f.start + 1 && q.end <= f.end + 1 && q.end - q.start < 0.7 * (f.end - f.start);
      const apart = (q: Quote) =>
        !!q.cue &&
        all.every((f) => (q.end + 1 <= f.start || q.start - 1 >= f.end) && !!f.cue && f.cue.start !== q.cue!.start);
      if (!inner.length || !inner.every((q) => all.some((f) => inside(q, f)) || apart(q))) return;
    }
    quotes.push({ ...found, kind: rules[0] ? 'indirect' : 'inferred', via: null, sentence: k });
    for (const r of rules.slice(1)) if (r) quotes.push({ ...r, kind: 'indirect', via: null, sentence: k });
    // A second attribution beside the first ("Barkley, who said he votes democratic, said one
    // candidate he likes is Kasich"): the detector's best cue among the words the first leaves.
    if (cues && !quotedSentences.has(k)) {
      // (Where the rules found two, the detector is not asked for a third: on train it cost precision.)
      if (rules.length > 1) return;
      const taken = (t: Token) =>
        [found, found.cue, found.speaker].some((p) => p && t.end > p.start && t.start < p.end);
      const more = learned(text, tokens, a, b, scored(), cues.threshold, isCue, taken);
      // Not the words leading into the first's cue ("rejected the plan, saying …"): one attribution.
      const leadsIn =
        more && found.cue && more.end <= found.cue.start && /^[\s,;:]*$/.test(text.slice(more.end, found.cue.start));
      if (more && !leadsIn && (more.end <= found.start || more.start >= found.end))
        quotes.push({ ...more, kind: 'inferred', via: null, sentence: k });
    }
  });
  return quotes.sort((x, y) => x.start - y.start);
}

/**
 * After a direct quote and its cue, ", adding (that) …" (or saying, noting …): the rest of the
 * sentence is reported by the quote's speaker.
 */
function addedAfterQuote(
  text: string,
  tokens: Token[],
  a: number,
  b: number,
  inner: Quote[],
  isCue: (i: number) => boolean,
): Found | null {
  // The quote its cue follows; quoted words after the participle are part of what was added
  // ("“A,” Anderson said, adding that Sanders is “the most trustworthy”").
  const q = inner.find((x) => x.cue && x.speaker && x.cue.start >= x.end);
  if (!q?.cue || !q.speaker) return null;
  for (let i = firstTokenAt(tokens, Math.max(q.cue.end, q.speaker.end, q.end)); i < b - 2; i++) {
    const t = tokens[i];
    if (!participleAfterComma(tokens, i) || t.pos !== 'VERB' || !REPORT_VERBS.has(t.lemma.toLowerCase())) continue;
    if (inner.some((x) => x !== q && x.end > q.start && x.start < t.end)) return null;
    const from = tokens[i + 1].text.toLowerCase() === 'that' ? i + 2 : i + 1;
    return ruleSpan(text, tokens, tokens[from].start, sentenceEnd(tokens, b), t, q.speaker, isCue);
  }
  return null;
}

/** A few words, each capitalised but for short function words: the name of a show or a work. */
function isTitle(content: string): boolean {
  const ws = content
    .replace(/(?<![,.!?])[,.!?]+$/, '')
    .trim()
    .split(/\s+/);
  return (
    ws.length <= 5 &&
    ws.every((w, i) => /^\p{Lu}/u.test(w) || (i > 0 && /^(of|the|and|a|an|in|on|for|to|with|at)$/.test(w)))
  );
}

/** Labels that end in a colon but name no speaker. */
const NOT_SPEAKERS =
  /^(update|updated|note|photo|photos|video|watch|read|related|editor|correction|source|advertisement|live|breaking|exclusive|analysis|opinion|q|a|by|via|see|also|credit|pictured|file)$/i;

/** "Elizabeth Warren: Donald Trump Is a ‘Proven Failure’": a name and a colon lead the speaker's words (headlines, live blogs). */
function labelled(text: string, tokens: Token[], a: number, b: number): Found | null {
  let c = a;
  // "Wash Post Fact-Check:": a hyphen joins two words of the label.
  while (
    c <= b &&
    c - a < 6 &&
    tokens[c].text !== ':' &&
    (tokens[c].pos === 'PROPN' ||
      /^\p{Lu}\p{Ll}/u.test(tokens[c].text) ||
      tokens[c].text === '.' ||
      (tokens[c].text === '-' && c > a && tokens[c - 1].end === tokens[c].start))
  )
    c++;
  if (
    c === a ||
    c > b - 3 ||
    tokens[c].text !== ':' ||
    NOT_SPEAKERS.test(tokens[a].text) ||
    /^[\p{Lu}\s]+$/u.test(text.slice(tokens[a].start, tokens[c - 1].end))
  )
    return null;
  let to = /[.!?]$/.test(tokens[b].text) ? tokens[b].start : tokens[b].end;
  while (to > tokens[c + 1].start && /\s/.test(text[to - 1])) to--;
  const from = tokens[c + 1].start;
  return {
    ...phraseAt(text, from, to),
    cue: tokenPhrase(tokens[c]),
    speaker: phraseAt(text, tokens[a].start, tokens[c - 1].end),
  };
}

// Verbs that introduce reported content; those outside SAY_LIKE need "that" after them.
const SAY_LIKE = new Set(['say', 'tell', 'add', 'write', 'tweet']);
const REPORT_VERBS = new Set([
  ...SAY_LIKE,
  'announce',
  'claim',
  'argue',
  'warn',
  'insist',
  'note',
  'explain',
  'suggest',
  'report',
  'believe',
  'acknowledge',
  'admit',
  'deny',
  'predict',
  'contend',
  'assert',
  'think',
  'estimate',
  'reveal',
  'confirm',
  'allege',
  'state',
  'stress',
  'maintain',
  'indicate',
  'agree',
  'complain',
  // Findings, beliefs and promises: PolNeAR attributes these as well ("polls show …", "voters fear …").
  'show',
  'find',
  'hope',
  'fear',
  'worry',
  'expect',
  'feel',
  'know',
  'recall',
  'concede',
  'signal',
  'speculate',
  'emphasize',
  'emphasise',
  'observe',
  'remark',
  'testify',
  'promise',
  'vow',
  'pledge',
  'boast',
  'joke',
  'respond',
  'conclude',
  'determine',
  'assume',
  'doubt',
  'mention',
  'recommend',
  'propose',
  'demand',
  'figure',
  'guess',
  'imply',
  'project',
  'forecast',
  'caution',
  'counter',
  'retort',
  'charge',
  'assure',
  'remind',
  'inform',
  'advise',
  'convince',
  'persuade',
  'reassure',
  'notify',
]);

/** Reporting verbs whose first object is the one told, not what was said ("told reporters he …"). */
const RECIPIENT_FIRST = new Set([
  'tell',
  'assure',
  'remind',
  'inform',
  'advise',
  'convince',
  'persuade',
  'reassure',
  'notify',
  'warn',
]);

/** Tags a noun phrase is made of (as clauseFollows and recipientEnd read one). */
const NOUN_PHRASE = ['PRON', 'DET', 'PROPN', 'NOUN', 'ADJ', 'NUM'];

type Found = Pick<Quote, 'start' | 'end' | 'text' | 'cue' | 'speaker'>;

/**
 * Where reported content after its cue ends: a new clause joined on ("…; …", "…, but …"),
 * a participle or comparison that comments on it (", adding …", ", compared with …"), or a
 * second reporting verb ("… but argues …"). The detector's contents also end at ", and",
 * ", which" and a dash (on train these helped its contents, not the rules').
 */
const JOINED = String.raw`;\s|,\s+but\s|,\s+(?:compared|adding|putting|saying|noting|citing|asserting|arguing|insisting|acknowledging|calling)\b|(?<!\s)\s+but\s+(?:argues|argued|says|said|adds|added|admits|admitted|notes|noted)\b`;
const RULE_CLAUSE_STOP = new RegExp(JOINED);
const LEARNED_CLAUSE_STOP = new RegExp(String.raw`${JOINED}|\s[—–]\s|,\s+(?:while|although|as|and|which)\s`);

/**
 * Where reported content ends at a second cue of the speaker's, or of someone new, joined
 * by "and", "but", "while" or "whereas": "said he found Trump charming | and called his standing …",
 * "said they prefer him | and more than four in 10 said …", "accuses Sanders of … | while
 * Sanders suggests …". The speaker's own verb is inflected; a base
 * form continues the content ("would sit Putin down and tell him …"). `to` when there is none.
 */
function coordinatedEnd(tokens: Token[], from: number, to: number, cue: (i: number) => boolean): number {
  const verb = (k: number) => tokens[k] && tokens[k].end <= to && ['VERB', 'AUX'].includes(tokens[k].pos) && cue(k);
  for (let i = firstTokenAt(tokens, from); i < tokens.length && tokens[i].end <= to; i++) {
    if (!/^(and|but|while|whereas)$/i.test(tokens[i].text) || tokens[i].start - from < 10) continue;
    let v = i + 1;
    while (v < tokens.length && tokens[v].pos === 'ADV') v++;
    let w = v;
    while (
      w < tokens.length &&
      w - v < 7 &&
      (NOUN_PHRASE.includes(tokens[w].pos) || (w > v && /^(than|in|of)$/i.test(tokens[w].text)))
    )
      w++;
    while (w < tokens.length && w > v && ['AUX', 'ADV', 'PART'].includes(tokens[w].pos)) w++;
    const own = verb(v) && tokens[v].text.toLowerCase() !== tokens[v].lemma.toLowerCase();
    if (own || (w > v && verb(w))) return tokens[i - 1]?.text === ',' ? tokens[i - 1].start : tokens[i].start;
  }
  return to;
}

/** Index of the first token starting at or after offset `at`. */
function firstTokenAt(tokens: Token[], at: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Tags a noun phrase is made of (as clauseFollows and recipientEnd read one). */

/** After "told" or "assured", where the one told ends: the shortest noun phrase that a clause or "to" follows ("told reporters | he …", "telling Christie | to …"). */
function recipientEnd(tokens: Token[], i: number, b: number): number | null {
  for (let k = i + 2; k <= Math.min(b, i + 6); k++) {
    const last = tokens[k - 1];
    if (!NOUN_PHRASE.includes(last.pos) || /^(that|what|how|why)$/i.test(last.text)) return null;
    if (
      ['NOUN', 'PROPN', 'PRON'].includes(last.pos) &&
      (clauseFollows(tokens, k, b) || tokens[k].text.toLowerCase() === 'to')
    )
      return k;
  }
  return null;
}

/** "believes the plan will fail": a subject and a finite verb right after the reporting verb (not just an object). */
function clauseFollows(tokens: Token[], from: number, hi: number): boolean {
  if (from > hi || !NOUN_PHRASE.includes(tokens[from].pos) || /^(it|that|this|what)$/i.test(tokens[from].text))
    return false;
  for (let k = from + 1; k <= Math.min(hi, from + 8); k++) {
    if (
      BOUNDARY.test(tokens[k].text) ||
      ['ADP', 'SCONJ', 'CCONJ'].includes(tokens[k].pos) ||
      /^(which|who|that)$/i.test(tokens[k].text)
    )
      return false;
    if (['AUX', 'VERB'].includes(tokens[k].pos)) return !/ing$/.test(tokens[k].text);
  }
  return false;
}

/** "It is feared", "it should be recalled": "it" and only auxiliaries before the verb. */
function expletive(tokens: Token[], a: number, verb: number): boolean {
  let k = verb - 1;
  while (k > a && ['AUX', 'PART'].includes(tokens[k].pos)) k--;
  return k < verb - 1 && /^it$/i.test(tokens[k].text);
}

/** A cue that continues the sentence's main clause: ", saying …", ", telling …", "… and said …". */
function coordinatedCue(tokens: Token[], i: number, a: number): boolean {
  let p = i - 1;
  while (p > a && tokens[p].pos === 'ADV') p--;
  return /^(and|but)$/i.test(tokens[p]?.text ?? '') || participleAfterComma(tokens, i);
}

/** ", saying …", ", adding …": a participle right after a comma. */
const participleAfterComma = (tokens: Token[], i: number) =>
  /ing$/i.test(tokens[i].text) && tokens[i - 1]?.text === ',';

/** The subject at the start of a sentence, after any opening adjunct ("In an interview on Sunday, Trump …"). */
function sentenceSubject(text: string, tokens: Token[], a: number, b: number): Phrase | null {
  let start = a;
  if (
    ['ADP', 'SCONJ', 'ADV'].includes(tokens[a].pos) ||
    TIME_WORD.test(tokens[a].text) ||
    (tokens[a].pos === 'VERB' && /(ing|ed)$/.test(tokens[a].text))
  ) {
    let c = a;
    while (c <= b && c - a < 14 && tokens[c].text !== ',') c++;
    if (c <= b && tokens[c].text === ',') start = c + 1;
  }
  return start <= b ? phraseAfter(text, tokens, start - 1, b) : null;
}

/** The sentence's subject, if the cue continues its main clause (no relative or subordinate clause in between). */
function mainSubject(text: string, tokens: Token[], a: number, b: number, cue: number): Phrase | null {
  const subject = sentenceSubject(text, tokens, a, b);
  if (!subject) return null;
  // A participle after a comma ("rejected the idea that …, saying …") goes with the subject's own verb, whatever clause lies between.
  if (participleAfterComma(tokens, cue)) {
    let v = firstTokenAt(tokens, subject.end);
    while (v < cue && ['AUX', 'ADV'].includes(tokens[v].pos)) v++;
    if (tokens[v]?.pos === 'VERB') return subject;
  }
  for (let k = a; k < cue; k++)
    if (
      tokens[k].start >= subject.end &&
      (tokens[k].pos === 'SCONJ' || /^(who|which|that|where|when|whose|whom)$/i.test(tokens[k].text))
    )
      return null;
  return subject;
}

function wordsUntilPunctuation(text: string, tokens: Token[], from: number, hi: number): Phrase | null {
  let j = from;
  while (j + 1 <= hi && j - from < 7 && !BOUNDARY.test(tokens[j + 1].text)) j++;
  if (from > hi || BOUNDARY.test(tokens[from].text)) return null;
  return phraseAt(text, tokens[from].start, tokens[j].end);
}

/**
 * A short clause-initial subject the phrase rules do not take ("About four in 10 said",
 * "Those surveyed said", "Everyone but Hewlett said"): the words from the sentence start
 * to the verb, when there are few of them and no punctuation.
 */
function subjectFromStart(text: string, tokens: Token[], a: number, verb: number): Phrase | null {
  let j = verb - 1;
  while (j > a && ['AUX', 'ADV', 'PART'].includes(tokens[j].pos)) j--;
  if (j < a || j - a > 6) return null;
  for (let k = a; k <= j; k++)
    if (BOUNDARY.test(tokens[k].text) || (tokens[k].pos === 'VERB' && !/ed$/.test(tokens[k].text) && k < j - 1))
      return null;
  return phraseAt(text, tokens[a].start, tokens[j].end);
}

/** Where a sentence's words end, before its closing punctuation. */
const sentenceEnd = (tokens: Token[], b: number) => (/[.!?]$/.test(tokens[b].text) ? tokens[b].start : tokens[b].end);

/** Content from..to without the spaces and separators at either end (", is different" -> "is different"). */
function contentAt(text: string, from: number, to: number): Phrase {
  while (to > from && /[\s,;:]/.test(text[to - 1])) to--;
  while (from < to && /[\s,;:]/.test(text[from])) from++;
  return phraseAt(text, from, to);
}

/** A rule attribution's content from..to, trimmed; content after its cue ends where a new clause is joined on. */
function ruleSpan(
  text: string,
  tokens: Token[],
  from: number,
  to: number,
  cue: Token,
  speaker: Phrase | null,
  isCue: (i: number) => boolean,
): Found | null {
  if (from > cue.start) {
    const stop = RULE_CLAUSE_STOP.exec(text.slice(from, to));
    if (stop && stop.index > 10) to = from + stop.index;
    to = coordinatedEnd(tokens, from, to, isCue);
  }
  const content = contentAt(text, from, to);
  if (wordCount(content.text) < 3 || !speaker) return null;
  return { ...content, cue: tokenPhrase(cue), speaker };
}

/**
 * The rules' attributions of a sentence: the first of the shapes below, then, while a content
 * after its cue ends before the sentence does, the next "<speaker> said …" after it
 * ("Barkley, who said he votes democratic, | said …", "said X | and argued that Y").
 */
function ruled(text: string, tokens: Token[], a: number, b: number, isCue: (i: number) => boolean): Found[] {
  const out: Found[] = [];
  const end = sentenceEnd(tokens, b);
  for (let f = indirect(text, tokens, a, b, isCue); f;) {
    out.push(f);
    if (f.start < f.cue!.end || f.end >= end) break;
    f = reportedFrom(text, tokens, a, b, isCue, firstTokenAt(tokens, f.end));
  }
  return out;
}

/** The first rule attribution of a sentence; `isCue(i)`: token i is a cue, where content joined on by "and" or "but" ends. */
function indirect(text: string, tokens: Token[], a: number, b: number, isCue: (i: number) => boolean): Found | null {
  const end = sentenceEnd(tokens, b);
  const span = (from: number, to: number, cue: Token, speaker: Phrase | null) =>
    ruleSpan(text, tokens, from, to, cue, speaker, isCue);
  const lower = (i: number) => tokens[i]?.text.toLowerCase();
  // "according to X, ..." / "..., according to X."
  for (let i = a; i < b; i++) {
    if (lower(i) !== 'according' || lower(i + 1) !== 'to') continue;
    // Whatever follows "according to" names the source, however the tagger reads it ("campaign manager …").
    const speaker = phraseAfter(text, tokens, i + 1, b) ?? wordsUntilPunctuation(text, tokens, i + 2, b);
    if (!speaker) return null;
    let c = i + 2;
    while (c <= b && tokens[c].text !== ',') c++;
    if (i === a) return c < b ? span(tokens[c + 1].start, end, tokens[i], speaker) : null;
    // Set off by a comma, a dash, or a comma inside closing quote marks ("… a “root canal,” according to …");
    // at the end of the sentence, by nothing ("… 46 percent to 39 percent according to a CBS poll.").
    const close =
      /^(”|"|'')$/.test(tokens[i - 1].text) && /,\s*$/.test(text.slice(tokens[i - 2]?.start ?? 0, tokens[i - 1].start));
    const setOff = /^(,|—|–|--)$/.test(tokens[i - 1].text) || close;
    if (!setOff && c <= b) return null;
    const before = setOff && !close ? tokens[i - 1].start : tokens[i].start;
    // "Notably absent, according to members, was any mention …": the content runs round the aside.
    return c < b ? span(tokens[a].start, end, tokens[i], speaker) : span(tokens[a].start, before, tokens[i], speaker);
  }
  // "This campaign, he says, is different.": an attribution set off by commas between the
  // reported clause's subject and its verb; the content runs round it, from the sentence's
  // start to its end.
  for (let i = a + 3; i < b - 2; i++) {
    const aside = asideAt(text, tokens, i, a, b);
    if (aside) return span(tokens[a].start, end, tokens[i], aside.speaker);
  }
  // "..., <speaker> said." / "..., said <speaker>.": a short tail after the last comma.
  let comma = -1;
  for (let i = b; i > a; i--)
    if (tokens[i].text === ',') {
      comma = i;
      break;
    }
  // Not "Gov. John Kasich of Ohio, a Republican who …, said the Khan family deserved better.":
  // a name and its apposition before the comma are the speaker, not what was said.
  let first = a;
  while (first < comma && tokens[first].text !== ',') first++;
  const named =
    first < comma &&
    first > a &&
    tokens.slice(a, first).every((t) => t.pos === 'PROPN' || t.pos === 'ADP' || /^[().-]$/.test(t.text));
  if (comma > a + 3 && b - comma <= 9 && !(named && SAY_LIKE.has(tokens[comma + 1]?.lemma.toLowerCase() ?? ''))) {
    for (let i = comma + 1; i <= b; i++) {
      const t = tokens[i];
      if (t.pos !== 'VERB' || !SAY_LIKE.has(t.lemma.toLowerCase())) continue;
      const speaker = i > comma + 1 ? phraseBefore(text, tokens, i, comma + 1) : phraseAfter(text, tokens, i, b);
      // The tail is only the attribution ("…, the company said." / "…, said the FO."), not
      // the start of a reported clause ("…, said the office has opened").
      const tail = text.slice(Math.max(t.end, speaker?.end ?? 0), end);
      if (
        !/^\s*(?:(?:on|in|at|late|early|last|this)\s+)?(?:[\p{L}\p{M}\p{N}_.]+(?:\s+[\p{L}\p{M}\p{N}_.]+)?\s*)?$/u.test(
          tail,
        )
      )
        break;
      return span(tokens[a].start, tokens[comma].start, t, speaker);
    }
  }
  // "..., said <speaker>, <a long description>.": the cue right after an earlier comma.
  for (let c = a + 4; c < comma; c++) {
    const t = tokens[c + 1];
    if (tokens[c].text !== ',' || t.pos !== 'VERB' || !SAY_LIKE.has(t.lemma.toLowerCase())) continue;
    const speaker = phraseAfter(text, tokens, c + 1, b);
    if (speaker && text.slice(speaker.end).trimStart().startsWith(','))
      return span(tokens[a].start, tokens[c].start, t, speaker);
  }
  return trailing(text, tokens, a, b, isCue) ?? reportedFrom(text, tokens, a, b, isCue, a + 1);
}

/**
 * Token i as the cue of an attribution set off by commas between a clause's subject and its
 * verb ("This campaign, he says, is different."; "Gen Bajwa, it said, called for …"): the
 * comma before the aside and its speaker, or null. Not "…, he said, adding …", "…, he said,
 * “…”" or "…, he said, the media …": there the attribution closes or opens the content.
 */
function asideAt(
  text: string,
  tokens: Token[],
  i: number,
  a: number,
  b: number,
): { comma: number; speaker: Phrase } | null {
  const t = tokens[i];
  if (i < a + 3 || i > b - 3 || tokens[i + 1].text !== ',' || t.pos !== 'VERB' || !SAY_LIKE.has(t.lemma.toLowerCase()))
    return null;
  const next = tokens[i + 2];
  if (!['VERB', 'AUX'].includes(next.pos) || /ing$/i.test(next.text)) return null;
  let c = i - 1;
  while (c > a && i - c <= 5 && !/^[,;:"“”]$/.test(tokens[c].text)) c--;
  if (c <= a || tokens[c].text !== ',' || c === i - 1) return null;
  const speaker = phraseBefore(text, tokens, i, c + 1);
  return speaker && speaker.start === tokens[c + 1].start ? { comma: c, speaker } : null;
}

/**
 * "<content>, <speaker> <verb> <anything but a reported clause>": "…, a school spokesman told
 * The Wall Street Journal.", "…, Hollande said Tuesday in Paris, noting …", "…, records show.".
 * The first comma after which a speaker phrase and a reporting verb follow.
 */
function trailing(text: string, tokens: Token[], a: number, b: number, isCue: (i: number) => boolean): Found | null {
  const lower = (i: number) => tokens[i]?.text.toLowerCase();
  for (let c = a + 3; c < b; c++) {
    if (!/^(,|--|—|–)$/.test(tokens[c].text)) continue;
    for (let v = c + 1; v <= Math.min(b, c + 10); v++) {
      const t = tokens[v];
      if (BOUNDARY.test(t.text)) break;
      const lemma = t.lemma.toLowerCase();
      if (t.pos !== 'VERB' || !(REPORT_VERBS.has(lemma) || CUE_LEMMAS.has(lemma))) continue;
      // (A cue right after the comma, "…, said the FO", is read by the shapes above.)
      const speaker = v > c + 1 ? phraseBefore(text, tokens, v, c + 1) : null;
      if (!speaker || speaker.start !== tokens[c + 1].start) break;
      if (
        tokens
          .slice(c + 1, v)
          .some((x) => ['VERB', 'AUX'].includes(x.pos) || /^(where|when|who|which|that)$/i.test(x.text))
      )
        break;
      const n = v + 1;
      // The tail runs to the next comma or dash; it holds no verb and no "that" ("…, he said that …").
      for (let k = n; k <= b && !/^(,|--|—|–|;)$/.test(tokens[k].text); k++)
        if (['VERB', 'AUX'].includes(tokens[k].pos) || lower(k) === 'that') return null;
      // "…, said the office has opened", "…, Holder announced his resignation": a reported
      // clause or an object follows, not a tail. A tail is a time, a place or medium ("in a
      // video message"), the one told, or a comment after a comma.
      if (clauseFollows(tokens, n, b)) break;
      const told = RECIPIENT_FIRST.has(lemma) && NOUN_PHRASE.includes(tokens[n]?.pos ?? '');
      if (
        n < b &&
        !told &&
        !TIME_WORD.test(tokens[n].text) &&
        !['ADP', 'ADV'].includes(tokens[n].pos) &&
        !/^(,|--|—|–|;)$/.test(tokens[n].text)
      )
        break;
      // The content before the comma is a clause, not an opening adjunct ("In a 1963 speech, he declared").
      if (!tokens.slice(a, c).some((x) => ['VERB', 'AUX'].includes(x.pos))) break;
      // Any later comma opens only a comment on it (", noting …", ", and …"); otherwise the
      // words before this comma are not the whole content ("Many of the closures, he said, have …").
      let later = n;
      while (
        later < b &&
        !(
          /^[,;]$/.test(tokens[later].text) &&
          !(/ing$/.test(lower(later + 1) ?? '') && tokens[later + 1].pos === 'VERB') &&
          !/^(and|but)$/i.test(lower(later + 1) ?? '')
        )
      )
        later++;
      if (later < b) break;
      return ruleSpan(text, tokens, tokens[a].start, tokens[c].start, t, speaker, isCue);
    }
  }
  return null;
}

/** "<speaker> said (that) ...", with the cue at token `first` or later. */
function reportedFrom(
  text: string,
  tokens: Token[],
  a: number,
  b: number,
  isCue: (i: number) => boolean,
  first: number,
): Found | null {
  const end = sentenceEnd(tokens, b);
  const span = (from: number, to: number, cue: Token, speaker: Phrase | null) =>
    ruleSpan(text, tokens, from, to, cue, speaker, isCue);
  const lower = (i: number) => tokens[i]?.text.toLowerCase();
  for (let i = first; i < b - 3; i++) {
    const t = tokens[i];
    const lemma = t.lemma.toLowerCase();
    if (t.pos !== 'VERB' || !REPORT_VERBS.has(lemma)) continue;
    let c = i + 1;
    // "said on Monday that ...", "told reporters that ...": the content starts after "that".
    let j = c;
    // (A capitalised "verb" there is a name the tagger misread: "of Charleston on Saturday that".)
    const clause = (k: number) =>
      ['VERB', 'AUX', 'SCONJ'].includes(tokens[k].pos) &&
      !(tokens[k].pos === 'VERB' && /^\p{Lu}/u.test(tokens[k].text));
    while (j <= b && lower(j) !== 'that' && j - i < 14 && tokens[j].text !== ',' && !clause(j)) j++;
    if (lower(j) === 'that') c = j + 1;
    else {
      // "told voters he is tough", "telling Christie to go home": the one told is not what was said.
      const told = RECIPIENT_FIRST.has(lemma) ? recipientEnd(tokens, i, b) : null;
      if (told !== null) c = told;
      else if (!SAY_LIKE.has(lemma) && !clauseFollows(tokens, i + 1, b)) continue;
    }
    if (c > b) return null;
    // "It is feared that …", "It should be recalled that …": nobody is speaking.
    if (expletive(tokens, a, i)) continue;
    const before = phraseBefore(text, tokens, i, a);
    // "…, a Chinese official said, and …": the attribution sits inside the sentence; the content is before it.
    if (tokens[i + 1]?.text === ',' && before && before.start > tokens[a].start) {
      // "Asked about it, Adelson said, “…”": what follows is a direct quote, taken as such.
      if (/^\s*[“"]/.test(text.slice(tokens[i + 1].end))) continue;
      let comma = i - 1;
      while (comma > a && tokens[comma].end > before.start) comma--;
      // "Many of the closures, he said, have involved …" is reported whole; "…, Spicer said, and …" only up to the aside.
      if (tokens[comma].text === ',' && comma > a + 3)
        return span(
          tokens[a].start,
          /^(and|but|adding|while|although|though|which|as)$/i.test(tokens[i + 2]?.text ?? '')
            ? tokens[comma].start
            : end,
          t,
          before,
        );
    }
    // "Barkley, who said he votes democratic, said …": a relative clause's content ends at its comma.
    if (/^(who|which)$/i.test(lower(i - 1) ?? '') && i - 1 > a) {
      let close = c;
      while (close < b && tokens[close].text !== ',') close++;
      const head = tokens[i - 2].text === ',' ? i - 2 : i - 1;
      return span(tokens[c].start, close < b ? tokens[close].start : end, t, phraseBefore(text, tokens, head, a, true));
    }
    // "X rejected the idea, saying …", "X declined to name them but said …": the sentence's subject speaks.
    if (coordinatedCue(tokens, i, a)) return span(tokens[c].start, end, t, mainSubject(text, tokens, a, b, i));
    return span(tokens[c].start, end, t, before ?? subjectFromStart(text, tokens, a, i));
  }
  return null;
}

/** The detector's score of each token of the sentence a..b (index i - a). */
function cueScores(tokens: Token[], a: number, b: number, model: CueModel): Float64Array {
  const out = new Float64Array(b - a + 1);
  for (let i = a; i <= b; i++) out[i - a] = cueScore(model, cueFeatures(tokens, i, a, b, false));
  return out;
}

/**
 * The attribution around the sentence's most cue-like token, if the learned detector scores
 * one above its threshold. The content is the clause after the cue (after "that" if it
 * follows closely), or the words before a cue that ends the sentence; the speaker is the
 * phrase before the cue, if there is one. findQuotes asks again for a second cue among the
 * words a first attribution leaves; a cue inside another's content (nested attributions)
 * was tried and cost more precision than it found. `scores` are cueScores of the sentence;
 * `isCue` the same scores' test, where contents joined on by "and" end; `taken`: words
 * already part of another attribution, never this one's cue.
 */
function learned(
  text: string,
  tokens: Token[],
  a: number,
  b: number,
  scores: Float64Array,
  threshold: number,
  isCue: (i: number) => boolean,
  taken: (t: Token) => boolean = () => false,
): Found | null {
  let best = -1;
  let top = threshold;
  for (let i = a; i <= b; i++) if (!taken(tokens[i]) && scores[i - a] > top) ((top = scores[i - a]), (best = i));
  if (best < 0) return null;
  const end = sentenceEnd(tokens, b);
  // The detector marks where a cue starts ("will brand", "had intended"): the cue runs to its verb, the content starts after it.
  let head = best;
  while (head < b && head - best < 3 && ['AUX', 'PART', 'ADV'].includes(tokens[head].pos)) head++;
  if (!['VERB', 'NOUN', 'ADJ'].includes(tokens[head].pos)) head = best;
  let c = head + 1;
  for (let k = head + 1; k <= Math.min(b, head + 5); k++) if (tokens[k].text.toLowerCase() === 'that') c = k + 1;
  const after = c <= b && b - c >= 1;
  const from = after ? tokens[c].start : tokens[a].start;
  let to = after ? end : tokens[best].start;
  // As in the rules, the content after its cue ends where a new clause is joined on.
  const stop = after ? LEARNED_CLAUSE_STOP.exec(text.slice(from, to)) : null;
  if (stop && stop.index > 10) to = from + stop.index;
  if (after) to = coordinatedEnd(tokens, from, to, isCue);
  const content = contentAt(text, from, to);
  // An object after the cue may be short ("endorsed Hillary Clinton"); words before a cue that ends the sentence are not.
  if (wordCount(content.text) < (after ? 2 : 3)) return null;
  const speaker =
    phraseBefore(text, tokens, best, a) ??
    (after ? mainSubject(text, tokens, a, b, best) : phraseAfter(text, tokens, best, b));
  // As with the rules, an attribution needs someone to attribute it to.
  if (!speaker) return null;
  return { ...content, cue: phraseAt(text, tokens[best].start, tokens[head].end), speaker };
}
