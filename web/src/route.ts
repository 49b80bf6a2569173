import { useEffect, useState } from 'preact/hooks';

// Hash routes: "#/" (story list, filters in the query) and "#/story/<id>".

export type Route = { page: 'list'; params: URLSearchParams } | { page: 'story'; id: string; params: URLSearchParams };

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const m = /^\/story\/([A-Za-z0-9_-]+)$/.exec(path);
  return m ? { page: 'story', id: m[1], params } : { page: 'list', params };
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
