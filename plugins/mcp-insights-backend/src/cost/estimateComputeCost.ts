import {
  ComputeCostEstimate,
  ComputeCostEstimateRequest,
  estimateResources,
  HOURS_PER_MONTH,
} from '@mcp-platform/plugin-mcp-insights-common';
import { money } from './amounts';
import { CostModel } from './CostModel';

/**
 * What a server with these resources would cost in compute over an average month, priced by the
 * cost model that accrues running servers' compute cost, so the estimate shown before creation
 * is the rate the server will be charged at.
 */
export function estimateComputeCost(
  costModel: CostModel,
  request: ComputeCostEstimateRequest,
): ComputeCostEstimate {
  const resources = estimateResources(request);
  const { cpuCoreHour, memoryGbHour } = costModel.settings;
  const hourly = costModel.hourlyComputeCost(resources);
  return {
    currency: costModel.currency,
    costModelConfigured: costModel.settings.computeRatesConfigured,
    ...(request.environment ? { environment: request.environment } : {}),
    resources,
    rates: { cpuCoreHour, memoryGbHour },
    hoursPerMonth: HOURS_PER_MONTH,
    hourly: money(hourly),
    monthly: money(hourly * HOURS_PER_MONTH),
    monthlyBreakdown: {
      cpu: money(
        resources.replicas * resources.cpu * cpuCoreHour * HOURS_PER_MONTH,
      ),
      memory: money(
        resources.replicas *
          resources.memoryGb *
          memoryGbHour *
          HOURS_PER_MONTH,
      ),
    },
  };
}
