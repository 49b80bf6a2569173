import { useState } from 'preact/hooks';
import type { StoryBrief } from '../../src/model';
import { mergeEntities, splitAlias } from './api';
import { Cites, type OnCite } from './Cite';
import { plural } from '../../src/render/text';

/** Entities with aliases and roles; the analyst can merge several or split an alias off. */
export function Entities({ brief, onCite, onChanged }: { brief: StoryBrief; onCite: OnCite; onChanged: () => void }) {
  const [selected, setSelected] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [type, setType] = useState<string>('ALL');
  const run = (p: Promise<unknown>, done: string) =>
    p.then(
      () => {
        setMessage(done);
        setSelected([]);
        onChanged();
      },
      (e: Error) => setMessage(`Not changed: ${e.message}`),
    );
  const shown = brief.entities.filter((e) => type === 'ALL' || e.type === type);
  if (!brief.entities.length) return <p class="status empty">No named entities found.</p>;
  return (
    <div class="entities-panel">
      <div class="toolbar">
        <label>
          Type{' '}
          <select value={type} onChange={(e) => setType(e.currentTarget.value)}>
            {['ALL', 'PERSON', 'ORG', 'PLACE', 'MISC'].map((t) => (
              <option key={t} value={t}>
                {t.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={selected.length < 2}
          onClick={() =>
            run(mergeEntities(brief.id, selected), `Merged ${selected.length} entities; the story was re-analysed.`)
          }
        >
          Merge selected ({selected.length})
        </button>
      </div>
      {message && (
        <p class="status" role="status">
          {message}
        </p>
      )}
      <ul class="entities">
        {shown.map((e) => (
          <li key={e.id} class={`entity ${e.type.toLowerCase()}`}>
            <label class="pick">
              <input
                type="checkbox"
                checked={selected.includes(e.id)}
                onChange={(ev) =>
                  setSelected(ev.currentTarget.checked ? [...selected, e.id] : selected.filter((x) => x !== e.id))
                }
                aria-label={`select ${e.name}`}
              />
              <span class="name">{e.name}</span>
            </label>
            <span class={`type t-${e.type.toLowerCase()}`}>{e.type}</span>
            <span class="meta">
              {plural(e.mentions.length, 'mention')} · {plural(e.articleCount, 'article')}
              {e.links.length ? ` · linked by ${e.links.join(', ')}` : ''}
            </span>
            {e.roles.length > 0 && <div class="roles">{e.roles.join('; ')}</div>}
            {e.aliases.length > 0 && (
              <ul class="aliases" aria-label={`aliases of ${e.name}`}>
                {e.aliases.map((a) => (
                  <li key={a}>
                    {a}{' '}
                    <button
                      type="button"
                      class="small"
                      title={`${a} is someone or something else`}
                      onClick={() =>
                        run(splitAlias(brief.id, e.id, a), `Split “${a}” from ${e.name}; the story was re-analysed.`)
                      }
                    >
                      split
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <details>
              <summary>mentions</summary>
              <Cites cs={e.mentions.slice(0, 40)} brief={brief} onCite={onCite} />
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
