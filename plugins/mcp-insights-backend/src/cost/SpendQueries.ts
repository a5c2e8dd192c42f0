import {
  ALL_TOOLS,
  ModelCost,
  ServerCost,
  ToolCost,
  UNALLOCATED_TEAM,
} from '@mcp-platform/plugin-mcp-insights-common';
import { HiddenServers, NOTHING_HIDDEN } from '../access/ServerVisibility';
import {
  DirectoryStore,
  ServerRecord,
  TeamDailyRow,
  UsageSumStore,
} from '../database/InsightsStore';
import { sumObservedUsage } from '../observation/sumObservedUsage';
import { DAY } from '../rollups/time';
import { Amounts, breakdown, DailyMap, money, totalOf, zero } from './amounts';
import { ResolvedPeriod, resolvePeriod } from './costPeriod';
import { BASELINE_DAYS } from './spendForecast';
import { TeamHierarchy } from './TeamHierarchy';

/** Which rows a per-server query reads. */
export interface ServerFilter {
  teamRefs?: string[];
  serverRefs?: string[];
  /** Servers the caller may not see. */
  excludeServerRefs?: string[];
}

/** The refs to leave out of queries, or undefined when nothing is hidden. */
export const excludedRefs = (hidden: HiddenServers) =>
  hidden.refs.size ? [...hidden.refs] : undefined;

/** Everything the team reports need, read once for the period. */
export interface PeriodData {
  period: ResolvedPeriod;
  /** Servers the caller may not see: left out of every sum. */
  excludeServerRefs?: string[];
  hierarchy: TeamHierarchy;
  /** Own (not rolled-up) daily spend per team. */
  teamDaily: Map<string, DailyMap>;
  /** Servers with spend or calls per team, own. */
  teamServers: Map<string, Set<string>>;
}

/**
 * The reads the cost reports share: a period's team spend, servers' daily spend, servers with
 * their tools, token spend per model. Each answers as if the servers a caller may not see did
 * not exist: team totals are then summed from the per-server tables instead of the per-team one.
 */
export class SpendQueries {
  constructor(
    private readonly deps: {
      store: DirectoryStore & UsageSumStore;
      now?: () => number;
    },
  ) {}

  /** The month to report (default the current one), as of now. */
  period(month: string | undefined): ResolvedPeriod {
    return resolvePeriod(month, (this.deps.now ?? Date.now)());
  }

  /** Own daily spend of every team from the previous month's start to the period's end. */
  async load(
    month: string | undefined,
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<PeriodData> {
    const { store } = this.deps;
    const period = this.period(month);
    const hierarchy = new TeamHierarchy(await store.listTeams());
    const from = Math.min(
      period.previousStartDay,
      period.monthStart - BASELINE_DAYS * DAY,
    );
    const to = period.endDay + DAY;
    const excludeServerRefs = excludedRefs(hidden);
    const [days, servers] = await Promise.all([
      excludeServerRefs
        ? this.teamDailyWithout(from, to, excludeServerRefs)
        : store.sumTeamDaily({
            fromDay: from,
            toDay: to,
            groupBy: ['team', 'day'],
          }),
      store.listServers({ includeRemoved: true }),
    ]);
    const teamDaily = new Map<string, DailyMap>();
    for (const d of days) {
      const daily = teamDaily.get(d.teamRef!) ?? new Map<number, Amounts>();
      teamDaily.set(d.teamRef!, daily);
      daily.set(d.day!, {
        compute: d.computeCost,
        llmTokens: d.tokenCost,
        other: d.otherCost,
      });
    }
    // Servers the team owned while the period ran.
    const teamServers = new Map<string, Set<string>>();
    for (const server of servers) {
      if (
        server.removedAt !== undefined &&
        server.removedAt < period.monthStart * 1000
      )
        continue;
      if (server.firstSeenAt > period.asOfMs) continue;
      if (hidden.has(server.serverRef)) continue;
      const set = teamServers.get(server.teamRef) ?? new Set<string>();
      set.add(server.serverRef);
      teamServers.set(server.teamRef, set);
    }
    return { period, excludeServerRefs, hierarchy, teamDaily, teamServers };
  }

  /**
   * Daily spend per server: from the previous period's start (`withPrevious`), else over the
   * spike window (the period's last 7 days and the 7 before them).
   */
  async serverDaily(
    period: ResolvedPeriod,
    filter: ServerFilter,
    withPrevious: boolean,
  ): Promise<Map<string, DailyMap>> {
    const from = withPrevious
      ? Math.min(
          period.previousStartDay,
          period.monthStart - BASELINE_DAYS * DAY,
        )
      : period.endDay - (2 * BASELINE_DAYS - 1) * DAY;
    const to = period.endDay + DAY;
    const [usage, compute] = await Promise.all([
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
    ]);
    const result = new Map<string, DailyMap>();
    const dayOf = (key: string, day: number) => {
      const daily = result.get(key) ?? new Map<number, Amounts>();
      result.set(key, daily);
      const a = daily.get(day) ?? zero();
      daily.set(day, a);
      return a;
    };
    for (const u of usage) {
      const a = dayOf(u.serverRef!, u.ts!);
      a.llmTokens += u.tokenCost;
      a.other += u.otherCost;
    }
    for (const c of compute) dayOf(c.serverRef!, c.day!).compute += c.cost;
    return result;
  }

  /**
   * Servers with their tools over the month, most expensive first. A tool's cost is its direct
   * spend (tokens, other costs) plus a share of the server's shared spend (compute, spend not
   * tied to a tool) in proportion to its calls.
   */
  async serverCosts(
    period: ResolvedPeriod,
    filter: ServerFilter,
  ): Promise<ServerCost[]> {
    const { store } = this.deps;
    const to = period.endDay + DAY;
    // One read of every tool's rows (the all-tools `*` rows among them) for the month.
    const [rows, compute, known] = await Promise.all([
      sumObservedUsage(store, {
        table: 'usage_daily',
        measures: 'cost',
        from: period.monthStart,
        to,
        ...filter,
        tools: 'any',
        groupBy: ['server', 'tool'],
      }),
      store.sumCompute({
        fromDay: period.monthStart,
        toDay: to,
        ...filter,
        groupBy: ['server'],
      }),
      store.listServers({ includeRemoved: true }),
    ]);
    const totals = rows.filter(r => r.toolName === ALL_TOOLS);
    const tools = rows.filter(r => r.toolName !== ALL_TOOLS);
    const byRef = new Map<string, ServerRecord>(
      known.map(s => [s.serverRef, s]),
    );
    const computeOf = new Map(compute.map(c => [c.serverRef!, c.cost]));
    const toolsOf = new Map<string, typeof tools>();
    for (const t of tools) {
      const list = toolsOf.get(t.serverRef!) ?? [];
      list.push(t);
      toolsOf.set(t.serverRef!, list);
    }
    const refs = new Set([
      ...totals.map(t => t.serverRef!),
      ...computeOf.keys(),
    ]);
    const totalsOf = new Map(totals.map(t => [t.serverRef!, t]));
    const result: ServerCost[] = [];
    for (const ref of refs) {
      const total = totalsOf.get(ref);
      const amounts: Amounts = {
        compute: computeOf.get(ref) ?? 0,
        llmTokens: total?.tokenCost ?? 0,
        other: total?.otherCost ?? 0,
      };
      const calls = total?.calls ?? 0;
      const toolRows = toolsOf.get(ref) ?? [];
      const direct = toolRows.reduce(
        (s, t) => s + t.tokenCost + t.otherCost,
        0,
      );
      const sharedPool =
        amounts.compute +
        Math.max(0, amounts.llmTokens + amounts.other - direct);
      const toolCosts: ToolCost[] = toolRows.map(t => {
        const directCost = t.tokenCost + t.otherCost;
        const sharedCost = calls > 0 ? (sharedPool * t.calls) / calls : 0;
        const totalCost = directCost + sharedCost;
        return {
          tool: t.toolName!,
          calls: t.calls,
          errors: t.errors,
          directCost: money(directCost),
          sharedCost: money(sharedCost),
          totalCost: money(totalCost),
          costPer1000Calls:
            t.calls > 0 ? money((totalCost / t.calls) * 1000) : null,
        };
      });
      toolCosts.sort(
        (a, b) => b.totalCost - a.totalCost || a.tool.localeCompare(b.tool),
      );
      const record = byRef.get(ref);
      result.push({
        serverRef: ref,
        name: record?.name ?? ref.replace(/^.*\//, ''),
        title: record?.title,
        team: record?.teamRef ?? UNALLOCATED_TEAM,
        ...breakdown(amounts),
        calls,
        errors: total?.errors ?? 0,
        costPer1000Calls:
          calls > 0 ? money((totalOf(amounts) / calls) * 1000) : null,
        tools: toolCosts,
      });
    }
    return result.sort(
      (a, b) => b.total - a.total || a.serverRef.localeCompare(b.serverRef),
    );
  }

  /** Token spend per model over the month, most expensive first. */
  async models(
    period: ResolvedPeriod,
    filter: ServerFilter,
  ): Promise<ModelCost[]> {
    const rows = await this.deps.store.sumTokens({
      fromDay: period.monthStart,
      toDay: period.endDay + DAY,
      ...filter,
      groupBy: ['model'],
    });
    return rows
      .map(r => ({
        model: r.model!,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
        cachedTokens: r.cachedTokens,
        cost: money(r.cost),
      }))
      .sort((a, b) => b.cost - a.cost || a.model.localeCompare(b.model));
  }

  /**
   * The per-team daily table's sums without some servers, from the per-server tables it is
   * made of (the all-tools daily rollups and the compute rows).
   */
  private async teamDailyWithout(
    fromDay: number,
    toDay: number,
    excludeServerRefs: string[],
  ): Promise<TeamDailyRow[]> {
    const [usage, compute] = await Promise.all([
      this.deps.store.sumUsage({
        table: 'usage_daily',
        measures: 'cost',
        from: fromDay,
        to: toDay,
        excludeServerRefs,
        tools: 'all',
        groupBy: ['team', 'ts'],
      }),
      this.deps.store.sumCompute({
        fromDay,
        toDay,
        excludeServerRefs,
        groupBy: ['team', 'day'],
      }),
    ]);
    const rows = new Map<string, TeamDailyRow>();
    const rowOf = (teamRef: string, day: number) => {
      const key = `${day}|${teamRef}`;
      let row = rows.get(key);
      if (!row) {
        row = {
          teamRef,
          day,
          calls: 0,
          errors: 0,
          tokenCost: 0,
          otherCost: 0,
          computeCost: 0,
        };
        rows.set(key, row);
      }
      return row;
    };
    for (const u of usage) {
      const row = rowOf(u.teamRef!, u.ts!);
      row.calls += u.calls;
      row.errors += u.errors;
      row.tokenCost += u.tokenCost;
      row.otherCost += u.otherCost;
    }
    for (const c of compute) rowOf(c.teamRef!, c.day!).computeCost += c.cost;
    return [...rows.values()];
  }
}
