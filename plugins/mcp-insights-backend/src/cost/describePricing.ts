import { PricingResponse } from '@mcp-platform/plugin-mcp-insights-common';
import { HiddenServers, NOTHING_HIDDEN } from '../access/ServerVisibility';
import { DirectoryStore } from '../database/InsightsStore';
import { CostAlertSettings } from './costAlerts';
import { CostModel } from './CostModel';
import { TeamHierarchy } from './TeamHierarchy';

/**
 * The cost model in use (`GET /v1/pricing`): prices, every team's and server's budget with where
 * it comes from, alert settings. Budgets of servers the caller may not see are left out.
 */
export async function describePricing(
  deps: {
    store: DirectoryStore;
    costModel: CostModel;
    alerts: CostAlertSettings;
  },
  hidden: HiddenServers = NOTHING_HIDDEN,
): Promise<PricingResponse> {
  const { costModel, store } = deps;
  const [teamRecords, serverRecords] = await Promise.all([
    store.listTeams(),
    store.listServers(),
  ]);
  const teams = new TeamHierarchy(teamRecords);
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
  const servers = new Map(serverRecords.map(s => [s.serverRef, s]));
  const serverBudgets: PricingResponse['serverBudgets'] = [];
  for (const ref of [
    ...new Set([...costModel.settings.serverBudgets.keys(), ...servers.keys()]),
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
    budgetAlertThresholds: deps.alerts.budgetThresholds,
    spikeFactor: deps.alerts.spikeFactor,
  };
}
