import type { ArticleAnalysis, Article } from '../model.js';
import { quotedSpans } from '../article/quotes.js';
import { words } from '../util/text.js';
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

export function findSyndication(docs: { article: Article; analysis: ArticleAnalysis }[]): SyndicationResult {
  const sh = docs.map((d) => sentenceShingles(d.article, d.analysis));
  const uf = new UnionFind(docs.length);
  const shared = new Map<string, number>();
  for (let i = 0; i < docs.length; i++) {
    const all = new Set<string>();
    sh[i].forEach((s) => s.forEach((x) => all.add(x)));
    for (let j = i + 1; j < docs.length; j++) {
      const n = sh[j].filter((s) => [...s].some((x) => all.has(x))).length;
      if (n >= MIN_SHARED_SENTENCES) {
        uf.union(i, j);
        shared.set(`${i}:${j}`, n);
      }
    }
  }
  const groupOf = new Map<string, string>();
  const groups: SyndicationResult['groups'] = [];
  for (const g of uf.groups()) {
    const id = `g-${docs[g[0]].article.id.slice(0, 8)}`;
    g.forEach((i) => groupOf.set(docs[i].article.id, id));
    if (g.length > 1) {
      let n = 0;
      for (const [k, v] of shared) if (g.includes(Number(k.split(':')[0]))) n += v;
      groups.push({ group: id, articleIds: g.map((i) => docs[i].article.id), sharedSentences: n });
    }
  }
  return { groupOf, groups };
}
