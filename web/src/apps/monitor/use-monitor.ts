import { useCallback, useEffect, useState } from 'react';
import { getJson } from './monitor-api.ts';

/** Loads `path` with the token and reloads it every `refreshMs` (the dashboard is live). */
export function useMonitor<T>(path: string | null, token: string, refreshMs = 10_000) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    if (!path) return;
    try {
      setData(await getJson<T>(path, token));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [path, token]);
  useEffect(() => {
    setData(null);
    void load();
    if (!refreshMs) return;
    const id = setInterval(() => void load(), refreshMs);
    return () => clearInterval(id);
  }, [load, refreshMs]);
  return { data, error, reload: load };
}
