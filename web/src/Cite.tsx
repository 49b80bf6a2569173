import type { Citation, StoryBrief } from '../../src/model';
import { outletOf } from './text';

export type Highlight = { articleId: string; start: number; end: number } | null;
export type OnCite = (c: Citation, commit: boolean) => void;

/** A numbered citation: hover previews the source passage, click or Enter pins it. */
export function Cite({ c, brief, onCite }: { c: Citation; brief: StoryBrief; onCite: OnCite }) {
  const n = brief.articles.findIndex((a) => a.id === c.articleId) + 1;
  return (
    <button type="button" class="cite" data-article={c.articleId} data-start={c.start} title={`${outletOf(brief, c.articleId)}: “${c.text.slice(0, 160)}”`} onMouseEnter={() => onCite(c, false)} onFocus={() => onCite(c, false)} onClick={() => onCite(c, true)}>
      [{n}]
    </button>
  );
}

export function Cites({ cs, brief, onCite }: { cs: Citation[]; brief: StoryBrief; onCite: OnCite }) {
  return (
    <span class="cites">
      {cs.map((c, i) => (
        <Cite key={`${c.articleId}:${c.start}:${i}`} c={c} brief={brief} onCite={onCite} />
      ))}
    </span>
  );
}
