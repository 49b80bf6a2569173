import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';

export type Load<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/** Run `fn` whenever `deps` change; stale answers are dropped. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[], onUnauthorized: () => void): [Load<T>, () => void] {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoad((l) => (l.state === 'ready' ? l : { state: 'loading' }));
    fn().then(
      (data) => live && setLoad({ state: 'ready', data }),
      (e: unknown) => {
        if (!live) return;
        if (e instanceof ApiError && e.status === 401) onUnauthorized();
        setLoad({ state: 'error', message: (e as Error).message });
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return [load, () => setTick((t) => t + 1)];
}
