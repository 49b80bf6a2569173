import type { Fact, SourceCoverage } from '../model.js';
import { cite, type Doc } from './context.js';
import { RELATED } from './facts.js';
import type { StorySentence } from './sentences.js';
import { cosine } from './vectors.js';
import { wordCount } from '../util/text.js';

// Coverage per source: which corroborated facts each article reports and which it leaves
// out, and its unique details — sentences no other source comes near that still carry
// something checkable (a named entity, a number or a date).

const MAX_UNIQUE = 8;

export function sourceCoverage(docs: Doc[], sents: StorySentence[], facts: Fact[], factOf: Map<StorySentence, Fact>): SourceCoverage[] {
  const corroborated = facts.filter((f) => f.sources >= 2);
  return docs.map((doc) => {
    const own = new Set(corroborated.filter((f) => f.citations.some((c) => c.articleId === doc.article.id)).map((f) => f.id));
    const others = sents.filter((s) => s.doc.group !== doc.group);
    const checkable = (s: StorySentence) =>
      s.entities.size > 0 || doc.analysis.quantities.some((q) => q.sentence === s.index) || doc.analysis.times.some((t) => t.sentence === s.index && t.value);
    const unique = sents
      .filter((s) => s.doc === doc && !s.heading && !factOf.has(s) && wordCount(s.text) >= 6 && checkable(s))
      .filter((s) => others.every((o) => cosine(s.vec, o.vec) < RELATED))
      .slice(0, MAX_UNIQUE)
      .map((s) => cite(doc, s));
    return {
      articleId: doc.article.id,
      outlet: doc.article.outlet,
      sourceGroup: doc.group,
      factsReported: corroborated.filter((f) => own.has(f.id)).map((f) => f.id),
      factsMissing: corroborated.filter((f) => !own.has(f.id)).map((f) => f.id),
      uniqueDetails: unique,
    };
  });
}
