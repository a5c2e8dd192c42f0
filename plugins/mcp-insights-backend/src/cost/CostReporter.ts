import {
  BudgetPolicyContext,
  ComputeCostEstimate,
  ComputeCostEstimateRequest,
  COST_CSV_COLUMNS,
  ServerBudgetPolicyContext,
  CostAlert,
  DailyCost,
  ModelCost,
  PricingResponse,
  ServerCost,
  ServerCostReport,
  TeamCostListResponse,
  TeamCostReport,
  TeamCostSummary,
  ToolCost,
  UNALLOCATED_TEAM,
  ALL_TOOLS,
} from '@mcp-platform/plugin-mcp-insights-common';
import { HiddenServers, NOTHING_HIDDEN } from '../access/ServerVisibility';
import { InsightsSettings } from '../config/readInsightsConfig';
import {
  InsightsStore,
  ServerRecord,
  TeamDailyRow,
} from '../database/InsightsStore';
import { sumObservedUsage } from '../observation/sumObservedUsage';
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
import { budgetAlerts, budgetState, serverBudgetStatus } from './budgetStatus';
import { ConsumerCostReporter } from './ConsumerCostReporter';
import { estimateComputeCost } from './estimateComputeCost';
import { CostModel } from './CostModel';
import { publicPeriod, ResolvedPeriod, resolvePeriod } from './costPeriod';
import { TeamHierarchy } from './TeamHierarchy';

/** Which rows a per-server query reads. */
interface ServerFilter {
  teamRefs?: string[];
  serverRefs?: string[];
  /** Servers the caller may not see. */
  excludeServerRefs?: string[];
}

/** The refs to leave out of queries, or undefined when nothing is hidden. */
const excluded = (hidden: HiddenServers) =>
  hidden.refs.size ? [...hidden.refs] : undefined;

/** Days before a report period that are read for spikes and the forecast. */
const BASELINE_DAYS = 7;

const ratio = (a: number, b: number | null | undefined) => (b ? a / b : null);

function sumDays(daily: DailyMap, fromDay: number, toDay: number): Amounts {
  const result = zero();
  for (const [day, a] of daily) {
    if (day >= fromDay && day <= toDay) addInto(result, a);
  }
  return result;
}

/** Everything the reports need, read once for the period. */
interface PeriodData {
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
 * Cost reports from the daily rollups and compute rows: per team (child groups rolled up into
 * their parents), per server and tool, with budgets, forecast, comparison with the previous
 * month and alerts.
 *
 * - Forecast: month-to-date spend + the average daily spend of the last 7 days (or since the
 *   first day with spend, when later) × the days left.
 * - Budget alerts: the highest configured threshold the month-to-date spend reached, and a
 *   forecast above the budget. Spike: a day's spend above `spikeFactor` × the average of the 7
 *   days before it, when those 7 days have data.
 * - A server with a budget of its own (`ServerCost.budget`) gets the same figures and alerts
 *   for its own spend; the spend still counts towards its team's budget too.
 *
 * Every report takes the servers the caller may not see ({@link HiddenServers}) and answers
 * as if they did not exist: team totals, alerts and forecasts are then summed from the
 * per-server tables instead of the per-team one.
 *
 * Calls and errors are counted as `sumObservedUsage` counts them: a call the MCP gateway relayed
 * and the server's metrics also counted is one call. Spend by consuming team is
 * {@link CostReporter.consumers}'.
 */
export class CostReporter {
  /** The same spend, by consuming team (who called the servers through the gateway). */
  readonly consumers: ConsumerCostReporter;

  constructor(
    private readonly deps: {
      store: InsightsStore;
      costModel: CostModel;
      alerts: InsightsSettings['alerts'];
      now?: () => number;
    },
  ) {
    this.consumers = new ConsumerCostReporter(deps);
  }

  async teams(
    month?: string,
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<TeamCostListResponse> {
    const data = await this.load(month, hidden);
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
    const data = await this.load(month, hidden);
    const summaries = this.summaries(data);
    const summary = summaries.get(team);
    if (!summary) return undefined;
    const { period, excludeServerRefs } = data;
    const teamRefs = this.teamSet(data, team);
    const daily = this.rolledDaily(data, teamRefs);
    const filter = { teamRefs, excludeServerRefs };
    const servers = await this.serverCosts(period, filter);
    const serverAlerts = await this.serverAlerts(period, filter, servers);
    return {
      ...summary,
      currency: this.deps.costModel.currency,
      asOf: new Date(period.asOfMs).toISOString(),
      period: publicPeriod(period),
      daily: this.dailySeries(daily, period),
      models: await this.models(period, filter),
      servers,
      childTeams: summary.children
        .map(child => summaries.get(child))
        .filter((s): s is TeamCostSummary => Boolean(s)),
      alerts: [...this.teamAlerts(data, team, summary), ...serverAlerts],
    };
  }

  /** One server's report; the caller checks that it may see the server. */
  async serverReport(
    serverRef: string,
    month?: string,
  ): Promise<ServerCostReport | undefined> {
    const period = resolvePeriod(month, this.now());
    const known = (
      await this.deps.store.listServers({ includeRemoved: true })
    ).find(s => s.serverRef === serverRef);
    const [server] = await this.serverCosts(period, {
      serverRefs: [serverRef],
    });
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
      (
        await this.dailyBy(period, { serverRefs: [serverRef] }, 'server', true)
      ).get(serverRef) ?? new Map();
    const previous = sumDays(
      daily,
      period.previousStartDay,
      period.previousEndDay,
    );
    const mtd = sumDays(daily, period.monthStart, period.endDay);
    const [models, consumers] = await Promise.all([
      this.models(period, { serverRefs: [serverRef] }),
      this.consumers.serverConsumers(serverRef, month),
    ]);
    const budget = this.deps.costModel.serverBudgetOf({
      serverRef,
      budgetAnnotation: known?.budgetAnnotation,
    });
    if (budget) {
      cost.budget = serverBudgetStatus(
        budget,
        totalOf(mtd),
        this.forecast(daily, period, totalOf(mtd)),
        this.deps.alerts.budgetThresholds,
      );
    }
    return {
      currency: this.deps.costModel.currency,
      asOf: new Date(period.asOfMs).toISOString(),
      period: publicPeriod(period),
      server: cost,
      previousPeriod: breakdown(previous),
      changeRatio: changeRatio(mtd, previous),
      daily: this.dailySeries(daily, period),
      models,
      alerts: [
        ...this.serverBudgetAlerts(cost),
        ...this.spikes(daily, period, cost.team, serverRef, cost.name),
      ],
      ...consumers,
    };
  }

  /** CSV of a team's (or every team's, with `team` undefined) spend per day and server or tool. */
  async csv(
    team: string | undefined,
    month: string | undefined,
    level: 'server' | 'tool',
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<string | undefined> {
    const period = resolvePeriod(month, this.now());
    let teamRefs: string[] | undefined;
    const excludeServerRefs = excluded(hidden);
    if (team) {
      const data = await this.load(month, hidden);
      if (!this.summaries(data).has(team)) return undefined;
      teamRefs = this.teamSet(data, team);
    }
    const to = period.endDay + DAY;
    const [usage, tools, compute] = await Promise.all([
      sumObservedUsage(this.deps.store, {
        table: 'usage_daily',
        measures: 'cost',
        from: period.monthStart,
        to,
        teamRefs,
        excludeServerRefs,
        tools: 'all',
        groupBy: ['ts', 'server', 'team'],
      }),
      level === 'tool'
        ? sumObservedUsage(this.deps.store, {
            table: 'usage_daily',
            measures: 'cost',
            from: period.monthStart,
            to,
            teamRefs,
            excludeServerRefs,
            tools: 'each',
            groupBy: ['ts', 'server', 'team', 'tool'],
          })
        : Promise.resolve([]),
      this.deps.store.sumCompute({
        fromDay: period.monthStart,
        toDay: to,
        teamRefs,
        excludeServerRefs,
        groupBy: ['day', 'server', 'team'],
      }),
    ]);
    type Row = {
      date: string;
      team: string;
      server: string;
      tool: string;
      calls: number;
      errors: number;
      compute: number;
      llm: number;
      other: number;
    };
    const rows = new Map<string, Row>();
    const rowOf = (
      day: number,
      teamRef: string,
      server: string,
      tool: string,
    ) => {
      const key = `${day}|${teamRef}|${server}|${tool}`;
      let row = rows.get(key);
      if (!row) {
        row = {
          date: isoDay(day),
          team: teamRef,
          server,
          tool,
          calls: 0,
          errors: 0,
          compute: 0,
          llm: 0,
          other: 0,
        };
        rows.set(key, row);
      }
      return row;
    };
    const shared = level === 'tool' ? '(shared)' : '*';
    for (const u of usage) {
      const row = rowOf(u.ts!, u.teamRef!, u.serverRef!, shared);
      row.llm += u.tokenCost;
      row.other += u.otherCost;
      if (level === 'server') {
        row.calls += u.calls;
        row.errors += u.errors;
      }
    }
    for (const t of tools) {
      const row = rowOf(t.ts!, t.teamRef!, t.serverRef!, t.toolName!);
      row.calls += t.calls;
      row.errors += t.errors;
      row.llm += t.tokenCost;
      row.other += t.otherCost;
      const sharedRow = rowOf(t.ts!, t.teamRef!, t.serverRef!, shared);
      sharedRow.llm -= t.tokenCost;
      sharedRow.other -= t.otherCost;
    }
    for (const c of compute) {
      rowOf(c.day!, c.teamRef!, c.serverRef!, shared).compute += c.cost;
    }
    const currency = this.deps.costModel.currency;
    const lines = [COST_CSV_COLUMNS.join(',')];
    const sorted = [...rows.values()].sort(
      (a, b) =>
        a.date.localeCompare(b.date) ||
        a.team.localeCompare(b.team) ||
        a.server.localeCompare(b.server) ||
        a.tool.localeCompare(b.tool),
    );
    for (const r of sorted) {
      const llm = Math.max(0, r.llm);
      const other = Math.max(0, r.other);
      lines.push(
        [
          r.date,
          r.team,
          r.server,
          r.tool,
          r.calls,
          r.errors,
          money(r.compute),
          money(llm),
          money(other),
          money(r.compute + llm + other),
          currency,
        ]
          .map(csvCell)
          .join(','),
      );
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  /** What the policy engine sees under `context.budget`. */
  async budgetContext(
    team: string,
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<BudgetPolicyContext> {
    const data = await this.load(undefined, hidden);
    const summary = this.summaries(data).get(team);
    const budget =
      summary?.monthlyBudget ??
      this.deps.costModel.budgetOf(team, data.hierarchy.get(team))?.amount ??
      null;
    const spend = summary?.monthToDate.total ?? 0;
    return {
      team,
      currency: this.deps.costModel.currency,
      monthlyBudget: budget,
      monthToDateSpend: spend,
      forecastSpend: summary?.forecast ?? 0,
      usedRatio: budget ? spend / budget : null,
      overBudget: budget !== null && budget > 0 && spend >= budget,
    };
  }

  /**
   * What the policy engine sees under `context.serverBudget`: the server's own budget and its
   * spend this month. A server the caller may not see is answered like an unknown one.
   */
  async serverBudgetContext(
    serverRef: string,
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<ServerBudgetPolicyContext> {
    const { costModel } = this.deps;
    const currency = costModel.currency;
    if (hidden.has(serverRef)) {
      return {
        server: serverRef,
        known: false,
        currency,
        monthlyBudget: null,
        monthToDateSpend: 0,
        forecastSpend: 0,
        usedRatio: null,
        forecastRatio: null,
        thresholdReached: null,
        state: 'no-budget',
      };
    }
    const period = resolvePeriod(undefined, this.now());
    const [servers, daily] = await Promise.all([
      this.deps.store.listServers({ includeRemoved: true }),
      this.dailyBy(period, { serverRefs: [serverRef] }, 'server', true),
    ]);
    const record = servers.find(s => s.serverRef === serverRef);
    const days = daily.get(serverRef) ?? new Map();
    const spend = totalOf(sumDays(days, period.monthStart, period.endDay));
    const forecast = this.forecast(days, period, spend);
    const budget =
      costModel.serverBudgetOf({
        serverRef,
        budgetAnnotation: record?.budgetAnnotation,
      })?.amount ?? null;
    return {
      server: serverRef,
      known: Boolean(record) || days.size > 0,
      currency,
      monthlyBudget: budget,
      monthToDateSpend: money(spend),
      forecastSpend: money(forecast),
      usedRatio: budget ? spend / budget : null,
      forecastRatio: budget ? forecast / budget : null,
      ...budgetState(
        budget,
        spend,
        forecast,
        this.deps.alerts.budgetThresholds,
      ),
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
    const data = await this.load(undefined);
    const summaries = this.summaries(data);
    const alerts: CostAlert[] = [];
    for (const [team, summary] of summaries)
      alerts.push(...this.teamAlerts(data, team, summary));
    const servers = await this.serverCosts(data.period, {});
    alerts.push(...(await this.serverSpikes(data.period, {}, servers)));
    return { month: data.period.month, teams: summaries, alerts };
  }

  /** Budget use of every team with a budget, for the gauge metric. */
  async budgetUse(): Promise<{ team: string; usedRatio: number }[]> {
    const data = await this.load(undefined);
    return [...this.summaries(data).values()]
      .filter(s => s.usedRatio !== null)
      .map(s => ({ team: s.team, usedRatio: s.usedRatio! }));
  }

  /** What a server with these resources would cost in compute per month. */
  estimateCompute(request: ComputeCostEstimateRequest): ComputeCostEstimate {
    return estimateComputeCost(this.deps.costModel, request);
  }

  /** The cost model in use; budgets of servers the caller may not see are left out. */
  async pricing(
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<PricingResponse> {
    const { costModel } = this.deps;
    const teams = new TeamHierarchy(await this.deps.store.listTeams());
    const budgets: PricingResponse['budgets'] = [];
    const refs = new Set([
      ...costModel.settings.budgets.keys(),
      ...teams.all().map(t => t.teamRef),
    ]);
    for (const ref of [...refs].sort()) {
      const budget = costModel.budgetOf(ref, teams.get(ref));
      if (budget)
        budgets.push({
          team: ref,
          monthlyBudget: budget.amount,
          source: budget.source,
        });
    }
    const servers = new Map(
      (await this.deps.store.listServers()).map(s => [s.serverRef, s]),
    );
    const serverBudgets: PricingResponse['serverBudgets'] = [];
    for (const ref of [
      ...new Set([
        ...costModel.settings.serverBudgets.keys(),
        ...servers.keys(),
      ]),
    ].sort()) {
      const budget = costModel.serverBudgetOf({
        serverRef: ref,
        budgetAnnotation: servers.get(ref)?.budgetAnnotation,
      });
      if (budget && !hidden.has(ref)) {
        serverBudgets.push({
          server: ref,
          monthlyBudget: budget.amount,
          source: budget.source,
        });
      }
    }
    return {
      currency: costModel.currency,
      compute: {
        cpuCoreHour: costModel.settings.cpuCoreHour,
        memoryGbHour: costModel.settings.memoryGbHour,
        defaultResources: costModel.settings.defaultResources,
      },
      models: [...costModel.settings.models.values()].sort((a, b) =>
        a.model.localeCompare(b.model),
      ),
      budgets,
      serverBudgets,
      budgetAlertThresholds: this.deps.alerts.budgetThresholds,
      spikeFactor: this.deps.alerts.spikeFactor,
    };
  }

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  /** Own daily spend of every team from the previous month's start to the period's end. */
  private async load(
    month: string | undefined,
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<PeriodData> {
    const period = resolvePeriod(month, this.now());
    const hierarchy = new TeamHierarchy(await this.deps.store.listTeams());
    const from = Math.min(
      period.previousStartDay,
      period.monthStart - BASELINE_DAYS * DAY,
    );
    const to = period.endDay + DAY;
    const excludeServerRefs = excluded(hidden);
    const [days, servers] = await Promise.all([
      excludeServerRefs
        ? this.teamDailyWithout(from, to, excludeServerRefs)
        : this.deps.store.sumTeamDaily({
            fromDay: from,
            toDay: to,
            groupBy: ['team', 'day'],
          }),
      this.deps.store.listServers({ includeRemoved: true }),
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

  /** Groups and owners with spend; a group's set includes its descendants. */
  private teamSet(data: PeriodData, team: string): string[] {
    return data.hierarchy.has(team)
      ? data.hierarchy.withDescendants(team)
      : [team];
  }

  private rolledDaily(data: PeriodData, teamRefs: string[]): DailyMap {
    const result: DailyMap = new Map();
    for (const ref of teamRefs) {
      for (const [day, a] of data.teamDaily.get(ref) ?? []) {
        const target = result.get(day) ?? zero();
        addInto(target, a);
        result.set(day, target);
      }
    }
    return result;
  }

  private summaries(data: PeriodData): Map<string, TeamCostSummary> {
    const { period, hierarchy } = data;
    const refs = new Set<string>([
      ...hierarchy.all().map(t => t.teamRef),
      ...data.teamDaily.keys(),
      ...data.teamServers.keys(),
      UNALLOCATED_TEAM,
    ]);
    const result = new Map<string, TeamCostSummary>();
    for (const team of refs) {
      const teamRefs = this.teamSet(data, team);
      const daily = this.rolledDaily(data, teamRefs);
      const mtd = sumDays(daily, period.monthStart, period.endDay);
      const previous = sumDays(
        daily,
        period.previousStartDay,
        period.previousEndDay,
      );
      const budget =
        team === UNALLOCATED_TEAM
          ? undefined
          : this.deps.costModel.budgetOf(team, hierarchy.get(team));
      const forecast = this.forecast(daily, period, totalOf(mtd));
      const servers = new Set<string>();
      for (const ref of teamRefs) {
        for (const s of data.teamServers.get(ref) ?? []) servers.add(s);
      }
      const summary: TeamCostSummary = {
        team,
        title: hierarchy.get(team)?.title,
        parent: hierarchy.parentOf(team),
        children: hierarchy.childrenOf(team),
        monthToDate: breakdown(mtd),
        previousPeriod: breakdown(previous),
        changeRatio: changeRatio(mtd, previous),
        monthlyBudget: budget?.amount ?? null,
        budgetSource: budget?.source ?? null,
        forecast: money(forecast),
        usedRatio: budget ? ratio(totalOf(mtd), budget.amount) : null,
        forecastRatio: budget ? ratio(forecast, budget.amount) : null,
        serverCount: servers.size,
        alertCount: 0,
      };
      summary.alertCount = this.teamAlerts(data, team, summary).length;
      result.set(team, summary);
    }
    return result;
  }

  private forecast(
    daily: DailyMap,
    period: ResolvedPeriod,
    mtd: number,
  ): number {
    if (!period.isCurrent) return mtd;
    const nowSeconds = period.asOfMs / 1000;
    const withData = [...daily.entries()]
      .filter(([, a]) => totalOf(a) > 0)
      .map(([day]) => day);
    if (!withData.length) return mtd;
    const start = Math.max(
      period.endDay - (BASELINE_DAYS - 1) * DAY,
      Math.min(...withData),
    );
    const days = (nowSeconds - start) / DAY;
    if (!(days > 0)) return mtd;
    const rate = totalOf(sumDays(daily, start, period.endDay)) / days;
    return mtd + rate * Math.max(0, period.daysInMonth - period.daysElapsed);
  }

  private teamAlerts(
    data: PeriodData,
    team: string,
    summary: TeamCostSummary,
  ): CostAlert[] {
    const name = summary.title ?? team;
    const alerts = budgetAlerts({
      name,
      team,
      currency: this.deps.costModel.currency,
      monthlyBudget: summary.monthlyBudget,
      monthToDate: summary.monthToDate.total,
      usedRatio: summary.usedRatio,
      forecast: summary.forecast,
      forecastRatio: summary.forecastRatio,
      thresholds: this.deps.alerts.budgetThresholds,
    });
    const daily = this.rolledDaily(data, this.teamSet(data, team));
    alerts.push(...this.spikes(daily, data.period, team, undefined, name));
    return alerts;
  }

  /** The alerts of a server's own budget (none without one). */
  private serverBudgetAlerts(server: ServerCost): CostAlert[] {
    if (!server.budget) return [];
    return budgetAlerts({
      name: server.title ?? server.name,
      team: server.team,
      serverRef: server.serverRef,
      currency: this.deps.costModel.currency,
      monthlyBudget: server.budget.monthlyBudget,
      monthToDate: server.budget.monthToDate,
      usedRatio: server.budget.usedRatio,
      forecast: server.budget.forecast,
      forecastRatio: server.budget.forecastRatio,
      thresholds: this.deps.alerts.budgetThresholds,
    });
  }

  private spikes(
    daily: DailyMap,
    period: ResolvedPeriod,
    team: string,
    serverRef: string | undefined,
    name: string,
  ): CostAlert[] {
    const alerts: CostAlert[] = [];
    const factor = this.deps.alerts.spikeFactor;
    const withData = [...daily.entries()]
      .filter(([, a]) => totalOf(a) > 0)
      .map(([d]) => d);
    if (!withData.length) return alerts;
    const firstDay = Math.min(...withData);
    // Alerts are about now: the last 7 days of the period.
    const from = Math.max(
      period.monthStart,
      period.endDay - (BASELINE_DAYS - 1) * DAY,
    );
    for (let day = from; day <= period.endDay; day += DAY) {
      if (firstDay > day - BASELINE_DAYS * DAY) continue;
      const spend = totalOf(daily.get(day) ?? zero());
      const average =
        totalOf(sumDays(daily, day - BASELINE_DAYS * DAY, day - DAY)) /
        BASELINE_DAYS;
      if (average > 0 && spend > factor * average) {
        alerts.push({
          kind: 'spend-spike',
          severity: 'warning',
          team,
          serverRef,
          threshold: factor,
          value: spend / average,
          date: isoDay(day),
          message: `${name} spent ${
            this.deps.costModel.currency
          } ${spend.toFixed(2)} on ${isoDay(day)}, ${(spend / average).toFixed(
            1,
          )}× its 7-day average.`,
        });
      }
    }
    return alerts;
  }

  private dailySeries(daily: DailyMap, period: ResolvedPeriod): DailyCost[] {
    const series: DailyCost[] = [];
    for (let day = period.monthStart; day <= period.endDay; day += DAY) {
      series.push({
        date: isoDay(day),
        ...breakdown(daily.get(day) ?? zero()),
      });
    }
    return series;
  }

  /**
   * Daily spend per server: from the previous period's start (`withPrevious`), else over the
   * spike window (the period's last 7 days and the 7 before them).
   */
  private async dailyBy(
    period: ResolvedPeriod,
    filter: ServerFilter,
    by: 'server',
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
        groupBy: [by, 'ts'],
      }),
      this.deps.store.sumCompute({
        fromDay: from,
        toDay: to,
        ...filter,
        groupBy: [by, 'day'],
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
   * Spikes of each server, and the budgets of those with one of their own: sets
   * `ServerCost.budget` and adds its alerts.
   */
  private async serverAlerts(
    period: ResolvedPeriod,
    filter: ServerFilter,
    servers: ServerCost[],
  ): Promise<CostAlert[]> {
    const [byServer, records] = await Promise.all([
      this.dailyBy(period, filter, 'server', false),
      this.deps.store.listServers({ includeRemoved: true }),
    ]);
    const recordOf = new Map(records.map(r => [r.serverRef, r]));
    const alerts: CostAlert[] = [];
    for (const server of servers) {
      const daily = byServer.get(server.serverRef) ?? new Map();
      const budget = this.deps.costModel.serverBudgetOf({
        serverRef: server.serverRef,
        budgetAnnotation: recordOf.get(server.serverRef)?.budgetAnnotation,
      });
      if (budget) {
        server.budget = serverBudgetStatus(
          budget,
          server.total,
          // The spike window holds the 7 days the forecast averages.
          this.forecast(daily, period, server.total),
          this.deps.alerts.budgetThresholds,
        );
        alerts.push(...this.serverBudgetAlerts(server));
      }
      alerts.push(
        ...this.spikes(
          daily,
          period,
          server.team,
          server.serverRef,
          server.title ?? server.name,
        ),
      );
    }
    return alerts;
  }

  /** Each server's spend spikes over the period, with its team. */
  private async serverSpikes(
    period: ResolvedPeriod,
    filter: ServerFilter,
    servers: ServerCost[],
  ): Promise<CostAlert[]> {
    const byServer = await this.dailyBy(period, filter, 'server', false);
    const alerts: CostAlert[] = [];
    for (const server of servers) {
      const daily = byServer.get(server.serverRef);
      if (daily) {
        alerts.push(
          ...this.spikes(
            daily,
            period,
            server.team,
            server.serverRef,
            server.title ?? server.name,
          ),
        );
      }
    }
    return alerts;
  }

  /** Servers with their tools over the month, most expensive first. */
  private async serverCosts(
    period: ResolvedPeriod,
    filter: ServerFilter,
  ): Promise<ServerCost[]> {
    const to = period.endDay + DAY;
    // One read of every tool's rows (the all-tools `*` rows among them) for the month.
    const [rows, compute, known] = await Promise.all([
      sumObservedUsage(this.deps.store, {
        table: 'usage_daily',
        measures: 'cost',
        from: period.monthStart,
        to,
        ...filter,
        tools: 'any',
        groupBy: ['server', 'tool'],
      }),
      this.deps.store.sumCompute({
        fromDay: period.monthStart,
        toDay: to,
        ...filter,
        groupBy: ['server'],
      }),
      this.deps.store.listServers({ includeRemoved: true }),
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

  private async models(
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
}

function changeRatio(current: Amounts, previous: Amounts): number | null {
  const before = totalOf(previous);
  return before > 0 ? (totalOf(current) - before) / before : null;
}
