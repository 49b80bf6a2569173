import { useEffect, useRef, useState } from 'preact/hooks';
import { listStories, PAGE_SIZE, type StoryFilters } from './api';
import { lastList, rememberList, storyHref } from './route';
import { plural } from '../../src/render/text';
import { day } from './text';
import { useLoad } from './useLoad';
import { LoadStatus, Pager } from './ListParts';

const FIELDS = ['q', 'entity', 'outlet', 'from', 'to'] as const;

function filtersOf(params: URLSearchParams): StoryFilters {
  const get = (k: string) => params.get(k) ?? '';
  return {
    q: get('q'),
    entity: get('entity'),
    outlet: get('outlet'),
    from: get('from'),
    to: get('to'),
    offset: Math.max(0, Number(params.get('offset')) || 0),
  };
}

function go(f: StoryFilters): void {
  const p = new URLSearchParams();
  for (const k of FIELDS) if (f[k].trim()) p.set(k, f[k]);
  if (f.offset) p.set('offset', String(f.offset));
  const q = p.toString();
  history.replaceState(null, '', `#/${q ? `?${q}` : ''}`);
  dispatchEvent(new HashChangeEvent('hashchange'));
}

export function StoryList({ params, onUnauthorized }: { params: URLSearchParams; onUnauthorized: () => void }) {
  const filters = filtersOf(params);
  const key = JSON.stringify(filters);
  const [load] = useLoad(() => listStories(filters), [key], onUnauthorized);
  const [draft, setDraft] = useState(filters);
  // Coming back from a story: the cursor where it was on this same list.
  const [cursor, setCursor] = useState(() => (lastList().hash === (location.hash || '#/') ? lastList().cursor : 0));
  const toLast = useRef(false);
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLOListElement>(null);

  // Typing filters as you go, a moment after the last key.
  useEffect(() => {
    if (JSON.stringify({ ...draft, offset: filters.offset }) === key) return;
    const t = setTimeout(() => go({ ...draft, offset: 0 }), 250);
    return () => clearTimeout(t);
  }, [JSON.stringify(draft)]);

  // Back to the top when the filters change (not on mount, where it could undo an early key).
  const shownKey = useRef(key);
  useEffect(() => {
    if (shownKey.current !== key) setCursor(toLast.current ? PAGE_SIZE - 1 : 0);
    shownKey.current = key;
    toLast.current = false;
  }, [key]);
  useEffect(() => rememberList(location.hash, cursor), [key, cursor]);
  useEffect(() => {
    document.title = 'Stories · triangulate';
  }, []);

  // "/" focuses the search box; j/k or arrows move through stories; Enter opens one.
  // One listener from mount, reading the latest render through a ref: effects run after
  // paint, so a listener re-attached per render would miss keys pressed as the list appears.
  const latest = useRef({ load, cursor, filters });
  latest.current = { load, cursor, filters };
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      const { load, cursor, filters } = latest.current;
      const typing = e.target instanceof HTMLInputElement;
      if (typing && e.key === 'Escape') return e.target.blur();
      if (e.key === '/' && !typing) {
        e.preventDefault();
        search.current?.focus();
        return;
      }
      if (typing || load.state !== 'ready' || e.metaKey || e.ctrlKey || e.altKey) return;
      const n = load.data.items.length;
      if (!n) return;
      // Past the last story of a page comes the next page's first; before the first, the previous page's last.
      const down = e.key === 'j' || e.key === 'ArrowDown';
      const up = e.key === 'k' || e.key === 'ArrowUp';
      if (down && cursor === n - 1 && filters.offset + n < load.data.total)
        go({ ...filters, offset: filters.offset + PAGE_SIZE });
      else if (up && cursor === 0 && filters.offset > 0) {
        toLast.current = true;
        go({ ...filters, offset: Math.max(0, filters.offset - PAGE_SIZE) });
      } else if (down) setCursor((c) => Math.min(n - 1, c + 1));
      else if (up) setCursor((c) => Math.max(0, c - 1));
      else if (e.key === 'Enter' && !(e.target instanceof HTMLAnchorElement))
        location.hash = storyHref(load.data.items[Math.min(cursor, n - 1)].id);
      else return;
      e.preventDefault();
    };
    addEventListener('keydown', on);
    return () => removeEventListener('keydown', on);
  }, []);

  useEffect(() => {
    list.current?.querySelectorAll('a')[cursor]?.scrollIntoView({ block: 'nearest' });
  }, [cursor, load.state]);

  const field = (k: (typeof FIELDS)[number], label: string, date = false) => {
    const common = {
      name: k,
      value: draft[k],
      onInput: (e: { currentTarget: HTMLInputElement }) => setDraft({ ...draft, [k]: e.currentTarget.value }),
    };
    return (
      <label class={`field field-${k}`}>
        <span>{label}</span>
        {date ? (
          <input type="date" {...common} />
        ) : (
          <input type="search" ref={k === 'q' ? search : undefined} {...common} />
        )}
      </label>
    );
  };

  return (
    <section class="list" aria-labelledby="stories-title">
      <h1 id="stories-title">Stories</h1>
      <form class="filters" role="search" onSubmit={(e) => (e.preventDefault(), go({ ...draft, offset: 0 }))}>
        {field('q', 'Search')}
        {field('entity', 'Entity')}
        {field('outlet', 'Outlet')}
        {field('from', 'From', true)}
        {field('to', 'To', true)}
      </form>
      <p class="hint">
        <kbd>/</kbd> search · <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open
      </p>
      <LoadStatus
        load={load}
        what="stories"
        empty={(data) =>
          data.total === 0 && !FIELDS.some((k) => filters[k])
            ? 'No stories yet. Add articles with `triangulate ingest <files>` or POST /api/articles.'
            : 'No stories match these filters.'
        }
      />
      {load.state === 'ready' && load.data.items.length > 0 && (
        <>
          <p class="count" role="status">
            {load.data.total} {load.data.total === 1 ? 'story' : 'stories'}
          </p>
          <ol class="stories" ref={list}>
            {load.data.items.map((s, i) => (
              <li key={s.id} class={i === cursor ? 'current' : ''}>
                <a href={storyHref(s.id)} aria-current={i === cursor ? 'true' : undefined}>
                  <span class="headline">{s.headline}</span>
                  <span class="meta">
                    {day(s.from) ?? '?'}
                    {s.to && day(s.to) !== day(s.from) ? ` – ${day(s.to)}` : ''} · {plural(s.articles, 'article')} ·{' '}
                    {plural(s.independentSources, 'independent source')}
                    {s.outlets.length ? ` · ${s.outlets.join(', ')}` : ''}
                  </span>
                  <span class="entities">{s.topEntities.map((e) => e.name).join(' · ')}</span>
                </a>
              </li>
            ))}
          </ol>
          <Pager
            offset={filters.offset}
            shown={load.data.items.length}
            total={load.data.total}
            go={(o) => go({ ...filters, offset: o })}
          />
        </>
      )}
    </section>
  );
}
