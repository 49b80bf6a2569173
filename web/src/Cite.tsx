import { useEffect, useState } from 'preact/hooks';
import type { Citation, StoryBrief } from '../../src/model';
import { outletOf } from './text';

export type Highlight = { articleId: string; start: number; end: number } | null;
export type OnCite = (c: Citation, commit: boolean) => void;

type Place = { left: number; top?: number; bottom?: number; width: number };

/** Below the citation, or above it near the bottom of the screen; always inside the viewport. */
function placeNear(el: Element): Place {
  const r = el.getBoundingClientRect();
  const width = Math.min(448, innerWidth - 16);
  const left = Math.max(8, Math.min(r.left, innerWidth - 8 - width));
  return r.bottom > innerHeight * 0.6
    ? { left, bottom: innerHeight - r.top + 4, width }
    : { left, top: r.bottom + 4, width };
}

/** A numbered citation: hover previews the source passage (the whole of it, as text), click or Enter pins it. */
export function Cite({ c, brief, onCite }: { c: Citation; brief: StoryBrief; onCite: OnCite }) {
  const n = brief.articles.findIndex((a) => a.id === c.articleId) + 1;
  const [place, setPlace] = useState<Place | null>(null);
  const id = `cite-${c.articleId}-${c.start}-${c.end}`;
  useEffect(() => {
    if (!place) return;
    // A fixed popover would drift from its citation: it closes when the page or a pane scrolls.
    const close = () => setPlace(null);
    addEventListener('scroll', close, { capture: true, once: true });
    return () => removeEventListener('scroll', close, { capture: true });
  }, [place]);
  const open = (e: { currentTarget: Element }) => (setPlace(placeNear(e.currentTarget)), onCite(c, false));
  return (
    <span class="cite-wrap">
      <button
        type="button"
        class="cite"
        data-article={c.articleId}
        data-start={c.start}
        aria-describedby={place ? id : undefined}
        onMouseEnter={open}
        onFocus={open}
        onMouseLeave={() => setPlace(null)}
        onBlur={() => setPlace(null)}
        onClick={() => onCite(c, true)}
      >
        [{n}]
      </button>
      {place && (
        <span
          role="tooltip"
          id={id}
          class="popover"
          style={{
            left: `${place.left}px`,
            width: `${place.width}px`,
            ...(place.top !== undefined ? { top: `${place.top}px` } : { bottom: `${place.bottom}px` }),
          }}
        >
          <strong>{outletOf(brief, c.articleId)}</strong> “{c.text}”
        </span>
      )}
    </span>
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
