// Features for the averaged-perceptron entity tagger: word identity and shape, affixes,
// a two-word window, gazetteer hits over the window, and the two previous tags.
// One list per token; the tagger adds tag-history features at decode time.

/** CoNLL's text uses straight quotes and plain apostrophes; fold ours to match its vocabulary. */
export const asConll = (w: string) => w.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/^#(?=\p{L})/u, '');

export function shape(w: string): string {
  const s = w
    .replace(/[A-Z]/g, 'X')
    .replace(/[a-z]/g, 'x')
    .replace(/[0-9]/g, 'd')
    .replace(/[^Xxd]/g, (c) => c);
  return s.replace(/(.)\1{2,}/g, '$1$1');
}

export interface Lexicon {
  /** Lower-cased names (one or more words) to entity type. */
  names: Record<string, string>;
  firstNames: Set<string>;
}

/** Static features of every token in a sentence. */
export function tokenFeatures(words: string[], lex: Lexicon): string[][] {
  const lower = words.map((w) => w.toLowerCase());
  const shapes = words.map(shape);
  // Gazetteer: longest name (up to 4 words) starting at each position, marked B/I with its type.
  const gaz: string[] = words.map(() => '');
  for (let i = 0; i < words.length; i++) {
    for (let n = Math.min(4, words.length - i); n >= 1; n--) {
      const t = lex.names[lower.slice(i, i + n).join(' ')];
      if (t) {
        for (let k = i; k < i + n; k++) if (!gaz[k]) gaz[k] = `${k === i ? 'B' : 'I'}-${t}${n > 1 ? '' : '-1'}`;
        break;
      }
    }
  }
  const at = (arr: string[], i: number) => (i < 0 ? '<s>' : i >= arr.length ? '</s>' : arr[i]);
  return words.map((w, i) => {
    const l = lower[i];
    const f = [
      'b',
      `w=${w}`,
      `l=${l}`,
      `s=${shapes[i]}`,
      `p1=${l.slice(0, 1)}`,
      `p2=${l.slice(0, 2)}`,
      `p3=${l.slice(0, 3)}`,
      `x2=${l.slice(-2)}`,
      `x3=${l.slice(-3)}`,
      `x4=${l.slice(-4)}`,
      `l-1=${at(lower, i - 1)}`,
      `l+1=${at(lower, i + 1)}`,
      `l-2=${at(lower, i - 2)}`,
      `l+2=${at(lower, i + 2)}`,
      `s-1=${at(shapes, i - 1)}`,
      `s+1=${at(shapes, i + 1)}`,
      `s-1s=${at(shapes, i - 1)}|${shapes[i]}`,
      `ss+1=${shapes[i]}|${at(shapes, i + 1)}`,
      `l-1l=${at(lower, i - 1)}|${l}`,
      `ll+1=${l}|${at(lower, i + 1)}`,
      `g=${gaz[i]}`,
      `g-1=${at(gaz, i - 1)}`,
      `g+1=${at(gaz, i + 1)}`,
    ];
    if (i === 0) f.push(`first|s=${shapes[i]}`);
    if (lex.firstNames.has(w)) f.push('fn');
    if (i > 0 && lex.firstNames.has(words[i - 1])) f.push('fn-1');
    if (/^[A-Z]+$/.test(w) && w.length > 1) f.push('allcaps');
    if (words.length > 1 && words.every((x) => !/[a-z]/.test(x))) f.push('upper-line');
    return f;
  });
}
