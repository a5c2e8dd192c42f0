import {
  ComputeCostEstimate,
  ComputeCostEstimateRequest,
  PricingResponse,
} from '@mcp-platform/plugin-mcp-insights-common';
import { HiddenServers } from '../access/ServerVisibility';
import { InsightsSettings } from '../config/readInsightsConfig';
import { DirectoryStore, UsageSumStore } from '../database/InsightsStore';
import { BudgetContexts } from './BudgetContexts';
import { CostAlertSettings } from './costAlerts';
import { CostCsvExport } from './CostCsvExport';
import { CostModel } from './CostModel';
import { ConsumerCostReporter } from './ConsumerCostReporter';
import { CostReports } from './CostReports';
import { describePricing } from './describePricing';
import { estimateComputeCost } from './estimateComputeCost';
import { SpendQueries } from './SpendQueries';

/** What insights answers about money, one service per kind of question. */
export interface CostServices {
  /** Spend per owning team and server, with budgets, forecasts and alerts. */
  reports: CostReports;
  /** The same spend by consuming team (who called the servers through the gateway). */
  consumers: ConsumerCostReporter;
  /** The owning-team cost CSV. */
  csv: CostCsvExport;
  /** The policy engine's budget inputs. */
  budgets: BudgetContexts;
  /** The cost model in use. */
  pricing(hidden?: HiddenServers): Promise<PricingResponse>;
  /** What a server with these resources would cost in compute per month. */
  estimateCompute(request: ComputeCostEstimateRequest): ComputeCostEstimate;
}

/** Builds the cost services over one store and cost model, sharing their queries. */
export function createCostServices(options: {
  store: DirectoryStore & UsageSumStore;
  costModel: CostModel;
  alerts: InsightsSettings['alerts'];
  /** The clock reports are computed for; tests fix it. */
  now?: () => number;
}): CostServices {
  const { store, costModel, now } = options;
  const alerts: CostAlertSettings = {
    currency: costModel.currency,
    budgetThresholds: options.alerts.budgetThresholds,
    spikeFactor: options.alerts.spikeFactor,
  };
  const queries = new SpendQueries({ store, now });
  const consumers = new ConsumerCostReporter({ store, costModel, now });
  const deps = { store, queries, costModel, alerts };
  return {
    reports: new CostReports({ ...deps, consumers }),
    consumers,
    csv: new CostCsvExport(deps),
    budgets: new BudgetContexts(deps),
    pricing: hidden => describePricing(deps, hidden),
    estimateCompute: request => estimateComputeCost(costModel, request),
  };
}
