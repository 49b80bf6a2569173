import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sentenceTokenRanges } from '../../src/article/analyze.js';
import { findEntities } from '../../src/article/entities.js';
import { sentences } from '../../src/article/sentences.js';
import { tokenise } from '../../src/article/tokens.js';
import { conllTexts } from '../../src/eval/ner.js';

// The entity stage alone (tagger + rules), on one core, per 700 words: tokens and
// sentences are computed beforehand and not counted. Two streams: the example articles
// (repeated, so the tagger's per-word cache is warm) and CoNLL-2003 dev documents, first
// with a cold cache (every word new to the process), then again.

const ROOT = new URL('../../../', import.meta.url).pathname;

function prepare(texts: string[]) {
  return texts.map((text) => {
    const { tokens, sentenceSpans } = tokenise(text);
    const sents = sentences(text, tokens, sentenceSpans);
    return {
      text,
      tokens,
      sents,
      ranges: sentenceTokenRanges(tokens, sents),
      words: text.split(/\s+/).filter(Boolean).length,
    };
  });
}

function time(docs: ReturnType<typeof prepare>, rounds: number): { msPer700: number; words: number } {
  let words = 0;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++)
    for (const d of docs) {
      findEntities(d.text, d.tokens, d.sents, d.ranges);
      words += d.words;
    }
  return { msPer700: ((performance.now() - t0) / words) * 700, words };
}

export async function benchEntities(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { conll: { type: 'string', default: join(ROOT, '../shared/data/ner/dev.conll') } },
  });
  const exDir = join(ROOT, 'examples/pakistan-soleimani');
  const examples = prepare(
    readdirSync(exDir)
      .sort()
      .map((f) => readFileSync(join(exDir, f), 'utf8')),
  );
  const dev = prepare(conllTexts(values.conll!).map((d) => d.text));
  time(examples, 3); // warm-up: JIT and model load
  const ex = time(examples, 30);
  const cold = time(dev, 1);
  const warm = time(dev, 1);
  process.stdout.write(
    `\n| stream | words | entity stage, ms per 700 words |\n|---|---|---|\n| example articles, 30 rounds | ${ex.words.toLocaleString('en')} | ${ex.msPer700.toFixed(2)} |\n| CoNLL-2003 dev documents, first pass (tagger's word cache filling) | ${cold.words.toLocaleString('en')} | ${cold.msPer700.toFixed(2)} |\n| CoNLL-2003 dev documents, second pass | ${warm.words.toLocaleString('en')} | ${warm.msPer700.toFixed(2)} |\n`,
  );
}
