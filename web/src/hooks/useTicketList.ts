import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiError, listTickets } from '../api';
import { useLanguage } from '../i18n/I18nProvider';
import type { TicketQuery, TicketSummary } from '../types';
import { toApiError } from './useResource';

// A ticket list that grows page by page ("Weitere laden") via the server's nextCursor.

export interface TicketList {
  items: TicketSummary[];
  loading: boolean;
  error: ApiError | undefined;
  hasMore: boolean;
  loadMore: () => void;
}

interface ListState {
  key: string;
  items: TicketSummary[];
  nextCursor: string | null;
  error?: ApiError;
}

export function useTicketList(query: TicketQuery): TicketList {
  const { lang } = useLanguage();
  const key = `${JSON.stringify(query)}|${lang}`;
  const queryRef = useRef(query);
  queryRef.current = query;
  const [state, setState] = useState<ListState>({ key: '', items: [], nextCursor: null });
  const [loading, setLoading] = useState(true);
  const pending = useRef<AbortController | null>(null);

  const fetchPage = useCallback((listKey: string, cursor: string | undefined) => {
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    setLoading(true);
    listTickets({ ...queryRef.current, cursor }, controller.signal).then(
      (page) => {
        setState((previous) => ({
          key: listKey,
          items: cursor && previous.key === listKey ? [...previous.items, ...page.items] : page.items,
          nextCursor: page.nextCursor,
        }));
        setLoading(false);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((previous) => ({
          key: listKey,
          items: previous.key === listKey ? previous.items : [],
          nextCursor: previous.key === listKey ? previous.nextCursor : null,
          error: toApiError(error),
        }));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    fetchPage(key, undefined);
    return () => pending.current?.abort();
  }, [key, fetchPage]);

  const loadMore = useCallback(() => {
    if (state.nextCursor && !loading) fetchPage(key, state.nextCursor);
  }, [state.nextCursor, loading, key, fetchPage]);

  const current = state.key === key;
  return {
    items: current ? state.items : [],
    loading,
    error: current ? state.error : undefined,
    hasMore: current && state.nextCursor !== null,
    loadMore,
  };
}
