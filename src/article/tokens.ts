import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Token } from '../model.js';

// One wink instance per process: loading the model costs ~100 ms.
let nlp: ReturnType<typeof winkNLP> | null = null;
function engine() {
  nlp ??= winkNLP(model);
  return nlp;
}

export interface Tokenised {
  tokens: Token[];
  /** wink's sentence boundaries as [firstToken, lastToken] index pairs. */
  sentenceSpans: [number, number][];
}

/**
 * Tokens with character offsets, POS and lemma. wink reports token values and spacing;
 * offsets are recovered by locating each token in the text in order, which is exact
 * because wink's token values are substrings of the input.
 */
export function tokenise(text: string): Tokenised {
  const e = engine();
  const its = e.its;
  const doc = e.readDoc(text);
  const values = doc.tokens().out() as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const lemma = doc.tokens().out(its.lemma as any) as string[];
  const types = doc.tokens().out(its.type) as string[];
  const all: (Token | null)[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const at = text.indexOf(v, cursor);
    if (at < 0 || types[i] === 'tabCRLF' || /^\s+$/.test(v)) {
      all.push(null);
      if (at >= 0) cursor = at + v.length;
      continue;
    }
    all.push({ start: at, end: at + v.length, text: v, pos: pos[i], lemma: lemma[i] ?? v.toLowerCase() });
    cursor = at + v.length;
  }
  // Map wink's token indices to our filtered list.
  const index: number[] = [];
  const tokens: Token[] = [];
  all.forEach((t, i) => {
    index[i] = tokens.length;
    if (t) tokens.push(t);
  });
  const sentenceSpans: [number, number][] = [];
  doc.sentences().each((s: any) => {
    const [a, b] = s.out(its.span) as [number, number];
    const first = index[a];
    let last = index[b] - (all[b] ? 0 : 1);
    if (last >= first) sentenceSpans.push([first, last]);
  });
  return { tokens, sentenceSpans };
}
