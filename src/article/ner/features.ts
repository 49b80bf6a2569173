// Features for the averaged-perceptron entity tagger: word identity and shape, affixes,
// a two-word window, gazetteer hits over the window, and the two previous tags.
// One list per token; the tagger adds tag-history features at decode time.

/**
 * CoNLL's text uses straight quotes and plain apostrophes, and has no letter outside ASCII
 * ("Lodz", "Erdogan"); fold ours to match its vocabulary (rule `conll-fold`: accents dropped,
 * letters such as "ł" to their base letter). The token itself keeps every letter.
 */
export function asConll(w: string): string {
  if (!NON_ASCII.test(w)) return w[0] === '#' ? w.replace(/^#(?=\p{L})/u, '') : w; // most words: nothing to fold
  return plainLetters(
    w
      .replace(/[‘’]/g, "'")
      .replace(/[“”]/g, '"')
      .replace(/^#(?=\p{L})/u, ''),
  );
}

const NON_ASCII = /[^\0-\x7F]/u;
const BASE: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
  ø: 'o',
  Ø: 'O',
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
};

/** A word without its accents: marks dropped after decomposition, a few undecomposable letters mapped. */
function plainLetters(w: string): string {
  if (!NON_ASCII.test(w)) return w;
  return w
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁđĐıøØßæÆ]/gu, (c) => BASE[c]);
}

/** The shape class of one character beyond ASCII: any upper-case letter X, other letters and marks x, digits d. */
function wideClass(ch: string): string {
  if (/\p{Lu}|\p{Lt}/u.test(ch)) return 'X';
  if (/\p{L}|\p{M}/u.test(ch)) return 'x';
  return /\p{Nd}/u.test(ch) ? 'd' : ch;
}

/** Word shape: upper-case letters -> X, other letters -> x, digits -> d, others kept; runs of 3+ cut to 2 ("Xxxxx" -> "Xxx"). */
export function shape(w: string): string {
  let out = '';
  let last = '';
  let run = 0;
  for (const ch of w) {
    const c =
      ch >= 'A' && ch <= 'Z'
        ? 'X'
        : ch >= 'a' && ch <= 'z'
          ? 'x'
          : ch >= '0' && ch <= '9'
            ? 'd'
            : ch < '\x80'
              ? ch
              : wideClass(ch);
    run = c === last ? run + 1 : 1;
    last = c;
    if (run <= 2) out += c;
  }
  return out;
}

export interface Lexicon {
  /** Lower-cased names (one or more words) to entity type. */
  names: Map<string, string>;
  /** Longest name (in words) starting with each first word. */
  longest: Map<string, number>;
  firstNames: Set<string>;
}

/** The lexicon from gazetteer.json's shape (scripts/build-gazetteer.ts). */
export function lexiconFrom(gaz: { names: Record<string, string>; firstNames: string[] }): Lexicon {
  const longest = new Map<string, number>();
  for (const name of Object.keys(gaz.names)) {
    const ws = name.split(' ');
    longest.set(ws[0], Math.max(longest.get(ws[0]) ?? 0, ws.length));
  }
  return { names: new Map(Object.entries(gaz.names)), longest, firstNames: new Set(gaz.firstNames) };
}

/** Features of a word on its own, whatever surrounds it (cached by the decoder). */
export function wordFeatures(w: string, lex: Lexicon): string[] {
  const l = w.toLowerCase();
  const f = [
    'b',
    `w=${w}`,
    `l=${l}`,
    `s=${shape(w)}`,
    `p1=${l.slice(0, 1)}`,
    `p2=${l.slice(0, 2)}`,
    `p3=${l.slice(0, 3)}`,
    `x2=${l.slice(-2)}`,
    `x3=${l.slice(-3)}`,
    `x4=${l.slice(-4)}`,
  ];
  if (lex.firstNames.has(w)) f.push('fn');
  if (/^\p{Lu}+$/u.test(w) && w.length > 1) f.push('allcaps');
  return f;
}

/** What the context features of a sentence need, computed once per sentence. */
export interface SentenceView {
  words: string[];
  lower: string[];
  shapes: string[];
  gaz: string[];
  upperLine: boolean;
}

export function sentenceView(words: string[], lex: Lexicon): SentenceView {
  const lower = words.map((w) => w.toLowerCase());
  // Gazetteer: longest name (up to 4 words) starting at each position, marked B/I with its type.
  const gaz: string[] = words.map(() => '');
  for (let i = 0; i < words.length; i++) {
    for (let n = Math.min(4, words.length - i, lex.longest.get(lower[i]) ?? 0); n >= 1; n--) {
      const t = lex.names.get(n === 1 ? lower[i] : lower.slice(i, i + n).join(' '));
      if (t) {
        for (let k = i; k < i + n; k++) if (!gaz[k]) gaz[k] = `${k === i ? 'B' : 'I'}-${t}${n > 1 ? '' : '-1'}`;
        break;
      }
    }
  }
  return {
    words,
    lower,
    shapes: words.map(shape),
    gaz,
    upperLine: words.length > 1 && words.every((x) => !/\p{Ll}/u.test(x)),
  };
}

export const OFFSETS = [-2, -1, 1, 2] as const;
export type Offset = (typeof OFFSETS)[number];

/** Features a neighbour contributes from `offset` away; null is past the sentence edge. */
export function neighbourFeatures(u: string | null, offset: Offset): string[] {
  const edge = offset < 0 ? '<s>' : '</s>';
  const l = u === null ? edge : u.toLowerCase();
  const sh = u === null ? edge : shape(u);
  if (offset === -1) return [`l-1=${l}`, `s-1=${sh}`];
  if (offset === 1) return [`l+1=${l}`, `s+1=${sh}`];
  return [offset === -2 ? `l-2=${l}` : `l+2=${l}`];
}

/** Features of token i that join it with its neighbours (bigrams, shape pairs, gazetteer). */
export function pairFeatures(v: SentenceView, i: number, lex: Lexicon): string[] {
  const { lower, shapes, gaz, words } = v;
  const at = (arr: string[], k: number) => (k < 0 ? '<s>' : k >= arr.length ? '</s>' : arr[k]);
  const l = lower[i];
  const f = [
    `s-1s=${at(shapes, i - 1)}|${shapes[i]}`,
    `ss+1=${shapes[i]}|${at(shapes, i + 1)}`,
    `l-1l=${at(lower, i - 1)}|${l}`,
    `ll+1=${l}|${at(lower, i + 1)}`,
    `g=${gaz[i]}`,
    `g-1=${at(gaz, i - 1)}`,
    `g+1=${at(gaz, i + 1)}`,
  ];
  if (i === 0) f.push(`first|s=${shapes[i]}`);
  if (i > 0 && lex.firstNames.has(words[i - 1])) f.push('fn-1');
  if (v.upperLine) f.push('upper-line');
  return f;
}

/** Every feature of token i that depends on its context. */
export function contextFeatures(v: SentenceView, i: number, lex: Lexicon): string[] {
  const n = v.words.length;
  return [
    ...OFFSETS.flatMap((o) => neighbourFeatures(i + o >= 0 && i + o < n ? v.words[i + o] : null, o)),
    ...pairFeatures(v, i, lex),
  ];
}

/** Static features of every token in a sentence (training uses these whole). */
export function tokenFeatures(words: string[], lex: Lexicon): string[][] {
  const v = sentenceView(words, lex);
  return words.map((w, i) => [...wordFeatures(w, lex), ...contextFeatures(v, i, lex)]);
}
