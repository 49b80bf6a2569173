import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEcb } from '../../src/eval/cluster.js';
import { conllTexts } from '../../src/eval/ner.js';
import { parseCluster } from '../../src/eval/summary.js';
import { Clusterer } from '../../src/story/cluster.js';
import { contentWords, fold, nameWords } from '../../src/util/text.js';

// Story assignment over a long synthetic stream. Base texts: the example articles,
// ECB+, NeuS train and CoNLL-2003 train documents (~11k); each stream article is a
// mutated copy of one (sentences dropped, words swapped, a unique line added), so the
// stream keeps bringing near-duplicates, new words and new stories. Terms are content
// words plus capitalised words as entity keys (a cheap stand-in for the tagger, which is
// measured by `bench -- entities`). Timed: Clusterer.assign only; RSS after a GC.
// Per-article time at a size is timed over the WINDOW articles just before it: a stretch
// from the previous row would mix in the first articles, placed while the index was still
// nearly empty (at 2k a store places articles about twice as fast as at 10k).

const ROOT = new URL('../../../', import.meta.url).pathname;
const DATA = join(ROOT, '../shared/data');

function baseTexts(): string[] {
  const ex = join(ROOT, 'examples/pakistan-soleimani');
  const texts = readdirSync(ex).sort().map((f) => readFileSync(join(ex, f), 'utf8'));
  texts.push(...loadEcb(join(DATA, 'coref/ecbplus')).map((d) => d.text));
  for (const line of readFileSync(join(DATA, 'summary/train.source'), 'utf8').split('\n')) if (line.trim()) texts.push(...parseCluster(line).map((d) => `${d.title}\n\n${d.text}`));
  texts.push(...conllTexts(join(DATA, 'ner/train.conll')).map((d) => d.text));
  return texts.filter((t) => t.length > 200);
}

/** Articles timed just before each checkpoint. */
const WINDOW = 2_000;

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function mutate(text: string, k: number, rand: () => number): string {
  const sents = text.split(/(?<=[.!?])\s+/).filter((s) => rand() > 0.2);
  if (sents.length > 2) {
    const i = Math.floor(rand() * sents.length);
    const w = sents[i].split(' ');
    if (w.length > 3) [w[1], w[2]] = [w[2], w[1]];
    sents[i] = w.join(' ');
  }
  return `${sents.join(' ')}\nUpdate ${k.toString(36)}.`;
}

/** Clustering terms and people: capitalised runs stand in for entities, runs of two or more words for people. */
function terms(text: string): { terms: string[]; people: string[] } {
  const out = contentWords(text);
  const people: string[] = [];
  for (const m of text.matchAll(/(?<=\s)\p{Lu}\p{L}+(?: \p{Lu}\p{L}+)*/gu)) {
    out.push(`e:${fold(m[0])}`, `e:${fold(m[0])}`);
    if (m[0].includes(' ')) people.push(...nameWords(m[0]));
  }
  return { terms: out, people };
}

export async function benchCluster(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { articles: { type: 'string', default: '200000' } } });
  const total = Number(values.articles);
  const bases = baseTexts();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rss0 = process.memoryUsage().rss;
  const checkpoints = [10_000, 50_000, 100_000, 200_000, 500_000, 1_000_000].filter((c) => c <= total);
  const rand = rng(7);
  const c = new Clusterer();
  let assignMs = 0;
  let windowMs = 0;
  let windowStart = 0;
  /** Time of each of the last WINDOW articles, as a ring. */
  const recent = new Float64Array(WINDOW);
  const rows: string[] = [];
  for (let k = 1; k <= total; k++) {
    const text = mutate(bases[Math.floor(rand() * bases.length)], k, rand);
    const t = terms(text);
    const t0 = performance.now();
    c.assign(`a${k.toString(16).padStart(12, '0')}`, t.terms, null, t.people);
    const dt = performance.now() - t0;
    assignMs += dt;
    windowMs += dt;
    recent[k % WINDOW] = dt;
    if (checkpoints.includes(k)) {
      gc?.();
      const rss = process.memoryUsage().rss;
      const rate = (k - windowStart) / (windowMs / 1000);
      const atSize = Math.min(k, WINDOW) / (recent.reduce((x, y) => x + y, 0) / 1000);
      rows.push(`| ${k.toLocaleString('en')} | ${atSize.toFixed(0)} | ${rate.toFixed(0)} | ${(k / (assignMs / 1000)).toFixed(0)} | ${c.stories.size.toLocaleString('en')} | ${c.vocabulary.frequencies.toLocaleString('en')} | ${(rss / 1048576).toFixed(0)} | ${((rss - rss0) / k).toFixed(0)} |`);
      process.stderr.write(`${k}: ${atSize.toFixed(0)} articles/s over the last ${Math.min(k, WINDOW)}, ${rate.toFixed(0)} since the last row, ${c.stories.size} open stories, RSS ${(rss / 1048576).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB, external ${(process.memoryUsage().external / 1048576).toFixed(0)} MB\n`);
      windowMs = 0;
      windowStart = k;
    }
  }
  process.stdout.write(
    `\n${bases.length.toLocaleString('en')} base texts, RSS before the stream ${(rss0 / 1048576).toFixed(0)} MB${gc ? '' : ' (no --expose-gc: RSS includes garbage)'}\n\n| articles | assign/s over the ${WINDOW.toLocaleString('en')} before | assign/s since last row | assign/s overall | open stories | terms counted | RSS MB | RSS growth per article, bytes |\n|---|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`,
  );
}
