import {
  ConsumerCostSummary,
  DIRECT_USAGE,
  UNALLOCATED_TEAM,
} from '@mcp-platform/plugin-mcp-insights-common';
import { addInto, Amounts, breakdown, totalOf, zero } from './amounts';
import { Attribution } from './attributeSpend';
import { TeamHierarchy } from './TeamHierarchy';

/** Calls, errors, spend and servers of one consumer (or a team and its descendants). */
export interface ConsumerSums {
  calls: number;
  errors: number;
  amounts: Amounts;
  servers: Set<string>;
}

export const emptySums = (): ConsumerSums => ({
  calls: 0,
  errors: 0,
  amounts: zero(),
  servers: new Set(),
});

/** A part's share of a whole, rounded to 6 decimals; null when the whole is nothing. */
export const shareOf = (part: Amounts, whole: Amounts | undefined) => {
  const total = whole ? totalOf(whole) : 0;
  return total > 0 ? Math.round((totalOf(part) / total) * 1e6) / 1e6 : null;
};

/** A group, a team charged with something, or one of the two keys that always exist. */
export function isKnownConsumer(
  team: string,
  hierarchy: TeamHierarchy,
  own: Map<string, ConsumerSums>,
): boolean {
  return (
    team === DIRECT_USAGE ||
    team === UNALLOCATED_TEAM ||
    hierarchy.has(team) ||
    own.has(team)
  );
}

/** A group and every group below it; other consumers stand alone. */
export function teamSet(hierarchy: TeamHierarchy, team: string): string[] {
  return hierarchy.has(team) ? hierarchy.withDescendants(team) : [team];
}

/** Each consumer's own (not rolled-up) sums. */
export function ownSums(rows: Attribution[]): Map<string, ConsumerSums> {
  const result = new Map<string, ConsumerSums>();
  for (const row of rows) {
    const sums = result.get(row.consumer) ?? emptySums();
    sums.calls += row.calls;
    sums.errors += row.errors;
    addInto(sums.amounts, row.amounts);
    sums.servers.add(row.serverRef);
    result.set(row.consumer, sums);
  }
  return result;
}

/** A consumer's summary, its child groups rolled up. */
export function summaryOf(
  team: string,
  hierarchy: TeamHierarchy,
  own: Map<string, ConsumerSums>,
): ConsumerCostSummary {
  const rolled = emptySums();
  for (const member of teamSet(hierarchy, team)) {
    const sums = own.get(member);
    if (!sums) continue;
    rolled.calls += sums.calls;
    rolled.errors += sums.errors;
    addInto(rolled.amounts, sums.amounts);
    for (const s of sums.servers) rolled.servers.add(s);
  }
  return {
    team,
    title: hierarchy.get(team)?.title,
    parent: hierarchy.parentOf(team),
    children: hierarchy.childrenOf(team),
    calls: rolled.calls,
    errors: rolled.errors,
    cost: breakdown(rolled.amounts),
    serverCount: rolled.servers.size,
  };
}
