import type { Sentence, Token } from '../model.js';

// Abbreviations after which a period does not end a sentence. wink splits after
// "Maj." and "Jan." and sometimes "U.S."; these rules rejoin such breaks.
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof sr jr st mt ft gen lt col maj capt cpt sgt cmdr adm brig gov sen rep rev hon pres supt insp det ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun ' +
    'inc ltd co corp bros no nos vs etc al approx dept est fig vol op univ'
  ).split(' '),
);

/** A token ending with "." that is a known abbreviation or an initialism (U.S., U.N.). */
export function isAbbreviation(tokenText: string): boolean {
  const t = tokenText.replace(/\.$/, '').toLowerCase();
  return ABBREVIATIONS.has(t) || /^([a-z]\.)+[a-z]?$/i.test(tokenText);
}

/**
 * Sentences from wink's boundaries, repaired: a break before a lowercase word is undone,
 * as is a break after an abbreviation when the next sentence starts with a capitalised
 * word or a number (unless that word usually starts a sentence), and a paragraph
 * break (blank line or newline) always ends a sentence.
 */
export function sentences(text: string, tokens: Token[], spans: [number, number][]): Sentence[] {
  const breaks = new Set<number>(); // token index that starts a sentence
  for (const [a] of spans) breaks.add(a);
  for (let i = 1; i < tokens.length; i++) {
    const gap = text.slice(tokens[i - 1].end, tokens[i].start);
    if (gap.includes('\n')) breaks.add(i);
  }
  for (const b of [...breaks]) {
    if (b === 0) continue;
    const prev = tokens[b - 1];
    const gap = text.slice(prev.end, tokens[b].start);
    if (gap.includes('\n')) continue;
    const prevText =
      prev.text === '.' && b >= 2 && tokens[b - 2].end === prev.start ? tokens[b - 2].text + '.' : prev.text;
    // A sentence does not start with a lowercase word: "Sen. Bernie Sanders (I-Vt.) said …"
    // is one sentence, though wink breaks after "Vt.)".
    if (/^\p{Ll}+$/u.test(tokens[b].text)) {
      breaks.delete(b);
      continue;
    }
    if (prevText.endsWith('.') && isAbbreviation(prevText) && /^[\p{Lu}\d]/u.test(tokens[b].text)) {
      // "U.S. officials" is one sentence; "in the U.S. He said" is two, but a following
      // pronoun/article start is the only cheap signal and it fails both ways, so keep
      // the join only for titles, months and initials followed by a name-like token.
      if (!/^(He|She|It|They|We|I|The|But|And|This|That|In|On|At|A)$/.test(tokens[b].text)) breaks.delete(b);
    }
  }
  const starts = [...breaks].sort((a, b) => a - b);
  const out: Sentence[] = [];
  let paragraph = 0;
  for (let k = 0; k < starts.length; k++) {
    const first = starts[k];
    const last = (k + 1 < starts.length ? starts[k + 1] : tokens.length) - 1;
    if (last < first) continue;
    if (k > 0 && /\n\s*\n/.test(text.slice(tokens[first - 1].end, tokens[first].start))) paragraph++;
    const start = tokens[first].start;
    const end = tokens[last].end;
    const lastText = tokens[last].text;
    // A heading is a line of its own with no closing punctuation. Unpunctuated text that
    // shares its line with other sentences (a truncated excerpt, a run-in dek) is body text.
    const ownLine =
      /(^|\n)[ \t]*$/.test(text.slice(Math.max(0, start - 200), start)) &&
      /^[ \t]*(\n|$)/.test(text.slice(end, end + 200));
    // Headlines are short; a long unpunctuated line is a sentence that lost its full stop.
    const headlineLength = last - first + 1 <= 16 || isTitleCase(tokens.slice(first, last + 1).map((t) => t.text));
    const heading =
      ownLine && headlineLength && !/[.!?:;"'”’)\]…]$/.test(lastText) && !text.slice(start, end).includes('\n');
    out.push({ start, end, heading, paragraph });
  }
  return out;
}

/** Index of the sentence containing offset, by binary search. */
export function sentenceAt(sents: Sentence[], offset: number): number {
  let lo = 0;
  let hi = sents.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sents[mid].end <= offset) lo = mid + 1;
    else if (sents[mid].start > offset) hi = mid - 1;
    else return mid;
  }
  return Math.max(0, Math.min(lo, sents.length - 1));
}

/** Most content words capitalised ("Pakistan Stresses Neutrality As Thousands Protest"). */
function isTitleCase(words: string[]): boolean {
  const content = words.filter((w) => /^\p{L}{4,}/u.test(w));
  return content.length >= 3 && content.filter((w) => /^\p{Lu}/u.test(w)).length / content.length >= 0.8;
}
