import { datelineLength } from '../ingest/textmeta.js';
import { contentWords } from '../util/text.js';
import type { Doc } from './context.js';
import { termCounts, tfidf, type Vec } from './vectors.js';

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
