import type { EntityType, Token } from '../../model.js';
import gazetteer from '../data/gazetteer.json' with { type: 'json' };
import trained from '../data/ner-model.json' with { type: 'json' };
import { asConll, lexiconFrom, type Lexicon } from './features.js';
import { tagSentence, type NerModel } from './perceptron.js';

// The trained tagger (scripts/train-ner.ts, CoNLL-2003 train) applied to our tokens.

const MODEL = trained as unknown as NerModel;
const LEX: Lexicon = lexiconFrom(gazetteer as { names: Record<string, string>; firstNames: string[] });
const TYPE: Record<string, EntityType> = { PER: 'PERSON', ORG: 'ORG', LOC: 'PLACE', MISC: 'MISC' };

/** Spans [first, last] (token indices) the tagger marks as entities. */
export function modelSpans(tokens: Token[], a: number, b: number): { first: number; last: number; type: EntityType }[] {
  const words = tokens.slice(a, b + 1).map((t) => asConll(t.text));
  const tags = tagSentence(MODEL, words, LEX);
  const out: { first: number; last: number; type: EntityType }[] = [];
  tags.forEach((t, i) => {
    if (t === 'O') return;
    const type = TYPE[t.slice(2)];
    const prev = out[out.length - 1];
    if (t.startsWith('I-') && prev && prev.last === a + i - 1 && prev.type === type) prev.last = a + i;
    else out.push({ first: a + i, last: a + i, type });
  });
  return out;
}
