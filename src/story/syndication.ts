import type { ArticleAnalysis, Article } from '../model.js';
import { quotedSpans } from '../article/quotes.js';
import { words } from '../util/text.js';
import { getOrInsert } from '../util/maps.js';
import { UnionFind } from '../util/unionfind.js';

// Syndicated copy: two articles that share several sentences word for word outside of
// quotation marks (two outlets quoting one statement is not syndication; reusing the
// same wire prose is). Shared word 8-grams mark a reused sentence.

const N = 8;
const MIN_SHARED_SENTENCES = 2;

function sentenceShingles(article: Article, analysis: ArticleAnalysis): Set<string>[] {
  // Blank out quoted material so quoting the same statement does not count.
  let text = article.text;
  for (const q of quotedSpans(text)) text = text.slice(0, q.start) + ' '.repeat(q.end - q.start) + text.slice(q.end);
  return analysis.sentences.map((s) => {
    const w = words(text.slice(s.start, s.end));
    const set = new Set<string>();
    for (let i = 0; i + N <= w.length; i++) set.add(w.slice(i, i + N).join(' '));
    return set;
  });
}

export interface SyndicationResult {
  groupOf: Map<string, string>;
  groups: { group: string; articleIds: string[]; sharedSentences: number }[];
}

/** An 8-gram found in more articles than this is compared with its first ones only (bounded work in big stories). */
const MAX_POSTINGS = 50;

export function findSyndication(docs: { article: Article; analysis: ArticleAnalysis }[]): SyndicationResult {
  const uf = new UnionFind(docs.length);
  const shared = new Map<string, number>();
  // Earlier articles by 8-gram: for each article, the earlier ones sharing a sentence's 8-grams.
  const postings = new Map<string, number[]>();
  for (let j = 0; j < docs.length; j++) {
    const sentences = sentenceShingles(docs[j].article, docs[j].analysis);
    const count = new Map<number, number>();
    for (const set of sentences) {
      const earlier = new Set<number>();
      for (const x of set) for (const i of postings.get(x) ?? []) earlier.add(i);
      for (const i of earlier) count.set(i, (count.get(i) ?? 0) + 1);
    }
    for (const i of [...count.keys()].sort((a, b) => a - b)) {
      const n = count.get(i)!;
      if (n < MIN_SHARED_SENTENCES) continue;
      uf.union(i, j);
      shared.set(`${i}:${j}`, n);
    }
    for (const set of sentences) {
      for (const x of set) {
        const list = getOrInsert(postings, x, () => []);
        if (list.length < MAX_POSTINGS && list[list.length - 1] !== j) list.push(j);
      }
    }
  }
  const sharedIn = new Map<number, number>();
  for (const [k, v] of shared) {
    const root = uf.find(Number(k.split(':')[0]));
    sharedIn.set(root, (sharedIn.get(root) ?? 0) + v);
  }
  const groupOf = new Map<string, string>();
  const groups: SyndicationResult['groups'] = [];
  for (const g of uf.groups()) {
    const id = `g-${docs[g[0]].article.id.slice(0, 8)}`;
    g.forEach((i) => groupOf.set(docs[i].article.id, id));
    if (g.length > 1) {
      groups.push({
        group: id,
        articleIds: g.map((i) => docs[i].article.id),
        sharedSentences: sharedIn.get(uf.find(g[0])) ?? 0,
      });
    }
  }
  return { groupOf, groups };
}
