import { SloServerSummary } from '@mcp-platform/plugin-mcp-insights-common';

/**
 * Least remaining error budget first; servers without calls next, servers without an SLO last.
 * The backend sorts the same way; sorting here keeps the promise whatever the source.
 */
export function sortByBudget(items: SloServerSummary[]): SloServerSummary[] {
  const key = (s: SloServerSummary) => {
    if (!s.objectives.length) return 3;
    return s.errorBudgetRemaining ?? 2;
  };
  return [...items].sort(
    (a, b) =>
      key(a) - key(b) || (a.title ?? a.name).localeCompare(b.title ?? b.name),
  );
}
