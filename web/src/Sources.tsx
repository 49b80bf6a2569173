import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Sentence, StoryBrief } from '../../src/model';
import type { Highlight } from './Cite';
import { articleName, segments, sharedSpans } from './text';

/** The story's articles side by side; shared passages tinted, the cited passage marked. */
export function Sources({
  brief,
  sentences,
  highlight,
  preview,
}: {
  brief: StoryBrief;
  sentences: Map<string, Sentence[]>;
  highlight: Highlight;
  preview: boolean;
}) {
  const shared = useMemo(() => sharedSpans(brief), [brief]);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Only the cited sentence, never the legend's sample; a hover preview scrolls only a pane beside the analysis.
    const columns = root.current?.querySelector<HTMLElement>('.columns');
    const mark = columns?.querySelector('mark.hl');
    const pane = root.current?.closest<HTMLElement>('.sources-pane') ?? null;
    if (!highlight || !columns || !mark || (preview && !scrolls(pane))) return;
    reveal(mark, columns, pane);
  }, [highlight]);
  return (
    <div class="sources" ref={root}>
      <p class="legend">
        <span class="shared">shared with another source</span> <span class="unique">only in this source</span>{' '}
        <span class="unique detail">a detail no other source gives</span> <mark class="hl">cited passage</mark>
      </p>
      <div class="columns">
        {brief.articles.map((a, i) => {
          const segs = segments(
            a.text ?? '',
            sentences.get(a.id) ?? [],
            shared.get(a.id) ?? [],
            highlight?.articleId === a.id ? highlight : null,
          );
          const cov = brief.coverage?.find((c) => c.articleId === a.id);
          const details = cov?.uniqueDetails ?? [];
          const corroborated = brief.facts.filter((f) => f.sources >= 2).length;
          return (
            <article
              key={a.id}
              class={`source${highlight?.articleId === a.id ? ' active' : ''}`}
              data-article={a.id}
              aria-label={`source ${i + 1}`}
            >
              <header>
                <span class="num">[{i + 1}]</span> <strong>{articleName(a)}</strong>
                <div class="meta">
                  {a.outlet ?? 'unknown outlet'} ·{' '}
                  {a.publishedAt?.value ?? (a.referenceDate ? `${a.referenceDate.value} (inferred)` : 'undated')}
                  {brief.articles.some((b) => b.id !== a.id && b.sourceGroup === a.sourceGroup)
                    ? ' · syndicated copy'
                    : ''}
                </div>
                {cov && (
                  <div class="meta coverage">
                    reports {cov.factsReported.length} of {corroborated} corroborated facts · {details.length} unique{' '}
                    {details.length === 1 ? 'detail' : 'details'}
                  </div>
                )}
              </header>
              <div class="body">
                {segs.map((s) => {
                  const cls = [s.sentence < 0 ? 'gap' : s.shared ? 'shared' : 'unique'];
                  if (details.some((d) => d.start < s.end && s.start < d.end)) cls.push('detail');
                  return s.highlighted ? (
                    <mark key={s.start} class={`hl ${cls.join(' ')}`}>
                      {s.text}
                    </mark>
                  ) : (
                    <span key={s.start} class={cls.join(' ')}>
                      {s.text}
                    </span>
                  );
                })}
              </div>
            </article>
          );
        })}
      </div>
    </div>
  );
}

const scrolls = (e: HTMLElement | null): e is HTMLElement => !!e && e.scrollHeight > e.clientHeight + 1;

/** Bring a passage into view: its column sideways, then the sources pane, then the page only if still needed. */
function reveal(mark: Element, columns: HTMLElement, pane: HTMLElement | null): void {
  const a = mark.closest('article')!.getBoundingClientRect();
  const c = columns.getBoundingClientRect();
  if (a.left < c.left || a.right > c.right) columns.scrollLeft += a.left - c.left;
  if (scrolls(pane)) {
    const p = pane.getBoundingClientRect();
    const m = mark.getBoundingClientRect();
    const top = Math.max(p.top, 0);
    const bottom = Math.min(p.bottom, innerHeight);
    pane.scrollTop += m.top - top - Math.max(0, (bottom - top - m.height) / 2);
  }
  const m = mark.getBoundingClientRect();
  if (m.top < 0 || m.bottom > innerHeight) scrollBy(0, m.top - Math.max(0, (innerHeight - m.height) / 2));
}
