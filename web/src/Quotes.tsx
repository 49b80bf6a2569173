import type { StoryBrief, StoryQuote } from '../../src/model';
import { Cites, type OnCite } from './Cite';
import { outletOf } from './text';

/** A speaker phrase no story entity answers to ("the embassy" with two embassies named) says so: never passed off as a name. */
const UNRESOLVED = ' (unresolved)';

/** Quotes grouped by speaker, each with the outlets that carry it. */
export function Quotes({ brief, onCite }: { brief: StoryBrief; onCite: OnCite }) {
  if (!brief.quotes.length) return <p class="status empty">No quotes found in this story.</p>;
  const groups = new Map<string, StoryQuote[]>();
  for (const q of brief.quotes) {
    const k = q.speaker ? q.speaker.name + (q.speaker.entityId ? '' : UNRESOLVED) : 'Unattributed';
    groups.set(k, [...(groups.get(k) ?? []), q]);
  }
  const sorted = [...groups].sort(
    (a, b) =>
      (a[0] === 'Unattributed' ? 1 : 0) - (b[0] === 'Unattributed' ? 1 : 0) ||
      b[1].length - a[1].length ||
      a[0].localeCompare(b[0]),
  );
  return (
    <div class="quotes">
      {sorted.map(([speaker, qs]) => (
        <section key={speaker} class={speaker.endsWith(UNRESOLVED) ? 'speaker unresolved' : 'speaker'}>
          <h3>
            {speaker} <span class="meta">{qs.length}</span>
          </h3>
          <ul>
            {qs.map((q) => (
              <li key={q.id} class={`quote ${q.kind}`}>
                <blockquote>{q.kind === 'direct' ? `“${q.text}”` : q.text}</blockquote>
                <div class="meta">
                  {q.kind === 'indirect'
                    ? 'reported speech · '
                    : q.kind === 'inferred'
                      ? 'attribution inferred by the learned cue detector, less certain · '
                      : ''}
                  {q.via ? `via ${q.via} · ` : ''}
                  {[...new Set(q.citations.map((c) => outletOf(brief, c.articleId)))].join(', ')} · {q.sources}{' '}
                  {q.sources === 1 ? 'source' : 'independent sources'}
                  {q.variants.length > 0
                    ? ` · ${q.variants.length} wording ${q.variants.length === 1 ? 'variant' : 'variants'}`
                    : ''}
                </div>
                <Cites cs={q.citations} brief={brief} onCite={onCite} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
