import {
  CostAlert,
  TeamCostSummary,
  UNALLOCATED_TEAM,
} from '@mcp-platform/plugin-mcp-insights-common';
import { addInto, breakdown, DailyMap, money, totalOf, zero } from './amounts';
import { budgetAlerts } from './budgetStatus';
import { CostAlertSettings, spendSpikes } from './costAlerts';
import { CostModel } from './CostModel';
import { changeRatio, forecastSpend, sumDays } from './spendForecast';
import { PeriodData } from './SpendQueries';

/** A group and every group below it; an owner that is not a group stands alone. */
export function teamSet(data: PeriodData, team: string): string[] {
  return data.hierarchy.has(team)
    ? data.hierarchy.withDescendants(team)
    : [team];
}

/** The daily spend of several teams added up. */
export function rolledDaily(data: PeriodData, teamRefs: string[]): DailyMap {
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

const ratio = (a: number, b: number | null | undefined) => (b ? a / b : null);

/**
 * Every team's summary (groups, owners with spend, `unallocated`), child groups rolled up into
 * their parents: spend, budget use, forecast, change and alert count.
 */
export function teamSummaries(
  data: PeriodData,
  costModel: CostModel,
  settings: CostAlertSettings,
): Map<string, TeamCostSummary> {
  const { period, hierarchy } = data;
  const refs = new Set<string>([
    ...hierarchy.all().map(t => t.teamRef),
    ...data.teamDaily.keys(),
    ...data.teamServers.keys(),
    UNALLOCATED_TEAM,
  ]);
  const result = new Map<string, TeamCostSummary>();
  for (const team of refs) {
    const teamRefs = teamSet(data, team);
    const daily = rolledDaily(data, teamRefs);
    const mtd = sumDays(daily, period.monthStart, period.endDay);
    const previous = sumDays(
      daily,
      period.previousStartDay,
      period.previousEndDay,
    );
    const budget =
      team === UNALLOCATED_TEAM
        ? undefined
        : costModel.budgetOf(team, hierarchy.get(team));
    const forecast = forecastSpend(daily, period, totalOf(mtd));
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
    summary.alertCount = teamAlerts(data, team, summary, settings).length;
    result.set(team, summary);
  }
  return result;
}

/** A team's budget alerts and spend spikes (its child groups rolled up). */
export function teamAlerts(
  data: PeriodData,
  team: string,
  summary: TeamCostSummary,
  settings: CostAlertSettings,
): CostAlert[] {
  const name = summary.title ?? team;
  const alerts = budgetAlerts({
    name,
    team,
    currency: settings.currency,
    monthlyBudget: summary.monthlyBudget,
    monthToDate: summary.monthToDate.total,
    usedRatio: summary.usedRatio,
    forecast: summary.forecast,
    forecastRatio: summary.forecastRatio,
    thresholds: settings.budgetThresholds,
  });
  const daily = rolledDaily(data, teamSet(data, team));
  alerts.push(
    ...spendSpikes({ daily, period: data.period, team, name, settings }),
  );
  return alerts;
}
