import type {
  ArticleAnalysis,
  Article,
  Page,
  StoryBrief,
  Storyline,
  StorylineSummary,
  StorySummary,
} from '../../src/model';

// The UI's only door to the server. A token (needed when the server is not on
// loopback) is kept for the browser session only.

const TOKEN_KEY = 'triangulate-token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export const hasToken = (): boolean => !!sessionStorage.getItem(TOKEN_KEY);

function authHeaders(): Record<string, string> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders() };
  if (init.body) headers['content-type'] = 'application/json';
  const res = await fetch(path, { ...init, headers });
  const body = await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiError(res.status, (body as { message?: string } | null)?.message ?? `${res.status} ${res.statusText}`);
  return body as T;
}

export interface StoryFilters {
  q: string;
  entity: string;
  outlet: string;
  from: string;
  to: string;
  offset: number;
}

export const PAGE_SIZE = 20;

export function listStories(f: StoryFilters): Promise<Page<StorySummary>> {
  const p = new URLSearchParams();
  for (const k of ['q', 'entity', 'outlet', 'from', 'to'] as const) if (f[k].trim()) p.set(k, f[k].trim());
  p.set('limit', String(PAGE_SIZE));
  p.set('offset', String(f.offset));
  return request(`/api/stories?${p}`);
}

export const getStory = (id: string) => request<StoryBrief>(`/api/stories/${encodeURIComponent(id)}`);

export const listStorylines = (offset: number) =>
  request<Page<StorylineSummary>>(`/api/storylines?limit=${PAGE_SIZE}&offset=${offset}`);
export const getStoryline = (id: string) => request<Storyline>(`/api/storylines/${encodeURIComponent(id)}`);

/** The storyline a story belongs to, or null if it belongs to none. */
export const storylineOfStory = async (id: string) =>
  (await request<{ storyline: Storyline | null }>(`/api/stories/${encodeURIComponent(id)}/storyline`)).storyline;

/** Parts of a brief the page can ask for more of: lists the brief cuts from the head. */
export type PagedPart = 'facts' | 'quotes' | 'entities' | 'conflicts';
export const PART_PAGE = 50;

/** The next page of one part of a story, from `offset` (the items the page already shows). */
export function getPart<T>(storyId: string, part: PagedPart, offset: number): Promise<Page<T>> {
  return request(`/api/stories/${encodeURIComponent(storyId)}/${part}?limit=${PART_PAGE}&offset=${offset}`);
}

export type ArticleView = { article: Article; storyId: string | null; annotations: Omit<ArticleAnalysis, 'tokens'> };
export const getArticle = (id: string) => request<ArticleView>(`/api/articles/${encodeURIComponent(id)}`);

export const mergeEntities = (storyId: string, entityIds: string[]) =>
  request(`/api/stories/${encodeURIComponent(storyId)}/entities/merge`, {
    method: 'POST',
    body: JSON.stringify({ entityIds }),
  });
export const splitAlias = (storyId: string, entityId: string, alias: string) =>
  request(`/api/stories/${encodeURIComponent(storyId)}/entities/${encodeURIComponent(entityId)}/split`, {
    method: 'POST',
    body: JSON.stringify({ alias }),
  });

export const exportUrl = (storyId: string, format: 'json' | 'jsonl' | 'csv' | 'md') =>
  `/api/stories/${encodeURIComponent(storyId)}/export?format=${format}`;

/** Fetch an export with the token and save it under `name` (a plain link cannot send the token). */
export async function downloadExport(
  storyId: string,
  format: 'json' | 'jsonl' | 'csv' | 'md',
  name: string,
): Promise<void> {
  const res = await fetch(exportUrl(storyId, format), { headers: authHeaders() });
  if (!res.ok) throw new ApiError(res.status, `${res.status} ${res.statusText}`);
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
