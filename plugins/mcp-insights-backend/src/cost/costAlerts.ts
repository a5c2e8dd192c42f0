import {
  CostAlert,
  ServerCost,
} from '@mcp-platform/plugin-mcp-insights-common';
import { DAY, isoDay } from '../rollups/time';
import { DailyMap, totalOf, zero } from './amounts';
import { budgetAlerts } from './budgetStatus';
import { ResolvedPeriod } from './costPeriod';
import { BASELINE_DAYS, sumDays } from './spendForecast';

/** The alert settings and currency the cost alerts are worded in. */
export interface CostAlertSettings {
  currency: string;
  budgetThresholds: number[];
  spikeFactor: number;
}

/**
 * Spend spikes over the last 7 days of the period: a day's spend above `spikeFactor` × the
 * average of the 7 days before it, when those 7 days have data.
 */
export function spendSpikes(options: {
  daily: DailyMap;
  period: ResolvedPeriod;
  team: string;
  serverRef?: string;
  /** How the alert names the team or server. */
  name: string;
  settings: CostAlertSettings;
}): CostAlert[] {
  const { daily, period, team, serverRef, name, settings } = options;
  const alerts: CostAlert[] = [];
  const factor = settings.spikeFactor;
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
        message: `${name} spent ${settings.currency} ${spend.toFixed(
          2,
        )} on ${isoDay(day)}, ${(spend / average).toFixed(
          1,
        )}× its 7-day average.`,
      });
    }
  }
  return alerts;
}

/** The alerts of a server's own budget (none without one). */
export function serverBudgetAlerts(
  server: ServerCost,
  settings: CostAlertSettings,
): CostAlert[] {
  if (!server.budget) return [];
  return budgetAlerts({
    name: server.title ?? server.name,
    team: server.team,
    serverRef: server.serverRef,
    currency: settings.currency,
    monthlyBudget: server.budget.monthlyBudget,
    monthToDate: server.budget.monthToDate,
    usedRatio: server.budget.usedRatio,
    forecast: server.budget.forecast,
    forecastRatio: server.budget.forecastRatio,
    thresholds: settings.budgetThresholds,
  });
}
