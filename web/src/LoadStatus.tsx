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
