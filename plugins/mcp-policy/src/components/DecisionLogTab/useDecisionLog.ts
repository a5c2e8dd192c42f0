import { useApi } from '@backstage/core-plugin-api';
import {
  DecisionLogEntry,
  DecisionLogFilter,
} from '@mcp-platform/plugin-mcp-policy-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { mcpPolicyApiRef } from '../../api';

const PAGE_SIZE = 50;

/** The decision log for a filter, newest first, one page at a time. */
export function useDecisionLog(filter: DecisionLogFilter) {
  const api = useApi(mcpPolicyApiRef);
  const [items, setItems] = useState<DecisionLogEntry[]>([]);
  const [nextCursor, setNextCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<Error>();
  // Answers to an older filter arrive late sometimes; only the latest request may write.
  const generation = useRef(0);

  const fetchPage = useCallback(
    async (cursor: string | undefined) => {
      const mine = ++generation.current;
      if (cursor) setLoadingMore(true);
      else setLoading(true);
      setError(undefined);
      try {
        const page = await api.getDecisions({
          ...filter,
          limit: PAGE_SIZE,
          cursor,
        });
        if (mine !== generation.current) return;
        setItems(prev => (cursor ? [...prev, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
      } catch (e) {
        if (mine === generation.current) setError(e as Error);
      } finally {
        if (mine === generation.current) {
          setLoading(false);
          setLoadingMore(false);
        }
      }
    },
    [api, filter],
  );

  useEffect(() => {
    setItems([]);
    setNextCursor(undefined);
    fetchPage(undefined);
  }, [fetchPage]);

  const loadMore = useCallback(() => {
    if (nextCursor) fetchPage(nextCursor);
  }, [fetchPage, nextCursor]);

  return { items, nextCursor, loading, loadingMore, error, loadMore };
}
