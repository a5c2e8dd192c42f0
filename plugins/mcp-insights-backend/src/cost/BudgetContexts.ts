import {
  BudgetPolicyContext,
  ServerBudgetPolicyContext,
  UNALLOCATED_TEAM,
} from '@mcp-platform/plugin-mcp-insights-common';
import { HiddenServers, NOTHING_HIDDEN } from '../access/ServerVisibility';
import { DirectoryStore } from '../database/InsightsStore';
import { money, totalOf } from './amounts';
import { budgetState } from './budgetStatus';
import { CostAlertSettings } from './costAlerts';
import { CostModel } from './CostModel';
import { forecastSpend, sumDays } from './spendForecast';
import { SpendQueries } from './SpendQueries';
import { teamSummaries } from './teamSummaries';

/**
 * What the policy engine sees of budgets: a team's (`context.budget`) and a server's own
 * (`context.serverBudget`), with the same figures the cost reports show.
 */
export class BudgetContexts {
  constructor(
    private readonly deps: {
      store: DirectoryStore;
      queries: SpendQueries;
      costModel: CostModel;
      alerts: CostAlertSettings;
    },
  ) {}

  /** What the policy engine sees under `context.budget`. */
  async team(
    team: string,
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<BudgetPolicyContext> {
    const { costModel } = this.deps;
    const data = await this.deps.queries.load(undefined, hidden);
    const summary = teamSummaries(data, costModel, this.deps.alerts).get(team);
    const budget =
      summary?.monthlyBudget ??
      costModel.budgetOf(team, data.hierarchy.get(team))?.amount ??
      null;
    const spend = summary?.monthToDate.total ?? 0;
    return {
      team,
      currency: costModel.currency,
      monthlyBudget: budget,
      monthToDateSpend: spend,
      forecastSpend: summary?.forecast ?? 0,
      usedRatio: budget ? spend / budget : null,
      overBudget: budget !== null && budget > 0 && spend >= budget,
    };
  }

  /**
   * The team a server's spend counts towards: its owner, or `unallocated` for a server that is
   * unknown or one the caller may not see.
   */
  async owningTeam(
    serverRef: string,
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<string> {
    const server = hidden.has(serverRef)
      ? undefined
      : await this.deps.store.getServer(serverRef);
    return server && server.removedAt === undefined
      ? server.teamRef
      : UNALLOCATED_TEAM;
  }

  /**
   * What the policy engine sees under `context.serverBudget`: the server's own budget and its
   * spend this month. A server the caller may not see is answered like an unknown one.
   */
  async server(
    serverRef: string,
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<ServerBudgetPolicyContext> {
    const { costModel, queries } = this.deps;
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
    const period = queries.period(undefined);
    const [record, daily] = await Promise.all([
      this.deps.store.getServer(serverRef),
      queries.serverDaily(period, { serverRefs: [serverRef] }, true),
    ]);
    const days = daily.get(serverRef) ?? new Map();
    const spend = totalOf(sumDays(days, period.monthStart, period.endDay));
    const forecast = forecastSpend(days, period, spend);
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
}
