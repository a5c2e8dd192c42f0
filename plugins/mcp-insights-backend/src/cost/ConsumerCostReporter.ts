import {
  CONSUMER_COST_CSV_COLUMNS,
  ConsumedServerCost,
  ConsumerCostListResponse,
  ConsumerCostReport,
  ConsumerShare,
  DailyCost,
  DIRECT_USAGE,
  GatewayObservedUsage,
  UNALLOCATED_TEAM,
} from '@mcp-platform/plugin-mcp-insights-common';
import { HiddenServers, NOTHING_HIDDEN } from '../access/ServerVisibility';
import {
  DirectoryStore,
  ServerRecord,
  UsageSumStore,
} from '../database/InsightsStore';
import { latencyQuantile } from '../rollups/latencyBuckets';
import { DAY, isoDay } from '../rollups/time';
import {
  addInto,
  Amounts,
  breakdown,
  csvCell,
  DailyMap,
  money,
  totalOf,
  zero,
} from './amounts';
import { Attribution, attributeSpend } from './attributeSpend';
import {
  ConsumerSums,
  emptySums,
  isKnownConsumer,
  ownSums,
  shareOf,
  summaryOf,
  teamSet,
} from './consumerSums';
import { CostModel } from './CostModel';
import { publicPeriod, ResolvedPeriod, resolvePeriod } from './costPeriod';
import { TeamHierarchy } from './TeamHierarchy';

/** Which servers an attribution reads. */
interface ServerFilter {
  serverRefs?: string[];
  excludeServerRefs?: string[];
}

/**
 * Spend by consuming team: who caused a server's spend by calling it through the MCP gateway.
 *
 * A server's spend on a day (compute, LLM tokens and other costs, from the cost model, as the
 * owning-team reports count it) is split among the teams whose calls the gateway relayed that
 * day, in proportion to their calls; gateway callers without a team are `unallocated`. On a day
 * without relayed calls the spend is `direct` (direct or unmetered use) and stays with the
 * owning team. That is the same per-day choice the call counts make (see `sumObservedUsage`):
 * on a day with relayed calls, a server's calls are the gateway's. So every server's spend is
 * charged exactly once: the consumers of a server add up to its spend, and the consumer view's
 * total is the owning-team view's.
 */
export class ConsumerCostReporter {
  constructor(
    private readonly deps: {
      store: DirectoryStore & UsageSumStore;
      costModel: CostModel;
      now?: () => number;
    },
  ) {}

  /** Every consuming team with spend or calls (and the groups above them), most expensive first. */
  async consumers(
    month?: string,
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<ConsumerCostListResponse> {
    const { period, hierarchy, rows } = await this.load(month, hidden);
    const own = ownSums(rows);
    const total = zero();
    const attributed = zero();
    for (const row of rows) {
      addInto(total, row.amounts);
      if (row.consumer !== DIRECT_USAGE) addInto(attributed, row.amounts);
    }
    const teams = new Set<string>();
    for (const consumer of own.keys()) {
      for (
        let t: string | undefined = consumer;
        t && !teams.has(t);
        t = hierarchy.parentOf(t)
      ) {
        teams.add(t);
      }
    }
    return {
      currency: this.deps.costModel.currency,
      asOf: new Date(period.asOfMs).toISOString(),
      period: publicPeriod(period),
      total: breakdown(total),
      attributed: breakdown(attributed),
      teams: [...teams]
        .map(team => summaryOf(team, hierarchy, own))
        .sort(
          (a, b) =>
            b.cost.total - a.cost.total ||
            b.calls - a.calls ||
            a.team.localeCompare(b.team),
        ),
    };
  }

  /**
   * What one consuming team (its child groups included) spent through the gateway; undefined
   * for a team that is neither a group nor charged with anything.
   */
  async consumerReport(
    team: string,
    month?: string,
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<ConsumerCostReport | undefined> {
    const { period, hierarchy, rows, servers } = await this.load(month, hidden);
    const own = ownSums(rows);
    const members = new Set(teamSet(hierarchy, team));
    if (!isKnownConsumer(team, hierarchy, own)) return undefined;
    const serverTotals = new Map<string, Amounts>();
    const daily: DailyMap = new Map();
    const byServer = new Map<string, ConsumerSums>();
    for (const row of rows) {
      const serverTotal = serverTotals.get(row.serverRef) ?? zero();
      addInto(serverTotal, row.amounts);
      serverTotals.set(row.serverRef, serverTotal);
      if (!members.has(row.consumer)) continue;
      const day = daily.get(row.day) ?? zero();
      addInto(day, row.amounts);
      daily.set(row.day, day);
      const sums = byServer.get(row.serverRef) ?? emptySums();
      sums.calls += row.calls;
      sums.errors += row.errors;
      addInto(sums.amounts, row.amounts);
      byServer.set(row.serverRef, sums);
    }
    const serverCosts: ConsumedServerCost[] = [...byServer].map(
      ([serverRef, sums]) => {
        const record = servers.get(serverRef);
        return {
          serverRef,
          name: record?.name ?? serverRef.replace(/^.*\//, ''),
          title: record?.title,
          ownerTeam: record?.teamRef ?? UNALLOCATED_TEAM,
          calls: sums.calls,
          errors: sums.errors,
          ...breakdown(sums.amounts),
          share: shareOf(sums.amounts, serverTotals.get(serverRef)),
        };
      },
    );
    serverCosts.sort(
      (a, b) => b.total - a.total || a.serverRef.localeCompare(b.serverRef),
    );
    const series: DailyCost[] = [];
    for (let day = period.monthStart; day <= period.endDay; day += DAY) {
      series.push({
        date: isoDay(day),
        ...breakdown(daily.get(day) ?? zero()),
      });
    }
    return {
      ...summaryOf(team, hierarchy, own),
      currency: this.deps.costModel.currency,
      asOf: new Date(period.asOfMs).toISOString(),
      period: publicPeriod(period),
      daily: series,
      servers: serverCosts,
      childTeams: hierarchy
        .childrenOf(team)
        .map(child => summaryOf(child, hierarchy, own))
        .filter(s => s.calls > 0 || s.cost.total > 0),
    };
  }

  /** What the gateway observed of one server in a month, and its spend by consuming team. */
  async serverConsumers(
    serverRef: string,
    month?: string,
  ): Promise<{
    gateway: GatewayObservedUsage | null;
    consumers: ConsumerShare[];
  }> {
    const period = resolvePeriod(month, this.now());
    const [rows, [observed], teams] = await Promise.all([
      this.attribute(period, { serverRefs: [serverRef] }),
      this.deps.store.sumUsage({
        table: 'gateway_daily',
        from: period.monthStart,
        to: period.endDay + DAY,
        serverRefs: [serverRef],
        tools: 'all',
        groupBy: [],
      }),
      this.deps.store.listTeams(),
    ]);
    const hierarchy = new TeamHierarchy(teams);
    const total = zero();
    const byConsumer = new Map<string, ConsumerSums>();
    const relayedDays = new Set<number>();
    for (const row of rows) {
      addInto(total, row.amounts);
      const sums = byConsumer.get(row.consumer) ?? emptySums();
      sums.calls += row.calls;
      addInto(sums.amounts, row.amounts);
      byConsumer.set(row.consumer, sums);
      if (row.consumer !== DIRECT_USAGE) relayedDays.add(row.day);
    }
    const consumers: ConsumerShare[] = [...byConsumer]
      .map(([team, sums]) => ({
        team,
        title: hierarchy.get(team)?.title,
        calls: sums.calls,
        ...breakdown(sums.amounts),
        share: shareOf(sums.amounts, total),
      }))
      .sort(
        (a, b) =>
          b.total - a.total ||
          b.calls - a.calls ||
          a.team.localeCompare(b.team),
      );
    const gateway: GatewayObservedUsage | null =
      observed && observed.calls > 0
        ? {
            calls: observed.calls,
            errors: observed.errors,
            requestBytes: observed.traffic?.requestBytes ?? 0,
            responseBytes: observed.traffic?.responseBytes ?? 0,
            estimatedInputTokens: observed.traffic?.estimatedInputTokens ?? 0,
            estimatedOutputTokens: observed.traffic?.estimatedOutputTokens ?? 0,
            p95LatencyMs: roundMs(latencyQuantile(observed.latency, 0.95)),
            days: relayedDays.size,
          }
        : null;
    return { gateway, consumers };
  }

  /**
   * CSV of spend by consuming team (`team` and its child groups, or everyone): one row per day,
   * consumer and server. Undefined for an unknown team.
   */
  async csv(
    team: string | undefined,
    month: string | undefined,
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<string | undefined> {
    const { hierarchy, rows, servers } = await this.load(month, hidden);
    let members: Set<string> | undefined;
    if (team) {
      if (!isKnownConsumer(team, hierarchy, ownSums(rows))) return undefined;
      members = new Set(teamSet(hierarchy, team));
    }
    const currency = this.deps.costModel.currency;
    const lines = [CONSUMER_COST_CSV_COLUMNS.join(',')];
    const selected = rows
      .filter(r => !members || members.has(r.consumer))
      .sort(
        (a, b) =>
          a.day - b.day ||
          a.consumer.localeCompare(b.consumer) ||
          a.serverRef.localeCompare(b.serverRef),
      );
    for (const r of selected) {
      lines.push(
        [
          isoDay(r.day),
          r.consumer,
          r.serverRef,
          servers.get(r.serverRef)?.teamRef ?? UNALLOCATED_TEAM,
          r.calls,
          r.errors,
          money(r.amounts.compute),
          money(r.amounts.llmTokens),
          money(r.amounts.other),
          money(totalOf(r.amounts)),
          currency,
        ]
          .map(csvCell)
          .join(','),
      );
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  private async load(month: string | undefined, hidden: HiddenServers) {
    const period = resolvePeriod(month, this.now());
    const excludeServerRefs = hidden.refs.size ? [...hidden.refs] : undefined;
    const [rows, teams, servers] = await Promise.all([
      this.attribute(period, { excludeServerRefs }),
      this.deps.store.listTeams(),
      this.deps.store.listServers({ includeRemoved: true }),
    ]);
    return {
      period,
      hierarchy: new TeamHierarchy(teams),
      rows,
      servers: new Map<string, ServerRecord>(
        servers.map(s => [s.serverRef, s]),
      ),
    };
  }

  /** Every server's spend of the month, per day, charged to its consumers. */
  private async attribute(
    period: ResolvedPeriod,
    filter: ServerFilter,
  ): Promise<Attribution[]> {
    const from = period.monthStart;
    const to = period.endDay + DAY;
    const [usage, compute, relayed] = await Promise.all([
      this.deps.store.sumUsage({
        table: 'usage_daily',
        measures: 'cost',
        from,
        to,
        ...filter,
        tools: 'all',
        groupBy: ['server', 'ts'],
      }),
      this.deps.store.sumCompute({
        fromDay: from,
        toDay: to,
        ...filter,
        groupBy: ['server', 'day'],
      }),
      this.deps.store.sumUsage({
        table: 'gateway_daily',
        measures: 'cost',
        from,
        to,
        ...filter,
        tools: 'all',
        groupBy: ['server', 'ts', 'consumer'],
      }),
    ]);
    return attributeSpend({ usage, compute, relayed });
  }
}

function roundMs(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}
