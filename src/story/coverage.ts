import type { Fact, SourceCoverage } from '../model.js';
import { cite, type Doc } from './context.js';
import { RELATED } from './facts.js';
import { SentenceGroups, type SentenceGroup, type StorySentence } from './sentences.js';
import { cosineNormed } from './vectors.js';
import { wordCount } from '../util/text.js';

// Coverage per source: which corroborated facts each article reports and which it leaves
// out, and its unique details — sentences no other source comes near that still carry
// something checkable (a named entity, a number or a date).

const MAX_UNIQUE = 8;

/** `covered`: the articles to report on (all by default); `facts`: the facts they are checked against. */
export function sourceCoverage(
  docs: Doc[],
  sents: StorySentence[],
  facts: Fact[],
  factOf: Map<StorySentence, Fact>,
  sg = new SentenceGroups(sents),
  covered = docs,
): SourceCoverage[] {
  const corroborated = facts.filter((f) => f.sources >= 2);
  const reportedBy = new Map<string, Set<string>>();
  for (const f of corroborated)
    for (const c of f.citations)
      (reportedBy.get(c.articleId) ?? reportedBy.set(c.articleId, new Set()).get(c.articleId)!).add(f.id);
  const sentsOf = new Map<Doc, StorySentence[]>(covered.map((d) => [d, []]));
  for (const s of sents) sentsOf.get(s.doc)?.push(s);
  const nearGroups = new Map<SentenceGroup, Set<string>>();
  return covered.map((doc) => {
    const own = reportedBy.get(doc.article.id) ?? new Set<string>();
    const checkable = (s: StorySentence) =>
      s.entities.size > 0 ||
      doc.analysis.quantities.some((q) => q.sentence === s.index) ||
      doc.analysis.times.some((t) => t.sentence === s.index && t.value);
    // A sentence no sentence of another source group comes near (RELATED), its own copies included.
    const alone = (s: StorySentence) => {
      const g = sg.groupOf.get(s)!;
      let near = nearGroups.get(g);
      if (!near) nearGroups.set(g, (near = sourceGroupsNear(sg, g)));
      return [...near].every((x) => x === doc.group);
    };
    const unique = sentsOf
      .get(doc)!
      .filter((s) => !s.heading && !factOf.has(s) && wordCount(s.text) >= 6 && checkable(s))
      .filter(alone)
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

/** Up to two source groups among the sentences at RELATED or closer to a group (its own members included). */
function sourceGroupsNear(sg: SentenceGroups, g: SentenceGroup): Set<string> {
  const out = new Set<string>();
  const near = sg.neighbours(g, RELATED).map((x) => x.h);
  if (cosineNormed(g.vec, g.vec, g.norm, g.norm) >= RELATED) near.push(g);
  for (const h of near) {
    for (const m of h.members) {
      out.add(m.doc.group);
      if (out.size > 1) return out;
    }
  }
  return out;
}
