import { useEffect, useState } from 'preact/hooks';

// Hash routes: "#/" (story list, filters in the query), "#/story/<id>", "#/storylines"
// (storyline list, page in the query) and "#/storyline/<id>".

export type Route =
  | { page: 'list' | 'storylines'; params: URLSearchParams }
  | { page: 'story' | 'storyline'; id: string; params: URLSearchParams };

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const m = /^\/(story|storyline)\/([A-Za-z0-9_-]+)$/.exec(path);
  if (m) return { page: m[1] as 'story' | 'storyline', id: m[2], params };
  return { page: path === '/storylines' ? 'storylines' : 'list', params };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

export const storyHref = (id: string) => `#/story/${id}`;
export const storylineHref = (id: string) => `#/storyline/${id}`;

// The list keeps its filters and page in its hash; remembered for the session so that
// "← Stories" and `u` return to the same list, with the cursor where it was.
const LIST_KEY = 'triangulate-list';

export function rememberList(hash: string, cursor: number): void {
  sessionStorage.setItem(LIST_KEY, JSON.stringify({ hash: hash || '#/', cursor }));
}

export function lastList(): { hash: string; cursor: number } {
  try {
    const v = JSON.parse(sessionStorage.getItem(LIST_KEY) ?? 'null') as { hash?: unknown; cursor?: unknown } | null;
    if (v && typeof v.hash === 'string' && v.hash.startsWith('#/') && !/^#\/story(line)?\//.test(v.hash))
      return { hash: v.hash, cursor: Math.max(0, Number(v.cursor) || 0) };
  } catch {
    // A damaged entry is forgotten.
  }
  return { hash: '#/', cursor: 0 };
}

/** Replace the query of the current hash route without a new history entry, and tell the router. */
export function replaceQuery(params: URLSearchParams): void {
  const path = location.hash.split('?')[0] || '#/';
  const q = params.toString();
  history.replaceState(null, '', `${path}${q ? `?${q}` : ''}`);
  dispatchEvent(new HashChangeEvent('hashchange'));
}
