import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { analyzeArticle } from '../src/article/analyze.js';
import { makeArticle } from '../src/ingest/article.js';
import { fieldsFromObject } from '../src/ingest/jsonl.js';
import type { Article, ArticleAnalysis, Citation, StoryBrief } from '../src/model.js';
import { placeStream, type StreamItem } from '../src/eval/stream.js';
import { analyzeStory } from '../src/story/analyze.js';
import { storyEvidence } from '../src/story/evidence.js';
import { signature } from '../src/story/minhash.js';
import { shortHash } from '../src/util/hash.js';
import { loadCorpus, type Corpus } from './soak.js';

// `npm run audit -- sample|score`: precision audits of corroborated facts and conflicts a reader
// can rerun. The ECB+ and PolNeAR streams are placed as `ingest` places them, each multi-article
// story is analysed, and a seeded sample is drawn from what the briefs show: the N items whose
// hash (seed + key) is smallest, so an item that survives a code change stays in the sample and
// keeps its label. `sample` adds unlabelled items to the label files (labels are kept by key);
// `score` joins the labels to the current sample and prints precision and how many lack labels.

const ROOT = new URL('../../', import.meta.url).pathname;
const OUT = join(ROOT, 'test/fixtures/audit');
const CORPORA: Corpus[] = ['ecb', 'polnear'];

export interface Shown {
  source: string;
  text: string;
}

export interface AuditItem {
  key: string;
  corpus: Corpus;
  /** The story's first article input (stable while its first report stays in it). */
  story: string;
  headline: string;
  /** Fact: its text and source count. Conflict: type, about, the two values and the reason. */
  about: string;
  detail: string;
  shown: Shown[];
  label: boolean | null;
  why: string;
}

interface Analysed {
  corpus: Corpus;
  briefs: StoryBrief[];
  /** Every article's text by id (a brief carries only its first articles' texts). */
  texts: Map<string, string>;
}

function streamOf(corpus: Corpus): { article: Article; analysis: ArticleAnalysis }[] {
  return loadCorpus(corpus).articles.map((a) => {
    const article = makeArticle(
      fieldsFromObject(`${corpus}:${a.name}`, {
        title: a.title,
        text: a.text,
        outlet: a.outlet,
        date: a.date,
        byline: a.byline,
      }),
    );
    return { article, analysis: analyzeArticle(article) };
  });
}

type Placed = { article: Article; analysis: ArticleAnalysis }[][];

/**
 * The stream's multi-article stories (article analysis and placement). `cache` names a file that
 * keeps them between runs: story analysis, what the audit measures, is always recomputed.
 */
export function placedStories(corpus: Corpus, cache?: string): Placed {
  const file = cache && `${cache}.${corpus}`;
  if (file && existsSync(file)) return deserialize(readFileSync(file)) as Placed;
  const docs = streamOf(corpus);
  const items: StreamItem[] = docs.map(({ article, analysis }) => ({
    id: article.id,
    title: article.title ?? '',
    outlet: article.outlet,
    date: article.publishedAt?.value.slice(0, 10) ?? null,
    evidence: storyEvidence(article, analysis),
    signature: signature(article.text),
    article,
    analysis,
  }));
  const story = placeStream(items);
  const by = new Map<string, typeof docs>();
  story.forEach((s, i) => (by.get(s) ?? by.set(s, []).get(s)!).push(docs[i]));
  const stories = [...by.values()].filter((m) => m.length > 1);
  if (file) writeFileSync(file, serialize(stories));
  return stories;
}

function analyseCorpus(corpus: Corpus, cache?: string): Analysed {
  const stories = placedStories(corpus, cache);
  const briefs = stories.map((m) => analyzeStory(m[0].article.input, m));
  const texts = new Map(stories.flat().map((d) => [d.article.id, d.article.text]));
  return { corpus, briefs, texts };
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function sourceOf(brief: StoryBrief, c: Citation): string {
  const a = brief.articles.find((x) => x.id === c.articleId)!;
  return [a.input, a.outlet, a.publishedAt?.value.slice(0, 10)].filter(Boolean).join(' · ');
}

/** The sentence around a citation, as the reader would read it in the source. */
function sentenceAround(docs: Map<string, string>, c: Citation): string {
  const text = docs.get(c.articleId);
  if (!text) return c.text;
  let a = c.start;
  while (a > 0 && !/[.!?\n]/.test(text[a - 1])) a--;
  let b = c.end;
  while (b < text.length && !/[.!?\n]/.test(text[b])) b++;
  return squash(text.slice(a, Math.min(text.length, b + 1)));
}

const citeKey = (brief: StoryBrief, c: Citation) =>
  `${brief.articles.find((x) => x.id === c.articleId)!.input}@${c.start}-${c.end}`;

function factItems({ corpus, briefs }: Analysed): AuditItem[] {
  return briefs.flatMap((b) =>
    b.facts
      .filter((f) => f.sources >= 2)
      .map((f) => {
        const ident = f.citations.map((c) => citeKey(b, c)).join(' ');
        return {
          key: `fact|${b.id}|${shortHash(ident, 12)}`,
          corpus,
          story: b.id,
          headline: b.headline,
          about: squash(f.text),
          detail: `${f.sources} independent sources, ${f.articles} articles`,
          shown: f.citations.map((c) => ({ source: sourceOf(b, c), text: squash(c.text) })),
          label: null,
          why: '',
        };
      }),
  );
}

function conflictItems({ corpus, briefs, texts }: Analysed): AuditItem[] {
  return briefs.flatMap((b) =>
    b.conflicts.map((k) => {
      const ident = [k.type, ...k.values.map((v) => citeKey(b, v.citation))].join(' ');
      return {
        key: `conflict|${b.id}|${shortHash(ident, 12)}`,
        corpus,
        story: b.id,
        headline: b.headline,
        about: `${k.type}: ${k.about}`,
        detail: `${k.values.map((v) => v.text).join(' vs ')} — ${k.explanation}`,
        shown: k.values.map((v) => ({ source: sourceOf(b, v.citation), text: sentenceAround(texts, v.citation) })),
        label: null,
        why: '',
      };
    }),
  );
}

/** The n items whose seeded hash is smallest: a stable sample of the current output. */
export function sampleOf(items: AuditItem[], n: number, seed: number): AuditItem[] {
  const h = (x: AuditItem) => shortHash(`${seed}\u0000${x.key}`, 16);
  return [...items].sort((a, b) => (h(a) < h(b) ? -1 : h(a) > h(b) ? 1 : 0)).slice(0, n);
}

function readLabels(path: string): Map<string, AuditItem> {
  if (!existsSync(path)) return new Map();
  const rows = readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditItem);
  return new Map(rows.map((r) => [r.key, r]));
}

/** Current sample items first (in sample order), then earlier labelled items no longer sampled. */
function writeLabels(path: string, sample: AuditItem[], old: Map<string, AuditItem>): void {
  const now = new Set(sample.map((s) => s.key));
  const rows = [
    ...sample.map((s) => {
      const o = old.get(s.key);
      return o ? { ...s, label: o.label, why: o.why } : s;
    }),
    ...[...old.values()].filter((o) => !now.has(o.key) && o.label !== null).sort((a, b) => (a.key < b.key ? -1 : 1)),
  ];
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

function score(name: string, sample: AuditItem[], labels: Map<string, AuditItem>) {
  const labelled = sample.map((s) => labels.get(s.key)?.label).filter((l): l is boolean => typeof l === 'boolean');
  const right = labelled.filter(Boolean).length;
  const byCorpus = CORPORA.map((c) => {
    const ls = sample
      .filter((s) => s.corpus === c)
      .map((s) => labels.get(s.key)?.label)
      .filter((l): l is boolean => typeof l === 'boolean');
    return `${c} ${ls.filter(Boolean).length}/${ls.length}`;
  }).join(', ');
  const p = labelled.length ? ((100 * right) / labelled.length).toFixed(1) : '—';
  console.log(
    `${name}: precision ${p}% (${right}/${labelled.length} labelled true; ${byCorpus}); ` +
      `${sample.length - labelled.length} of ${sample.length} lack labels`,
  );
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seed: { type: 'string', default: '27' },
      facts: { type: 'string', default: '200' },
      conflicts: { type: 'string', default: '100' },
      out: { type: 'string', default: OUT },
      cache: { type: 'string' },
    },
  });
  const step = positionals[0];
  if (step !== 'sample' && step !== 'score') throw new Error('usage: npm run audit -- sample|score [--seed N]');
  const started = Date.now();
  const analysed = CORPORA.map((c) => analyseCorpus(c, values.cache));
  const facts = analysed.flatMap(factItems);
  const conflicts = analysed.flatMap(conflictItems);
  const seed = Number(values.seed);
  const sets = [
    { name: 'facts', all: facts, n: Number(values.facts) },
    { name: 'conflicts', all: conflicts, n: Number(values.conflicts) },
  ];
  for (const { name, all, n } of sets) {
    const path = join(values.out, `${name}.jsonl`);
    const sample = sampleOf(all, n, seed);
    const old = readLabels(path);
    if (step === 'sample') writeLabels(path, sample, old);
    console.log(`${name}: ${all.length} in the output, ${sample.length} sampled (seed ${seed})`);
    score(name, sample, readLabels(path));
  }
  console.log(`${((Date.now() - started) / 1000).toFixed(0)} s`);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) await main();
