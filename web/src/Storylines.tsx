import { useEffect } from 'preact/hooks';
import type { StorylineLink } from '../../src/model';
import { getStoryline, listStorylines } from './api';
import { lastList, storyHref, storylineHref } from './route';
import { plural } from '../../src/render/text';
import { day } from './text';
import { useLoad } from './useLoad';
import { LoadStatus, Pager } from './ListParts';

// Storylines: events (stories) that continue one another. The list shows each storyline's
// span and size; a storyline's page lists its events by date, each with why it is linked.

const span = (from: string | null, to: string | null) =>
  `${day(from) ?? '?'}${to && day(to) !== day(from) ? ` – ${day(to)}` : ''}`;

export function StorylineList({ params, onUnauthorized }: { params: URLSearchParams; onUnauthorized: () => void }) {
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const [load] = useLoad(() => listStorylines(offset), [offset], onUnauthorized);
  useEffect(() => {
    document.title = 'Storylines · triangulate';
  }, []);
  const page = (o: number) => `#/storylines${o ? `?offset=${o}` : ''}`;
  return (
    <section class="list" aria-labelledby="storylines-title">
      <h1 id="storylines-title">Storylines</h1>
      <p class="hint">Events that continue one another: a campaign, a war, a trial.</p>
      <LoadStatus
        load={load}
        what="storylines"
        empty={() => 'No storylines yet: no two stories continue one another.'}
      />
      {load.state === 'ready' && load.data.items.length > 0 && (
        <>
          <p class="count" role="status">
            {plural(load.data.total, 'storyline')}
          </p>
          <ol class="stories storylines">
            {load.data.items.map((l) => (
              <li key={l.id}>
                <a href={storylineHref(l.id)}>
                  <span class="headline">{l.title}</span>
                  <span class="meta">
                    {span(l.from, l.to)} · {plural(l.events, 'event')} · {plural(l.articles, 'article')}
                  </span>
                </a>
              </li>
            ))}
          </ol>
          <Pager
            offset={offset}
            shown={load.data.items.length}
            total={load.data.total}
            go={(o) => (location.hash = page(o))}
          />
        </>
      )}
    </section>
  );
}

/** Why an event is in the storyline: the rule, the names and words it shares with its closest event. */
function Why({ link, headlineOf }: { link: StorylineLink; headlineOf: (id: string) => string }) {
  const gap =
    link.gapDays === null ? '' : link.gapDays === 0 ? ', same days' : `, ${plural(link.gapDays, 'day')} apart`;
  return (
    <span class="why">
      Linked to “{headlineOf(link.to)}” ({link.rule}
      {gap}): {link.entities.join(', ')}
      {link.terms.length ? `; words: ${link.terms.join(', ')}` : ''}
    </span>
  );
}

export function StorylinePage({ id, onUnauthorized }: { id: string; onUnauthorized: () => void }) {
  const [load] = useLoad(() => getStoryline(id), [id], onUnauthorized);
  useEffect(() => scrollTo(0, 0), [id]);
  if (load.state === 'loading')
    return (
      <p class="status" role="status">
        Loading storyline…
      </p>
    );
  if (load.state === 'error')
    return (
      <p class="status error" role="alert">
        Could not load storyline {id}: {load.message} <a href="#/storylines">Back to storylines</a>
      </p>
    );
  const l = load.data;
  document.title = `${l.title} · storyline · triangulate`;
  const headlines = new Map(l.events.map((e) => [e.id, e.headline]));
  const articles = l.events.reduce((n, e) => n + e.articles, 0);
  return (
    <div class="storyline">
      <header class="story-head">
        <a href={lastList().hash} class="back">
          ← Stories
        </a>
        <h1>{l.title}</h1>
        <p class="meta">
          Storyline · {span(l.from, l.to)} · {plural(l.events.length, 'event')} · {plural(articles, 'article')}
        </p>
      </header>
      <ol class="line-events">
        {l.events.map((e) => (
          <li key={e.id}>
            <time class="when">{span(e.from, e.to)}</time>
            <a href={storyHref(e.id)} class="headline">
              {e.headline}
            </a>
            <span class="meta">{plural(e.articles, 'article')}</span>
            {e.link && <Why link={e.link} headlineOf={(x) => headlines.get(x) ?? x} />}
          </li>
        ))}
      </ol>
    </div>
  );
}
