import type { StoryBrief } from '../../src/model';
import { Cites, type OnCite } from './Cite';
import { dayNumber } from './text';

const W = 1000;
const PAD = 40;

/** Entries on a time axis (inferred dates hollow), then listed with their citations. */
export function Timeline({ brief, onCite }: { brief: StoryBrief; onCite: OnCite }) {
  const entries = brief.timeline;
  if (!entries.length) return <p class="status empty">No dated events in this story.</p>;
  const days = entries.map((e) => dayNumber(e.date));
  const lo = Math.min(...days);
  const hi = Math.max(...days);
  const x = (d: number) => (hi === lo ? W / 2 : PAD + ((d - lo) / (hi - lo)) * (W - 2 * PAD));
  const distinct = [...new Set(entries.map((e) => e.date.slice(0, 10)))];
  // Several events on one day stack upwards.
  const level = new Map<string, number>();
  return (
    <div class="timeline">
      <svg
        viewBox={`0 0 ${W} 120`}
        role="img"
        aria-label={`timeline from ${entries[0].date} to ${entries[entries.length - 1].date}`}
      >
        <line x1={PAD} x2={W - PAD} y1={90} y2={90} class="axis" />
        {distinct.map((d) => (
          <g key={d}>
            <line x1={x(dayNumber(d))} x2={x(dayNumber(d))} y1={86} y2={94} class="tick" />
            <text x={x(dayNumber(d))} y={112} class="tick-label">
              {d.slice(5)}
            </text>
          </g>
        ))}
        {entries.map((e, i) => {
          const k = e.date.slice(0, 10);
          const l = level.get(k) ?? 0;
          level.set(k, l + 1);
          return (
            <circle
              key={i}
              cx={x(dayNumber(e.date))}
              cy={78 - l * 12}
              r={5}
              class={e.inferred ? 'event inferred' : 'event'}
            >
              <title>{`${e.date}: ${e.label}`}</title>
            </circle>
          );
        })}
      </svg>
      <ol class="events">
        {entries.map((e, i) => (
          <li key={i}>
            {e.placement ? (
              <span class="placed" title={`placed by "${e.placement.cue.text}": ${e.placement.anchor}`}>
                {e.placement.relation} <time dateTime={e.placement.anchorDate}>{e.placement.anchorDate}</time>
              </span>
            ) : (
              <time dateTime={e.date}>{e.date}</time>
            )}
            {e.inferred && !e.placement && (
              <span class="badge" title="date inferred: the article has no publication date">
                inferred
              </span>
            )}
            <span class="label">{e.label}</span>
            {e.conflictingDates?.map((d) => (
              <span key={d.date} class="badge conflict" title="another source dates this event differently">
                also dated {d.date} <Cites cs={d.citations} brief={brief} onCite={onCite} />
              </span>
            ))}
            <span class="meta">
              {e.sources} {e.sources === 1 ? 'source' : 'sources'}
            </span>
            <Cites cs={e.citations} brief={brief} onCite={onCite} />
          </li>
        ))}
      </ol>
    </div>
  );
}
