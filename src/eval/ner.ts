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

export function evalNer(path: string): PRF & { per_type: Record<string, PRF> } {
  const counts = new Map<string, { c: number; p: number; g: number }>();
  const bump = (type: string, k: 'c' | 'p' | 'g') => {
    for (const t of [type, '*']) {
      const v = counts.get(t) ?? { c: 0, p: 0, g: 0 };
      v[k]++;
      counts.set(t, v);
    }
  };
  for (const doc of documents(readConll(path))) {
    // Build the text and remember each token's offsets.
    const starts: number[] = [];
    const ends: number[] = [];
    const parts: string[] = [];
    let offset = 0;
    const gold = new Set<string>();
    let base = 0;
    for (const s of doc) {
      for (const [i, tok] of s.tokens.entries()) {
        if (i > 0) {
          parts.push(' ');
          offset++;
        }
        starts.push(offset);
        parts.push(tok);
        offset += tok.length;
        ends.push(offset);
      }
      for (const sp of spansFromTags(s.tags)) {
        gold.add(`${base + sp.start}:${base + sp.end}:${sp.type}`);
        bump(sp.type, 'g');
      }
      base += s.tokens.length;
      parts.push('\n\n');
      offset += 2;
    }
    const text = parts.join('');
    const { tokens, sentenceSpans } = tokenise(text);
    const sents = sentences(text, tokens, sentenceSpans);
    const { mentions } = findEntities(text, tokens, sents, sentenceTokenRanges(tokens, sents));
    const tokAtStart = new Map(starts.map((s, i) => [s, i]));
    const tokAtEnd = new Map(ends.map((e, i) => [e, i]));
    for (const m of mentions) {
      const type = TO_CONLL[m.type];
      bump(type, 'p');
      const a = tokAtStart.get(m.start);
      const b = tokAtEnd.get(m.end);
      if (a !== undefined && b !== undefined && gold.has(`${a}:${b + 1}:${type}`)) bump(type, 'c');
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
