import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Token } from '../model.js';

// wink caches every out-of-vocabulary word it meets in a lexicon it shares across documents,
// and its tokenizer keeps whole any string that lexicon holds: "Clinton's" cached while one
// article was read stayed one token in the next, so an article's analysis depended on what
// the process had read before. Each text is tokenised here as the process's first would be.

/** A wink feature table: values by index, and the index of each value. */
interface Feature {
  hash: Record<string, number>;
  list: string[];
  index: number;
}

/** Extra lexicon entries after which a new engine is built (its stale entries are ~30 bytes each). */
const REBUILD_AFTER = 200_000;

interface Engine {
  nlp: ReturnType<typeof winkNLP>;
  /** The engine's own tables (model.core() builds new ones for each engine), and their sizes when it was built. */
  features: [Feature, number][];
  lexeme: Feature;
  /** Lexicon entries the texts read so far added (forgotten, but still in the list). */
  seen: number;
}

/** The model's loaders, as this file calls them. */
const loaders = model as unknown as { core: () => { features: Record<string, Feature> }; metaCER: () => unknown };
// The model's CER loader JSON-encodes its previous result on each call: a second engine gets it once.
const cer = loaders.metaCER();

/** A new wink engine (loading the model costs ~100 ms), with its feature tables at hand to roll back. */
function build(): Engine {
  let core: { features: Record<string, Feature> } | null = null;
  const tracked = { ...loaders, core: () => (core = loaders.core()), metaCER: () => cer };
  const nlp = winkNLP(tracked as unknown as typeof model);
  const isTable = (f: Feature | undefined): f is Feature => Array.isArray(f?.list) && typeof f.hash === 'object';
  const lexeme = core!.features.lexeme;
  const others = Object.values(core!.features).filter((f) => isTable(f) && f !== lexeme);
  return { nlp, features: others.map((f) => [f, f.list.length]), lexeme, seen: lexeme.list.length };
}

/**
 * Forget what the last text added to wink's tables. The lexicon's list keeps its entries, since
 * wink's private per-entry properties are indexed alike; only their names are dropped, so the
 * next text meets those words as new. Other tables are cut back to their size when built.
 */
function forget(e: Engine): void {
  const { hash, list } = e.lexeme;
  for (let i = e.seen; i < list.length; i++) if (hash[list[i]] === i) delete hash[list[i]];
  e.seen = list.length;
  for (const [f, size] of e.features) {
    for (let i = size; i < f.list.length; i++) if (f.hash[f.list[i]] === i) delete f.hash[f.list[i]];
    f.list.length = size;
    f.index = size;
  }
}

let current: Engine | null = null;
let built = 0;
function engine(): Engine {
  if (!current || current.seen - built > REBUILD_AFTER) {
    current = build();
    built = current.seen;
  }
  return current;
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
  try {
    const runs = [...text.matchAll(LONG_RUN)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    const plain = latinised(runs.length ? masked(text, runs) : text);
    return runs.length ? withLongRuns(text, runs, read(e.nlp, plain, text)) : read(e.nlp, plain, text);
  } finally {
    forget(e);
  }
}

/**
 * Rule `letters-latinised`: wink's tokenizer knows the letters of Latin-1 only and cuts a word at
 * any other ("Erdoğan" -> "Erdo", "ğ", "an"; "Łódź" -> three pieces). wink reads a copy in which
 * each letter or combining mark outside Latin-1 is an ASCII letter of the same case and UTF-16
 * length (its base letter where it has one), so words stay whole and every offset still holds;
 * token texts are then cut from the original.
 */
export function latinised(text: string): string {
  return BEYOND_LATIN1.test(text) ? text.replace(FOREIGN_LETTER, asciiLetter) : text;
}

const BEYOND_LATIN1 = /[^\0-\xFF]/u;
const FOREIGN_LETTER = /(?![\0-\xFF])[\p{L}\p{M}]/gu;
/** Letters without a decomposition whose base letter is still plain. */
const BASE: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ħ: 'h', Ħ: 'H', œ: 'o', Œ: 'O', ŀ: 'l' };

function asciiLetter(ch: string): string {
  const base = BASE[ch] ?? ch.normalize('NFD')[0];
  const letter = /^[A-Za-z]$/.test(base) ? base : /\p{Lu}|\p{Lt}/u.test(ch) ? 'A' : 'a';
  return letter + 'a'.repeat(ch.length - 1); // a letter beyond the BMP is two UTF-16 units
}

/** Longer runs without whitespace are no words: wink's tokenizer takes quadratic time on them. */
const LONG_RUN = /\S{256,}/g;

type Span = { start: number; end: number };

/** The text with each long run blanked (same length, so every offset still holds). */
function masked(text: string, runs: Span[]): string {
  let out = '';
  let from = 0;
  for (const { start, end } of runs) {
    out += text.slice(from, start) + ' '.repeat(end - start);
    from = end;
  }
  return out + text.slice(from);
}

/** Each long run as one token of its own (part of speech X), outside any sentence span. */
function withLongRuns(text: string, runs: Span[], t: Tokenised): Tokenised {
  const extra = runs.map(({ start, end }) => ({ start, end, text: text.slice(start, end), pos: 'X', lemma: '' }));
  const tokens = [...t.tokens, ...extra].sort((a, b) => a.start - b.start);
  // Sentence spans index tokens: shift each past the long runs inserted before it.
  const at = new Map(tokens.map((tok, i) => [tok, i]));
  const newIndex = (old: number) => at.get(t.tokens[old]) ?? old;
  const sentenceSpans = t.sentenceSpans.map(([a, b]) => [newIndex(a), newIndex(b)] as [number, number]);
  return { tokens, sentenceSpans };
}

/** Tokens of `text`, read by wink from `plain` (same length, see latinised). */
function read(nlp: Engine['nlp'], plain: string, text: string): Tokenised {
  const its = nlp.its;
  const doc = nlp.readDoc(plain);
  const values = doc.tokens().out() as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const lemma = doc.tokens().out(its.lemma as any) as string[];
  const types = doc.tokens().out(its.type) as string[];
  const all: (Token | null)[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const at = plain.indexOf(v, cursor);
    if (at < 0 || types[i] === 'tabCRLF' || /^\s+$/.test(v)) {
      all.push(null);
      if (at >= 0) cursor = at + v.length;
      continue;
    }
    const original = text.slice(at, at + v.length);
    // A latinised word's lemma is its own text lower-cased: wink's would be of the stand-in letters.
    const lem = original === v ? (lemma[i] ?? v.toLowerCase()) : original.toLowerCase();
    all.push({ start: at, end: at + v.length, text: original, pos: pos[i], lemma: lem });
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
