import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Sentence, StoryBrief } from '../../src/model';
import type { Highlight } from './Cite';
import { articleName, segments, sharedSpans } from './text';

/** The story's articles side by side; shared passages tinted, the cited passage marked. */
export function Sources({ brief, sentences, highlight }: { brief: StoryBrief; sentences: Map<string, Sentence[]>; highlight: Highlight }) {
  const shared = useMemo(() => sharedSpans(brief), [brief]);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const mark = root.current?.querySelector('mark.hl');
    mark?.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'auto' });
  }, [highlight]);
  return (
    <div class="sources" ref={root}>
      <p class="legend">
        <span class="shared">shared with another source</span> <span class="unique">only in this source</span> <span class="unique detail">a detail no other source gives</span> <mark class="hl">cited passage</mark>
      </p>
      <div class="columns">
        {brief.articles.map((a, i) => {
          const segs = segments(a.text ?? "", sentences.get(a.id) ?? [], shared.get(a.id) ?? [], highlight?.articleId === a.id ? highlight : null);
          const cov = brief.coverage?.find((c) => c.articleId === a.id);
          const details = cov?.uniqueDetails ?? [];
          const corroborated = brief.facts.filter((f) => f.sources >= 2).length;
          return (
            <article key={a.id} class={`source${highlight?.articleId === a.id ? ' active' : ''}`} data-article={a.id} aria-label={`source ${i + 1}`}>
              <header>
                <span class="num">[{i + 1}]</span> <strong>{articleName(a)}</strong>
                <div class="meta">
                  {a.outlet ?? 'unknown outlet'} · {a.publishedAt?.value ?? (a.referenceDate ? `${a.referenceDate.value} (inferred)` : 'undated')}
                  {brief.articles.some((b) => b.id !== a.id && b.sourceGroup === a.sourceGroup) ? ' · syndicated copy' : ''}
                </div>
                {cov && (
                  <div class="meta coverage">
                    reports {cov.factsReported.length} of {corroborated} corroborated facts · {details.length} unique {details.length === 1 ? 'detail' : 'details'}
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
