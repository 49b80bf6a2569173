import { datelineLength } from '../ingest/textmeta.js';
import { contentWords } from '../util/text.js';
import type { Doc } from './context.js';
import { getOrInsert } from '../util/maps.js';
import { cosineNormed, norm, termCounts, tfidf, type Vec } from './vectors.js';

/** A sentence of the story with its TF-IDF vector (story-level document frequencies). */
export interface StorySentence {
  doc: Doc;
  index: number;
  start: number;
  end: number;
  text: string;
  heading: boolean;
  vec: Vec;
  /** Entity ids mentioned in the sentence. */
  entities: Set<string>;
}

/**
 * Vectors over content words plus resolved entity ids, so "Qasem" and "Qassem" agree. An
 * article's opening sentence starts after its dateline ("WASHINGTON (Reuters) -"): the
 * summary, facts and timeline quote and cite the report's own words, and two wire stories
 * do not look alike for sharing "Reuters".
 */
export function storySentences(docs: Doc[], mentionEntity: Map<string, string>): StorySentence[] {
  const raw = docs.flatMap((doc) =>
    doc.analysis.sentences.map((sentence, index) => {
      const cut = index === 0 ? datelineLength(doc.article.text.slice(sentence.start, sentence.end)) : 0;
      const s = { ...sentence, start: sentence.start + cut };
      const text = doc.article.text.slice(s.start, s.end);
      const entities = new Set<string>();
      for (const m of doc.analysis.mentions) {
        if (m.start >= s.start && m.end <= s.end) {
          const id = mentionEntity.get(`${doc.article.id}:${m.start}`);
          if (id) entities.add(id);
        }
      }
      for (const r of doc.analysis.roleMentions) {
        const id = r.start >= s.start && r.end <= s.end ? mentionEntity.get(`${doc.article.id}:${r.start}`) : undefined;
        if (id) entities.add(id);
      }
      const terms = contentWords(text).concat([...entities]);
      return { doc, index, start: s.start, end: s.end, text, heading: s.heading, counts: termCounts(terms), entities };
    }),
  );
  const df = new Map<string, number>();
  for (const r of raw) for (const t of r.counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  return raw.map(({ counts, ...r }) => ({ ...r, vec: tfidf(counts, (t) => df.get(t) ?? 0, raw.length) }));
}

/**
 * Sentences that say the same thing word for word (same text, same entities, same heading
 * flag) form one group: work that depends only on a sentence's words is done once per
 * group, and a sentence carried by 300 outlets is one node with 300 members.
 */
export interface SentenceGroup {
  /** Position in story order of the first member. */
  index: number;
  members: StorySentence[];
  vec: Vec;
  norm: number;
}

/** Postings longer than this are not used to propose pairs: words that common carry little weight. */
export const MAX_POSTINGS = 200;

export class SentenceGroups {
  readonly groups: SentenceGroup[] = [];
  readonly groupOf = new Map<StorySentence, SentenceGroup>();
  private readonly postings = new Map<string, SentenceGroup[]>();

  constructor(sents: StorySentence[]) {
    const byKey = new Map<string, SentenceGroup>();
    for (const s of sents) {
      const key = `${s.heading ? 'h' : 'p'}\u0000${s.text}\u0000${[...s.entities].sort().join('\u0000')}`;
      let g = byKey.get(key);
      if (!g) {
        g = { index: this.groups.length, members: [], vec: s.vec, norm: norm(s.vec) };
        byKey.set(key, g);
        this.groups.push(g);
        for (const t of s.vec.keys()) getOrInsert(this.postings, t, () => []).push(g!);
      }
      g.members.push(s);
      this.groupOf.set(s, g);
    }
  }

  /**
   * Groups other than `g` that share a word with it (through postings of at most
   * MAX_POSTINGS groups), in story order, each with its cosine similarity to `g`. In a
   * story of fewer groups than that, these are all the groups with a similarity above 0.
   */
  neighbours(g: SentenceGroup, min = 0): { h: SentenceGroup; score: number }[] {
    const seen = new Set<SentenceGroup>([g]);
    const out: { h: SentenceGroup; score: number }[] = [];
    for (const t of g.vec.keys()) {
      const list = this.postings.get(t)!;
      if (list.length > MAX_POSTINGS) continue;
      for (const h of list) {
        if (seen.has(h)) continue;
        seen.add(h);
        const score = cosineNormed(g.vec, h.vec, g.norm, h.norm);
        if (score > 0 && score >= min) out.push({ h, score });
      }
    }
    return out.sort((a, b) => a.h.index - b.h.index);
  }
}
