import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEcb } from '../../src/eval/cluster.js';
import { conllTexts } from '../../src/eval/ner.js';
import { parseCluster } from '../../src/eval/summary.js';
import type { StoryEvidence } from '../../src/model.js';
import { Clusterer } from '../../src/story/cluster.js';
import { leadWeighted, textNumbers } from '../../src/story/evidence.js';
import { shortHash } from '../../src/util/hash.js';
import { fold, nameWords } from '../../src/util/text.js';

// Story assignment over a long synthetic stream. Base texts: the example articles,
// ECB+, NeuS train and CoNLL-2003 train documents (~11k); each stream article is a
// mutated copy of one (sentences dropped, words swapped, a unique line added), so the
// stream keeps bringing near-duplicates, new words and new stories. Terms are content
// words plus capitalised words as entity keys (a cheap stand-in for the tagger, which is
// measured by `bench -- entities`). Timed: Clusterer.assign only; RSS after a GC.
// Per-article time at a size is timed over the WINDOW articles just before it: a stretch
// from the previous row would mix in the first articles, placed while the index was still
// nearly empty (at 2k a store places articles about twice as fast as at 10k).
// A copy is a report of its base text's event, so the bench also counts how many copies
// join the story of their base text's previous copy: the clusterer's recall on
// near-duplicates far apart in the stream (the product finds those with MinHash first).

const ROOT = new URL('../../../', import.meta.url).pathname;
const DATA = join(ROOT, '../shared/data');

function baseTexts(): string[] {
  const ex = join(ROOT, 'examples/pakistan-soleimani');
  const texts = readdirSync(ex)
    .sort()
    .map((f) => readFileSync(join(ex, f), 'utf8'));
  texts.push(...loadEcb(join(DATA, 'coref/ecbplus')).map((d) => d.text));
  for (const line of readFileSync(join(DATA, 'summary/train.source'), 'utf8').split('\n'))
    if (line.trim()) texts.push(...parseCluster(line).map((d) => `${d.title}\n\n${d.text}`));
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

/**
 * What the clusterer reads: capitalised runs stand in for entities, runs of two or more words
 * for people, four-digit years for the tagger's times.
 */
function evidence(text: string): StoryEvidence {
  const out = leadWeighted(text);
  const people: string[] = [];
  for (const m of text.matchAll(/(?<=\s)\p{Lu}\p{L}+(?: \p{Lu}\p{L}+)*/gu)) {
    out.push(`e:${fold(m[0])}`, `e:${fold(m[0])}`);
    if (m[0].includes(' ')) people.push(...nameWords(m[0]));
  }
  return { terms: out, people, years: text.match(/\b(?:19|20)\d\d\b/g) ?? [], numbers: textNumbers(text) };
}

interface Row {
  articles: number;
  /** Articles/s over the WINDOW articles before the row. */
  atSize: number;
  sinceLast: number;
  overall: number;
  open: number;
  terms: number;
  rss: number;
  /** Of the articles since the last row that copy a base text seen before, the share placed in the story of its latest earlier copy (after merges). */
  rejoined: number;
}

/** One pass over the stream (the same stream every pass: the generator is seeded). */
function runStream(bases: string[], total: number, checkpoints: number[], gc: (() => void) | undefined): Row[] {
  const rand = rng(7);
  const c = new Clusterer();
  let assignMs = 0;
  let windowMs = 0;
  let windowStart = 0;
  /** Time of each of the last WINDOW articles, as a ring. */
  const recent = new Float64Array(WINDOW);
  const rows: Row[] = [];
  // The story of each base text's latest copy: a copy is a report of the same event, and
  // should join it (untimed bookkeeping; one string per base text).
  const storyOfBase: (string | undefined)[] = new Array(bases.length);
  let repeats = 0;
  let rejoined = 0;
  for (let k = 1; k <= total; k++) {
    const b = Math.floor(rand() * bases.length);
    const text = mutate(bases[b], k, rand);
    const t = evidence(text);
    // An id as the reader makes one (a content hash): a new story takes its first article's.
    const id = shortHash(`${k}\n${text}`);
    const t0 = performance.now();
    const placed = c.assign(id, t);
    const dt = performance.now() - t0;
    const story = c.resolve(placed.storyId);
    const before = storyOfBase[b];
    if (before !== undefined) {
      repeats++;
      if (c.resolve(before) === story) rejoined++;
    }
    storyOfBase[b] = story;
    assignMs += dt;
    windowMs += dt;
    recent[k % WINDOW] = dt;
    if (checkpoints.includes(k)) {
      gc?.();
      const m = process.memoryUsage();
      const row = {
        articles: k,
        atSize: Math.min(k, WINDOW) / (recent.reduce((x, y) => x + y, 0) / 1000),
        sinceLast: (k - windowStart) / (windowMs / 1000),
        overall: k / (assignMs / 1000),
        open: c.openStories,
        terms: c.vocabulary.frequencies,
        rss: m.rss,
        rejoined: repeats ? rejoined / repeats : 0,
      };
      repeats = rejoined = 0;
      rows.push(row);
      process.stderr.write(
        `${k}: ${row.atSize.toFixed(0)} articles/s over the last ${Math.min(k, WINDOW)}, ${row.sinceLast.toFixed(0)} since the last row, ${row.open} open stories, RSS ${(m.rss / 1048576).toFixed(0)} MB, heap ${(m.heapUsed / 1048576).toFixed(0)} MB\n`,
      );
      windowMs = 0;
      windowStart = k;
    }
  }
  return rows;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The stream is run `--runs` times (3 by default) and each rate is the median of the runs:
 * this machine's speed drifts by ±15% over seconds, as much as a row's window lasts, and one
 * slow stretch in one run says nothing of the store's size. Memory is read in the first run,
 * before any earlier run's garbage.
 */
export async function benchCluster(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { articles: { type: 'string', default: '200000' }, runs: { type: 'string', default: '3' } },
  });
  const total = Number(values.articles);
  const bases = baseTexts();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rss0 = process.memoryUsage().rss;
  const checkpoints = [10_000, 50_000, 100_000, 200_000, 500_000, 1_000_000].filter((c) => c <= total);
  const runs: Row[][] = [];
  for (let r = 0; r < Number(values.runs); r++) {
    process.stderr.write(`run ${r + 1}\n`);
    runs.push(runStream(bases, total, checkpoints, gc));
    gc?.();
  }
  const base = median(runs.map((rows) => rows[0].atSize));
  const lines = runs[0].map((row, i) => {
    const at = median(runs.map((rows) => rows[i].atSize));
    const change = i ? ` (${at >= base ? '+' : '−'}${Math.abs(Math.round((100 * (at - base)) / base))} %)` : '';
    const n = (x: number) => x.toLocaleString('en', { maximumFractionDigits: 0 });
    return `| ${n(row.articles)} | ${n(at)}${change} | ${runs.map((rows) => n(rows[i].atSize)).join(' / ')} | ${n(median(runs.map((rows) => rows[i].sinceLast)))} | ${n(median(runs.map((rows) => rows[i].overall)))} | ${n(row.open)} | ${(100 * row.rejoined).toFixed(1)} % | ${n(row.terms)} | ${n(row.rss / 1048576)} | ${n((row.rss - rss0) / row.articles)} | ${i ? n((row.rss - runs[0][0].rss) / (row.articles - runs[0][0].articles)) : '—'} |`;
  });
  process.stdout.write(
    `\n${bases.length.toLocaleString('en')} base texts, ${runs.length} runs, RSS before the stream ${(rss0 / 1048576).toFixed(0)} MB${gc ? '' : ' (no --expose-gc: RSS includes garbage)'}\n\n| articles | assign/s over the ${WINDOW.toLocaleString('en')} before (median; change from the first row) | each run | assign/s since last row (median) | assign/s overall (median) | open stories | copies joining their base text's story (since last row) | terms counted | RSS MB (run 1) | RSS growth per article, bytes (run 1) | the same from the first row |\n|---|---|---|---|---|---|---|---|---|---|---|\n${lines.join('\n')}\n`,
  );
}
