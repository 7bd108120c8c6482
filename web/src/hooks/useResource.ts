import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';
import { useLanguage } from '../i18n/I18nProvider';

// Loads data for a page. Reloads when `key` or the UI language changes (names come translated
// from the server). While reloading, the previous data stays on screen so forms keep their focus.

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
  replace: (data: T) => void;
}

interface Loaded<T> {
  key: string;
  data?: T;
  error?: ApiError;
}

export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Resource<T> {
  const { lang } = useLanguage();
  const fullKey = `${key}|${lang}`;
  const loadRef = useRef(load);
  loadRef.current = load;
  const [generation, setGeneration] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<T> | null>(null);
  const [loading, setLoading] = useState(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: fullKey and generation are the reload triggers
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadRef.current(controller.signal).then(
      (data) => {
        setLoaded({ key, data });
        setLoading(false);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoaded({ key, error: toApiError(error) });
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [fullKey, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const replace = useCallback((data: T) => setLoaded({ key, data }), [key]);
  const current = loaded?.key === key;
  return {
    data: current ? loaded?.data : undefined,
    error: current ? loaded?.error : undefined,
    loading,
    reload,
    replace,
  };
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({ type: 'about:blank', title: String(error), status: 500 });
}
