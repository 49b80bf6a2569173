import { findEntities } from '../article/entities.js';
import { sentenceTokenRanges } from '../article/analyze.js';
import { sentences } from '../article/sentences.js';
import { tokenise } from '../article/tokens.js';
import type { EntityType } from '../model.js';
import { readConll, spansFromTags, type ConllSentence } from './conll.js';

// CoNLL-2003 entity-level exact-match scoring of our recogniser. Each CoNLL sentence is
// rebuilt as text (tokens joined by spaces, one sentence per paragraph, documents kept
// together so document context is as in real use), analysed, and mentions are mapped
// back to token spans by character offsets.

const TO_CONLL: Record<EntityType, string> = { PERSON: 'PER', ORG: 'ORG', PLACE: 'LOC', MISC: 'MISC' };

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
  gold: number;
  predicted: number;
  correct: number;
}

export function prf(correct: number, predicted: number, gold: number): PRF {
  const precision = predicted ? correct / predicted : 0;
  const recall = gold ? correct / gold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const r = (x: number) => Math.round(x * 10000) / 100;
  return { precision: r(precision), recall: r(recall), f1: r(f1), gold, predicted, correct };
}

function documents(sents: ConllSentence[]): ConllSentence[][] {
  const docs: ConllSentence[][] = [];
  for (const s of sents) {
    if (s.docStart || docs.length === 0) docs.push([]);
    docs[docs.length - 1].push(s);
  }
  return docs;
}

/** A CoNLL document rebuilt as text (tokens joined by spaces, a blank line between sentences) with gold spans as character offsets. */
export interface ConllText {
  text: string;
  gold: { start: number; end: number; type: string }[];
}

export function conllTexts(path: string): ConllText[] {
  return documents(readConll(path)).map((doc) => {
    const parts: string[] = [];
    const gold: ConllText['gold'] = [];
    let offset = 0;
    for (const s of doc) {
      const starts: number[] = [];
      s.tokens.forEach((tok, i) => {
        if (i > 0) {
          parts.push(' ');
          offset++;
        }
        starts.push(offset);
        parts.push(tok);
        offset += tok.length;
      });
      for (const sp of spansFromTags(s.tags))
        gold.push({ start: starts[sp.start], end: starts[sp.end - 1] + s.tokens[sp.end - 1].length, type: sp.type });
      parts.push('\n\n');
      offset += 2;
    }
    return { text: parts.join(''), gold };
  });
}

export function evalNer(path: string): PRF & { per_type: Record<string, PRF> } {
  const counts = new Map<string, { c: number; p: number; g: number }>();
  const bump = (type: string, k: 'c' | 'p' | 'g') => {
    for (const t of [type, '*']) {
      const v = counts.get(t) ?? { c: 0, p: 0, g: 0 };
      v[k]++;
      counts.set(t, v);
    }
  };
  for (const { text, gold } of conllTexts(path)) {
    const keys = new Set(gold.map((g) => `${g.start}:${g.end}:${g.type}`));
    gold.forEach((g) => bump(g.type, 'g'));
    const { tokens, sentenceSpans } = tokenise(text);
    const sents = sentences(text, tokens, sentenceSpans);
    const { mentions } = findEntities(text, tokens, sents, sentenceTokenRanges(tokens, sents));
    for (const m of mentions) {
      const type = TO_CONLL[m.type];
      bump(type, 'p');
      if (keys.has(`${m.start}:${m.end}:${type}`)) bump(type, 'c');
    }
  }
  const per_type: Record<string, PRF> = {};
  for (const t of ['PER', 'ORG', 'LOC', 'MISC']) {
    const v = counts.get(t) ?? { c: 0, p: 0, g: 0 };
    per_type[t] = prf(v.c, v.p, v.g);
  }
  const all = counts.get('*') ?? { c: 0, p: 0, g: 0 };
  return { ...prf(all.c, all.p, all.g), per_type };
}
