import {
  BudgetSource,
  BudgetState,
  CostAlert,
  ServerBudgetStatus,
} from '@mcp-platform/plugin-mcp-insights-common';
import { money } from './amounts';

/**
 * Where spend stands against a budget: the highest alert threshold reached and the state
 * (see {@link BudgetState}). A budget of 0 has no ratios; any spend is over it.
 */
export function budgetState(
  budget: number | null,
  monthToDate: number,
  forecast: number,
  thresholds: number[],
): { thresholdReached: number | null; state: BudgetState } {
  if (budget === null) return { thresholdReached: null, state: 'no-budget' };
  if (budget === 0) {
    return {
      thresholdReached: null,
      state: monthToDate > 0 ? 'over-budget' : 'ok',
    };
  }
  const used = monthToDate / budget;
  const reached = thresholds.filter(t => used >= t);
  const thresholdReached = reached.length ? Math.max(...reached) : null;
  let state: BudgetState = 'ok';
  if (used >= 1) state = 'over-budget';
  else if (thresholdReached !== null) state = 'threshold-reached';
  else if (forecast > budget) state = 'forecast-over-budget';
  return { thresholdReached, state };
}

/** A server's own budget with its spend, forecast and state. */
export function serverBudgetStatus(
  budget: { amount: number; source: BudgetSource },
  monthToDate: number,
  forecast: number,
  thresholds: number[],
): ServerBudgetStatus {
  const { thresholdReached, state } = budgetState(
    budget.amount,
    monthToDate,
    forecast,
    thresholds,
  );
  return {
    monthlyBudget: budget.amount,
    source: budget.source,
    monthToDate: money(monthToDate),
    forecast: money(forecast),
    usedRatio: budget.amount ? monthToDate / budget.amount : null,
    forecastRatio: budget.amount ? forecast / budget.amount : null,
    thresholdReached,
    state: state as ServerBudgetStatus['state'],
  };
}

/** Spending the whole budget is critical, 90 % a warning, less for information. */
function severityOf(threshold: number): CostAlert['severity'] {
  if (threshold >= 1) return 'critical';
  return threshold >= 0.9 ? 'warning' : 'info';
}

/**
 * The budget alerts of a team or a server: the highest threshold month-to-date spend reached,
 * and a forecast over the budget while spend is still under it.
 */
export function budgetAlerts(options: {
  /** What the messages call it: the team's or the server's title. */
  name: string;
  team: string;
  serverRef?: string;
  currency: string;
  monthlyBudget: number | null;
  monthToDate: number;
  usedRatio: number | null;
  forecast: number;
  forecastRatio: number | null;
  thresholds: number[];
}): CostAlert[] {
  const { name, team, serverRef, monthlyBudget, usedRatio } = options;
  if (monthlyBudget === null || usedRatio === null) return [];
  const fmt = (v: number) => `${options.currency} ${v.toFixed(2)}`;
  const scope = serverRef ? { team, serverRef } : { team };
  const alerts: CostAlert[] = [];
  const crossed = options.thresholds.filter(t => usedRatio >= t);
  if (crossed.length) {
    const threshold = crossed[crossed.length - 1];
    alerts.push({
      kind: 'budget-threshold',
      severity: severityOf(threshold),
      ...scope,
      threshold,
      value: usedRatio,
      message: `${name} has spent ${Math.round(
        usedRatio * 100,
      )} % of its monthly budget (${fmt(options.monthToDate)} of ${fmt(
        monthlyBudget,
      )}), past the ${Math.round(threshold * 100)} % threshold.`,
    });
  }
  if (
    options.forecastRatio !== null &&
    options.forecastRatio > 1 &&
    usedRatio < 1
  ) {
    alerts.push({
      kind: 'budget-forecast',
      severity: 'warning',
      ...scope,
      threshold: 1,
      value: options.forecastRatio,
      message: `At the last 7 days' pace ${name} will spend ${fmt(
        options.forecast,
      )} this month, over its budget of ${fmt(monthlyBudget)}.`,
    });
  }
  return alerts;
}
