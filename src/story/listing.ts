import type { StoryBrief, StorySummary } from '../model.js';
import { byString, fold } from '../util/text.js';

// What the story list and its filters need from a brief, computed once when the brief
// is saved so that listing and searching never parse briefs.

export function storySummary(b: StoryBrief): StorySummary {
  return {
    id: b.id,
    headline: b.headline,
    articles: b.totals?.articles ?? b.articles.length,
    independentSources: b.independentSources,
    from: b.span.from,
    to: b.span.to,
    outlets: storyOutlets(b),
    topEntities: b.entities
      .filter((e) => e.type !== 'MISC')
      .slice(0, 5)
      .map((e) => ({ id: e.id, name: e.name, type: e.type })),
  };
}

export function storyOutlets(b: StoryBrief): string[] {
  return [...new Set(b.articles.map((a) => a.outlet).filter((o): o is string => !!o))].sort(byString);
}

/** Folded entity names and aliases, one per line, framed by newlines for whole-name matching. */
/** A word no name contains, put between names in full-text indexes so no phrase query spans two names. */
export const NAME_BREAK = 'xnamebreakx';

export function entityNameLines(b: StoryBrief): string {
  const names = new Set(b.entities.flatMap((e) => [e.name, ...e.aliases]).map((n) => fold(n)));
  return `\n${[...names].sort(byString).join('\n')}\n`;
}

/** Folded text a free-text query is matched against. */
export function searchText(b: StoryBrief): string {
  return fold(
    [
      b.headline,
      ...b.articles.map((a) => a.title ?? ''),
      ...b.summary.map((s) => s.text),
      entityNameLines(b),
      storyOutlets(b).join('\n'),
    ].join('\n'),
  );
}

/** Query words, folded; each must occur in searchText. */
export function queryWords(q: string): string[] {
  return fold(q)
    .split(/[^\p{L}\p{N}'-]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
}
