import type { Article, ArticleAnalysis } from '../model.js';
import { contentWords, fold } from '../util/text.js';
import { cosine, termCounts, tfidf, type Vec } from './vectors.js';

// Online story assignment. Each article is compared with the centroid of every open
// story that shares at least one of its rarer terms (an inverted index keeps this
// cheap); it joins the best story above THRESHOLD or opens a new one.

export const THRESHOLD = 0.18;
const CENTROID_TERMS = 80;

export interface StoryState {
  id: string;
  /** Summed term weights of member articles (pruned to the strongest terms). */
  centroid: Vec;
  size: number;
}

/** Terms that describe an article for clustering: title and body words, plus entity names (doubled). */
export function articleTerms(article: Article, analysis: ArticleAnalysis): string[] {
  const terms = contentWords(`${article.title ?? ''} ${article.text}`);
  for (const m of analysis.mentions) {
    if (m.type !== 'MISC') {
      const key = `e:${fold(m.text)}`;
      terms.push(key, key);
    }
  }
  return terms;
}

export class Clusterer {
  private df = new Map<string, number>();
  private n = 0;
  private index = new Map<string, Set<string>>();
  readonly stories = new Map<string, StoryState>();

  constructor(initial: { stories: StoryState[]; df: [string, number][]; n: number } | null = null) {
    if (initial) {
      this.n = initial.n;
      this.df = new Map(initial.df);
      for (const s of initial.stories) this.put(s);
    }
  }

  private put(s: StoryState): void {
    this.stories.set(s.id, s);
    for (const t of s.centroid.keys()) {
      let set = this.index.get(t);
      if (!set) this.index.set(t, (set = new Set()));
      set.add(s.id);
    }
  }

  /** Place one article; returns the story id and the similarity that decided it. */
  assign(articleId: string, terms: string[]): { storyId: string; score: number; created: boolean } {
    const counts = termCounts(terms);
    this.n++;
    for (const t of counts.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    const vec = tfidf(counts, (t) => this.df.get(t) ?? 0, Math.max(this.n, 20));
    const candidates = new Set<string>();
    for (const t of counts.keys()) for (const id of this.index.get(t) ?? []) candidates.add(id);
    let best: { id: string; score: number } | null = null;
    for (const id of [...candidates].sort()) {
      const score = cosine(vec, this.stories.get(id)!.centroid);
      if (!best || score > best.score) best = { id, score };
    }
    if (best && best.score >= THRESHOLD) {
      const s = this.stories.get(best.id)!;
      for (const [t, w] of vec) s.centroid.set(t, (s.centroid.get(t) ?? 0) + w);
      s.size++;
      prune(s.centroid);
      this.put(s);
      return { storyId: s.id, score: best.score, created: false };
    }
    const s: StoryState = { id: `s-${articleId.slice(0, 12)}`, centroid: prune(new Map(vec)), size: 1 };
    this.put(s);
    return { storyId: s.id, score: best?.score ?? 0, created: true };
  }

  snapshot(): { stories: StoryState[]; df: [string, number][]; n: number } {
    return { stories: [...this.stories.values()], df: [...this.df], n: this.n };
  }
}

function prune(v: Vec): Vec {
  if (v.size <= CENTROID_TERMS) return v;
  const keep = [...v].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, CENTROID_TERMS);
  v.clear();
  for (const [t, w] of keep) v.set(t, w);
  return v;
}
