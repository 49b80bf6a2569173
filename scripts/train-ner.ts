// Trains the entity tagger on CoNLL-2003 train (re-tokenised by our own tokeniser, so the
// tagger sees what the pipeline sees), reports dev F1 on CoNLL tokens after each epoch, and
// writes src/article/data/ner-model.json. Usage:
//   npm run build && node dist/scripts/train-ner.js [train.conll] [dev.conll] [epochs]
import { readFileSync, writeFileSync } from 'node:fs';
import { readConll, spansFromTags } from '../src/eval/conll.js';
import { prf } from '../src/eval/ner.js';
import { tagSentence, train, type NerModel } from '../src/article/ner/perceptron.js';
import { asConll, lexiconFrom, type Lexicon } from '../src/article/ner/features.js';
import { conllTexts } from '../src/eval/ner.js';
import { tokenise } from '../src/article/tokens.js';
import { sentences } from '../src/article/sentences.js';
import { sentenceTokenRanges } from '../src/article/analyze.js';

const [trainPath = '../shared/data/ner/train.conll', devPath = '../shared/data/ner/dev.conll', epochsArg = '10'] =
  process.argv.slice(2);
const gaz = JSON.parse(readFileSync('src/article/data/gazetteer.json', 'utf8')) as {
  names: Record<string, string>;
  firstNames: string[];
};
const lex: Lexicon = lexiconFrom(gaz);

/** IOB1 (CoNLL-2003) to IOB2 tags. */
const toBio = (tags: string[]) => {
  const out = tags.map(() => 'O');
  for (const s of spansFromTags(tags))
    for (let i = s.start; i < s.end; i++) out[i] = `${i === s.start ? 'B' : 'I'}-${s.type}`;
  return out;
};
const load = (p: string) => readConll(p).map((s) => ({ words: s.tokens, tags: toBio(s.tags) }));

/**
 * Training sentences as the pipeline will see them: CoNLL documents rebuilt as text, then
 * tokenised and split by our own tokeniser, with gold spans projected onto those tokens.
 */
function aligned(p: string): { words: string[]; tags: string[] }[] {
  const out: { words: string[]; tags: string[] }[] = [];
  for (const { text, gold } of conllTexts(p)) {
    const { tokens, sentenceSpans } = tokenise(text);
    const sents = sentences(text, tokens, sentenceSpans);
    for (const [a, b] of sentenceTokenRanges(tokens, sents)) {
      const toks = tokens.slice(a, b + 1);
      const tags = toks.map((t) => {
        const g = gold.find((x) => t.start >= x.start && t.end <= x.end);
        return g ? `${t.start === g.start ? 'B' : 'I'}-${g.type}` : 'O';
      });
      if (toks.length) out.push({ words: toks.map((t) => asConll(t.text)), tags });
    }
  }
  return out;
}
const trainSet = aligned(trainPath);
const devSet = load(devPath);

function score(model: NerModel): number {
  let c = 0,
    p = 0,
    g = 0;
  for (const s of devSet) {
    const gold = new Set(spansFromTags(s.tags).map((x) => `${x.start}:${x.end}:${x.type}`));
    const pred = spansFromTags(tagSentence(model, s.words, lex)).map((x) => `${x.start}:${x.end}:${x.type}`);
    g += gold.size;
    p += pred.length;
    c += pred.filter((x) => gold.has(x)).length;
  }
  return prf(c, p, g).f1;
}

const t0 = Date.now();
const model = train(trainSet, lex, Number(epochsArg), (e, m) =>
  console.log(`epoch ${e + 1}: dev F1 ${score(m)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`),
);
// Prune near-zero weights: they change almost no decision and make up most of the file.
const weights: Record<string, number[]> = {};
for (const f of Object.keys(model.weights).sort())
  if (model.weights[f].some((x) => Math.abs(x) >= 0.2)) weights[f] = model.weights[f];
const pruned = { tags: model.tags, weights };
console.log(
  `features: ${Object.keys(model.weights).length} -> ${Object.keys(weights).length}; pruned dev F1 ${score(pruned)}`,
);
writeFileSync('src/article/data/ner-model.json', JSON.stringify({ source: 'CoNLL-2003 train', ...pruned }) + '\n');
