import {
  CostAlert,
  DailyCost,
  ServerCost,
  ServerCostReport,
  TeamCostListResponse,
  TeamCostReport,
  TeamCostSummary,
  UNALLOCATED_TEAM,
} from '@mcp-platform/plugin-mcp-insights-common';
import { HiddenServers, NOTHING_HIDDEN } from '../access/ServerVisibility';
import { DirectoryStore } from '../database/InsightsStore';
import { DAY, isoDay } from '../rollups/time';
import { breakdown, DailyMap, totalOf, zero } from './amounts';
import { serverBudgetStatus } from './budgetStatus';
import {
  CostAlertSettings,
  serverBudgetAlerts,
  spendSpikes,
} from './costAlerts';
import { CostModel } from './CostModel';
import { publicPeriod, ResolvedPeriod } from './costPeriod';
import { ConsumerCostReporter } from './ConsumerCostReporter';
import { changeRatio, forecastSpend, sumDays } from './spendForecast';
import { ServerFilter, SpendQueries } from './SpendQueries';
import {
  rolledDaily,
  teamAlerts,
  teamSet,
  teamSummaries,
} from './teamSummaries';

/**
 * Cost reports from the daily rollups and compute rows: per team (child groups rolled up into
 * their parents), per server and tool, with budgets, forecast, comparison with the previous
 * month and alerts.
 *
 * - Forecast: see {@link forecastSpend}; spikes: see {@link spendSpikes}.
 * - Budget alerts: the highest configured threshold the month-to-date spend reached, and a
 *   forecast above the budget.
 * - A server with a budget of its own (`ServerCost.budget`) gets the same figures and alerts
 *   for its own spend; the spend still counts towards its team's budget too.
 *
 * Every report takes the servers the caller may not see ({@link HiddenServers}) and answers
 * as if they did not exist. Calls and errors are counted as `sumObservedUsage` counts them: a
 * call the MCP gateway relayed and the server's metrics also counted is one call. Spend by
 * consuming team is {@link ConsumerCostReporter}'s.
 */
export class CostReports {
  constructor(
    private readonly deps: {
      store: DirectoryStore;
      queries: SpendQueries;
      costModel: CostModel;
      alerts: CostAlertSettings;
      consumers: ConsumerCostReporter;
    },
  ) {}

  /** Every team with spend, a budget or servers (and `unallocated`), most expensive first. */
  async teams(
    month?: string,
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<TeamCostListResponse> {
    const data = await this.deps.queries.load(month, hidden);
    const summaries = this.summaries(data);
    const roots = [...summaries.values()].filter(s => !s.parent);
    const total = zero();
    for (const root of roots) {
      total.compute += root.monthToDate.compute;
      total.llmTokens += root.monthToDate.llmTokens;
      total.other += root.monthToDate.other;
    }
    return {
      currency: this.deps.costModel.currency,
      asOf: new Date(data.period.asOfMs).toISOString(),
      period: publicPeriod(data.period),
      total: breakdown(total),
      teams: [...summaries.values()]
        .filter(
          s =>
            s.monthToDate.total > 0 ||
            s.monthlyBudget !== null ||
            s.serverCount > 0 ||
            s.team === UNALLOCATED_TEAM,
        )
        .sort(
          (a, b) =>
            b.monthToDate.total - a.monthToDate.total ||
            a.team.localeCompare(b.team),
        ),
    };
  }

  /** The team cost report; undefined for a team that is neither a group nor has spend. */
  async teamReport(
    team: string,
    month?: string,
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<TeamCostReport | undefined> {
    const { queries } = this.deps;
    const data = await queries.load(month, hidden);
    const summaries = this.summaries(data);
    const summary = summaries.get(team);
    if (!summary) return undefined;
    const { period, excludeServerRefs } = data;
    const teamRefs = teamSet(data, team);
    const daily = rolledDaily(data, teamRefs);
    const filter = { teamRefs, excludeServerRefs };
    const servers = await queries.serverCosts(period, filter);
    const serverAlerts = await this.serverAlerts(period, filter, servers);
    return {
      ...summary,
      currency: this.deps.costModel.currency,
      asOf: new Date(period.asOfMs).toISOString(),
      period: publicPeriod(period),
      daily: dailySeries(daily, period),
      models: await queries.models(period, filter),
      servers,
      childTeams: summary.children
        .map(child => summaries.get(child))
        .filter((s): s is TeamCostSummary => Boolean(s)),
      alerts: [
        ...teamAlerts(data, team, summary, this.deps.alerts),
        ...serverAlerts,
      ],
    };
  }

  /** One server's report; the caller checks that it may see the server. */
  async serverReport(
    serverRef: string,
    month?: string,
  ): Promise<ServerCostReport | undefined> {
    const { queries, costModel, alerts: settings } = this.deps;
    const period = queries.period(month);
    const filter = { serverRefs: [serverRef] };
    const [known, [server]] = await Promise.all([
      this.deps.store.getServer(serverRef),
      queries.serverCosts(period, filter),
    ]);
    if (!known && !server) return undefined;
    const cost: ServerCost = server ?? {
      serverRef,
      name: known!.name,
      title: known!.title,
      team: known!.teamRef,
      ...breakdown(zero()),
      calls: 0,
      errors: 0,
      costPer1000Calls: null,
      tools: [],
    };
    const daily =
      (await queries.serverDaily(period, filter, true)).get(serverRef) ??
      new Map();
    const previous = sumDays(
      daily,
      period.previousStartDay,
      period.previousEndDay,
    );
    const mtd = sumDays(daily, period.monthStart, period.endDay);
    const [models, consumers] = await Promise.all([
      queries.models(period, filter),
      this.deps.consumers.serverConsumers(serverRef, month),
    ]);
    const budget = costModel.serverBudgetOf({
      serverRef,
      budgetAnnotation: known?.budgetAnnotation,
    });
    if (budget) {
      cost.budget = serverBudgetStatus(
        budget,
        totalOf(mtd),
        forecastSpend(daily, period, totalOf(mtd)),
        settings.budgetThresholds,
      );
    }
    return {
      currency: costModel.currency,
      asOf: new Date(period.asOfMs).toISOString(),
      period: publicPeriod(period),
      server: cost,
      previousPeriod: breakdown(previous),
      changeRatio: changeRatio(mtd, previous),
      daily: dailySeries(daily, period),
      models,
      alerts: [
        ...serverBudgetAlerts(cost, settings),
        ...spendSpikes({
          daily,
          period,
          team: cost.team,
          serverRef,
          name: cost.name,
          settings,
        }),
      ],
      ...consumers,
    };
  }

  /**
   * Every cost alert of the current month, as the reports show them to those who may see every
   * server: each team's (child groups rolled up) and each server's spikes. For notifications.
   */
  async currentAlerts(): Promise<{
    month: string;
    teams: Map<string, TeamCostSummary>;
    alerts: CostAlert[];
  }> {
    const { queries } = this.deps;
    const data = await queries.load(undefined);
    const summaries = this.summaries(data);
    const alerts: CostAlert[] = [];
    for (const [team, summary] of summaries)
      alerts.push(...teamAlerts(data, team, summary, this.deps.alerts));
    const servers = await queries.serverCosts(data.period, {});
    alerts.push(...(await this.serverSpikes(data.period, {}, servers)));
    return { month: data.period.month, teams: summaries, alerts };
  }

  /** Budget use of every team with a budget, for the gauge metric. */
  async budgetUse(): Promise<{ team: string; usedRatio: number }[]> {
    const data = await this.deps.queries.load(undefined);
    return [...this.summaries(data).values()]
      .filter(s => s.usedRatio !== null)
      .map(s => ({ team: s.team, usedRatio: s.usedRatio! }));
  }

  private summaries(data: Parameters<typeof teamSummaries>[0]) {
    return teamSummaries(data, this.deps.costModel, this.deps.alerts);
  }

  /**
   * Spikes of each server, and the budgets of those with one of their own: sets
   * `ServerCost.budget` and adds its alerts.
   */
  private async serverAlerts(
    period: ResolvedPeriod,
    filter: ServerFilter,
    servers: ServerCost[],
  ): Promise<CostAlert[]> {
    const { costModel, alerts: settings } = this.deps;
    const [byServer, records] = await Promise.all([
      this.deps.queries.serverDaily(period, filter, false),
      this.deps.store.listServers({ includeRemoved: true }),
    ]);
    const recordOf = new Map(records.map(r => [r.serverRef, r]));
    const alerts: CostAlert[] = [];
    for (const server of servers) {
      const daily = byServer.get(server.serverRef) ?? new Map();
      const budget = costModel.serverBudgetOf({
        serverRef: server.serverRef,
        budgetAnnotation: recordOf.get(server.serverRef)?.budgetAnnotation,
      });
      if (budget) {
        server.budget = serverBudgetStatus(
          budget,
          server.total,
          // The spike window holds the 7 days the forecast averages.
          forecastSpend(daily, period, server.total),
          settings.budgetThresholds,
        );
        alerts.push(...serverBudgetAlerts(server, settings));
      }
      alerts.push(...this.spikesOf(server, daily, period));
    }
    return alerts;
  }

  /** Each server's spend spikes over the period, with its team. */
  private async serverSpikes(
    period: ResolvedPeriod,
    filter: ServerFilter,
    servers: ServerCost[],
  ): Promise<CostAlert[]> {
    const byServer = await this.deps.queries.serverDaily(period, filter, false);
    const alerts: CostAlert[] = [];
    for (const server of servers) {
      const daily = byServer.get(server.serverRef);
      if (daily) alerts.push(...this.spikesOf(server, daily, period));
    }
    return alerts;
  }

  private spikesOf(
    server: ServerCost,
    daily: DailyMap,
    period: ResolvedPeriod,
  ) {
    return spendSpikes({
      daily,
      period,
      team: server.team,
      serverRef: server.serverRef,
      name: server.title ?? server.name,
      settings: this.deps.alerts,
    });
  }
}

/** A day-by-day series over the period, days without spend at zero. */
function dailySeries(daily: DailyMap, period: ResolvedPeriod): DailyCost[] {
  const series: DailyCost[] = [];
  for (let day = period.monthStart; day <= period.endDay; day += DAY) {
    series.push({ date: isoDay(day), ...breakdown(daily.get(day) ?? zero()) });
  }
  return series;
}
