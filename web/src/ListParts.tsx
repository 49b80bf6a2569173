import { PAGE_SIZE } from './api';
import type { Load } from './useLoad';

/** The line a list shows instead of its items: loading, the error, or why it is empty. */
export function LoadStatus<T extends { items: unknown[] }>(props: {
  load: Load<T>;
  what: string;
  empty: (data: T) => string;
}) {
  const { load, what } = props;
  if (load.state === 'loading')
    return (
      <p class="status" role="status">
        {`Loading ${what}…`}
      </p>
    );
  if (load.state === 'error')
    return (
      <p class="status error" role="alert">
        {`Could not load ${what}: ${load.message}`}
      </p>
    );
  if (load.data.items.length > 0) return null;
  return (
    <p class="status empty" role="status">
      {props.empty(load.data)}
    </p>
  );
}

/** Newer / older buttons of a paged list; `go` moves to another offset. */
export function Pager(props: { offset: number; shown: number; total: number; go: (offset: number) => void }) {
  const { offset, shown, total, go } = props;
  return (
    <nav class="pager" aria-label="pages">
      <button type="button" disabled={offset === 0} onClick={() => go(Math.max(0, offset - PAGE_SIZE))}>
        ← Newer
      </button>
      <span>
        {offset + 1}–{offset + shown} of {total}
      </span>
      <button type="button" disabled={offset + PAGE_SIZE >= total} onClick={() => go(offset + PAGE_SIZE)}>
        Older →
      </button>
    </nav>
  );
}
