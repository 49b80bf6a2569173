import { useEffect, useRef, useState } from 'preact/hooks';
import type { Citation, Sentence, StoryBrief, Storyline } from '../../src/model';
import {
  ApiError,
  downloadExport,
  exportUrl,
  getArticle,
  getPart,
  getStory,
  hasToken,
  storylineOfStory,
  type ArticleView,
  type PagedPart,
} from './api';
import { Cites, type Highlight } from './Cite';
import { Conflicts } from './Conflicts';
import { Entities } from './Entities';
import { Quotes } from './Quotes';
import { Sources } from './Sources';
import { plural } from '../../src/render/text';
import { lastList, replaceQuery, storylineHref } from './route';
import { day, sentenceOf } from './text';
import { Timeline } from './Timeline';
import { useLoad } from './useLoad';

const TABS = ['summary', 'facts', 'timeline', 'quotes', 'entities', 'conflicts'] as const;
type Tab = (typeof TABS)[number];
type Format = 'json' | 'jsonl' | 'csv' | 'md';

/** The open tab lives in the address (#/story/<id>?tab=quotes), so a reload or a shared link keeps it. */
const tabOf = (params: URLSearchParams): Tab => TABS.find((t) => t === params.get('tab')) ?? 'summary';
function setTab(t: Tab): void {
  const p = new URLSearchParams(location.hash.split('?')[1] ?? '');
  if (t === 'summary') p.delete('tab');
  else p.set('tab', t);
  replaceQuery(p);
}

async function loadStory(
  id: string,
): Promise<{ brief: StoryBrief; sentences: Map<string, Sentence[]>; storyline: Storyline | null }> {
  const brief = await getStory(id);
  const [views, storyline] = await Promise.all([
    Promise.all(brief.articles.map((a) => getArticle(a.id))),
    storylineOfStory(brief.id),
  ]);
  // A big story's brief leaves most article texts out: the article views carry them.
  brief.articles.forEach((a, i) => (a.text ??= views[i].article.text));
  return { brief, sentences: new Map(views.map((v) => [v.article.id, v.annotations.sentences])), storyline };
}

/** Ids of the articles anything in `x` cites (every `articleId` in it). */
function citedArticles(x: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(x)) x.forEach((y) => citedArticles(y, out));
  else if (x && typeof x === 'object')
    for (const [k, v] of Object.entries(x))
      k === 'articleId' && typeof v === 'string' ? out.add(v) : citedArticles(v, out);
  return out;
}

type Loaded = { brief: StoryBrief; sentences: Map<string, Sentence[]> };

/**
 * Append the next page of a part to the loaded brief, with the articles its items cite that
 * the page does not have yet (their texts and sentences, for the citations to point into).
 */
async function loadMore({ brief, sentences }: Loaded, part: PagedPart): Promise<void> {
  const list = brief[part] as unknown[];
  const page = await getPart<unknown>(brief.id, part, list.length);
  const known = new Set(brief.articles.map((a) => a.id));
  const views: ArticleView[] = await Promise.all(
    [...citedArticles(page.items)].filter((id) => !known.has(id)).map(getArticle),
  );
  for (const { article: a, annotations } of views) {
    const { id, input, title, outlet, publishedAt, dateline, removed, text } = a;
    brief.articles.push({
      id,
      input,
      title,
      outlet,
      publishedAt,
      dateline,
      removed,
      text,
      referenceDate: null,
      sourceGroup: id,
    });
    sentences.set(id, annotations.sentences);
  }
  list.push(...page.items);
}

/** "Show more" under a part the brief cut: fetches its next page in place. */
function More({ data, part, onMore }: { data: Loaded; part: PagedPart; onMore: (p: PagedPart) => void }) {
  const shown = data.brief[part].length;
  const total = data.brief.totals?.[part] ?? shown;
  if (shown >= total) return null;
  return (
    <button type="button" class="more" onClick={() => onMore(part)}>
      Show more {part} ({shown} of {total} shown)
    </button>
  );
}

export function StoryPage({
  id,
  params,
  onUnauthorized,
}: {
  id: string;
  params: URLSearchParams;
  onUnauthorized: () => void;
}) {
  const [load, reload] = useLoad(() => loadStory(id), [id], onUnauthorized);
  const tab = tabOf(params);
  const [exportError, setExportError] = useState<string | null>(null);
  const [pinned, setPinned] = useState<Highlight>(null);
  const [preview, setPreview] = useState<Highlight>(null);
  const tabs = useRef<HTMLDivElement>(null);
  const [, setPages] = useState(0);
  const [moreError, setMoreError] = useState<string | null>(null);

  // A story opens at its top, wherever the list was scrolled to.
  useEffect(() => scrollTo(0, 0), [id]);
  // On a narrow screen the tabs are a sideways strip: keep the open one in it (without scrolling the page).
  useEffect(() => {
    const strip = tabs.current;
    const b = strip?.querySelector<HTMLElement>('[aria-selected="true"]');
    if (!strip || !b) return;
    if (b.offsetLeft < strip.scrollLeft) strip.scrollLeft = b.offsetLeft;
    else if (b.offsetLeft + b.offsetWidth > strip.scrollLeft + strip.clientWidth)
      strip.scrollLeft = b.offsetLeft + b.offsetWidth - strip.clientWidth;
  }, [tab, load.state]);

  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      if (e.key === 'Escape') {
        setPinned(null);
        setPreview(null);
      } else if (e.key === 'u') location.hash = lastList().hash;
      else if (/^[1-6]$/.test(e.key) && !e.metaKey && !e.ctrlKey) setTab(TABS[Number(e.key) - 1]);
    };
    addEventListener('keydown', on);
    return () => removeEventListener('keydown', on);
  }, []);

  if (load.state === 'loading')
    return (
      <p class="status" role="status">
        Loading story…
      </p>
    );
  if (load.state === 'error')
    return (
      <p class="status error" role="alert">
        Could not load story {id}: {load.message} <a href="#/">Back to stories</a>
      </p>
    );
  const { brief, sentences, storyline } = load.data;
  document.title = `${brief.headline} · triangulate`;
  // Behind a token a plain link cannot authenticate: fetch with it and save the answer.
  const onExport = (e: MouseEvent, f: Format) => {
    if (!hasToken()) return;
    e.preventDefault();
    setExportError(null);
    downloadExport(brief.id, f, `story-${brief.id}.${f}`).catch((err: Error) =>
      err instanceof ApiError && err.status === 401
        ? onUnauthorized()
        : setExportError(`Export failed: ${err.message}`),
    );
  };
  const onCite = (c: Citation, commit: boolean) => {
    // Highlight the whole sentence the citation falls in, so the reader sees it in context.
    const s = sentenceOf(sentences.get(c.articleId) ?? [], c) ?? c;
    const h = { articleId: c.articleId, start: s.start, end: s.end };
    // A click pins the passage and ends the preview, so the pinned one is what gets scrolled to.
    if (commit) (setPinned(h), setPreview(null));
    else setPreview(h);
  };
  const highlight = preview ?? pinned;
  const onMore = (part: PagedPart) => {
    setMoreError(null);
    loadMore(load.data, part).then(
      () => setPages((n) => n + 1),
      (err: Error) =>
        err instanceof ApiError && err.status === 401
          ? onUnauthorized()
          : setMoreError(`Loading more failed: ${err.message}`),
    );
  };
  // A cut list counts what the story has, not what the page shows (the brief's totals).
  const count = (t: Tab) => (t === 'summary' ? brief.summary.length : (brief.totals?.[t] ?? brief[t].length));

  const onTabKey = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    const next =
      e.key === 'ArrowRight'
        ? TABS[(i + 1) % TABS.length]
        : e.key === 'ArrowLeft'
          ? TABS[(i + TABS.length - 1) % TABS.length]
          : null;
    if (!next) return;
    e.preventDefault();
    setTab(next);
    tabs.current?.querySelector<HTMLButtonElement>(`#tab-${next}`)?.focus();
  };

  return (
    <div class="story">
      <header class="story-head">
        <a href={lastList().hash} class="back">
          ← Stories
        </a>
        <h1>{brief.headline}</h1>
        <p class="meta">
          {day(brief.span.from) ?? '?'}
          {brief.span.to && day(brief.span.to) !== day(brief.span.from) ? ` – ${day(brief.span.to)}` : ''} ·{' '}
          {plural(brief.totals?.articles ?? brief.articles.length, 'article')} ·{' '}
          {plural(brief.independentSources, 'independent source')}
          {brief.syndication.length ? ` · ${plural(brief.syndication.length, 'syndicated group')}` : ''}
        </p>
        {storyline && <StorylineNote storyline={storyline} storyId={brief.id} />}
        <p class="exports">
          Export:{' '}
          {(['json', 'jsonl', 'csv', 'md'] as const).map((f) => (
            <a
              key={f}
              href={exportUrl(brief.id, f)}
              download={`story-${brief.id}.${f}`}
              onClick={(e) => onExport(e, f)}
            >
              {f.toUpperCase()}
            </a>
          ))}
        </p>
        {exportError && (
          <p class="status error" role="alert">
            {exportError}
          </p>
        )}
      </header>
      <div class="panes" onMouseLeave={() => setPreview(null)}>
        <section class="analysis">
          <div class="tabs" role="tablist" aria-label="story views" ref={tabs} onKeyDown={onTabKey}>
            {TABS.map((t, i) => (
              <button
                key={t}
                id={`tab-${t}`}
                role="tab"
                type="button"
                aria-selected={tab === t}
                aria-controls={`panel-${t}`}
                tabIndex={tab === t ? 0 : -1}
                title={`key ${i + 1}`}
                onClick={() => setTab(t)}
                class={t === 'conflicts' && brief.conflicts.length ? 'has-conflicts' : ''}
              >
                {t[0].toUpperCase() + t.slice(1)} <span class="n">{count(t)}</span>
              </button>
            ))}
          </div>
          <div class="panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'summary' && (
              <ol class="summary">
                {brief.summary.map((s, i) => (
                  <li key={i}>
                    {s.text} <Cites cs={[s.citation, ...s.corroboratedBy]} brief={brief} onCite={onCite} />
                  </li>
                ))}
              </ol>
            )}
            {tab === 'facts' &&
              (brief.facts.length ? (
                <ul class="facts">
                  {brief.facts.map((f) => (
                    <li key={f.id}>
                      <span class="sources-n" title="independent sources">
                        {f.sources}
                      </span>
                      {f.text} <Cites cs={f.citations} brief={brief} onCite={onCite} />
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="status empty">No facts shared by several articles.</p>
              ))}
            {tab === 'timeline' && <Timeline brief={brief} onCite={onCite} />}
            {tab === 'quotes' && <Quotes brief={brief} onCite={onCite} />}
            {tab === 'entities' && <Entities brief={brief} onCite={onCite} onChanged={reload} />}
            {tab === 'conflicts' && <Conflicts brief={brief} onCite={onCite} />}
            {(tab === 'facts' || tab === 'quotes' || tab === 'entities' || tab === 'conflicts') && (
              <More data={load.data} part={tab} onMore={onMore} />
            )}
            {moreError && (
              <p class="status error" role="alert">
                {moreError}
              </p>
            )}
          </div>
        </section>
        <section class="sources-pane" aria-label="sources">
          <h2>Sources</h2>
          <Sources brief={brief} sentences={sentences} highlight={highlight} preview={!!preview} />
        </section>
      </div>
    </div>
  );
}

/** Where this event stands in its storyline: its place among the events, and a link to the whole line. */
function StorylineNote({ storyline, storyId }: { storyline: Storyline; storyId: string }) {
  const i = storyline.events.findIndex((e) => e.id === storyId);
  return (
    <p class="storyline-note">
      Event {i + 1} of {storyline.events.length} in the storyline{' '}
      <a href={storylineHref(storyline.id)}>{storyline.title}</a>
      {storyline.from ? ` (${day(storyline.from)} – ${day(storyline.to) ?? '?'})` : ''}
    </p>
  );
}
