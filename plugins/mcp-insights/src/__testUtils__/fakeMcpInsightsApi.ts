import { ResponseError } from '@backstage/errors';
import { CostExportQuery, McpInsightsApi } from '../api';

/** The backend answering as it does on failure: a `ResponseError` from its JSON body. */
export async function backendError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: { method: 'GET', url: '/api/mcp-insights' },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );
}

/** Calls the fake received, for asserting what the UI asked. */
export interface FakeCalls {
  exportCostCsv: CostExportQuery[];
  exportPrometheusRules: { serverRef?: string }[];
  exportGrafanaDashboard: string[];
  getTeamCostReport: { team: string; month?: string }[];
  getConsumerCostReport: { team: string; month?: string }[];
}

/** An in-memory McpInsightsApi; methods a test does not give fail loudly. */
export function fakeMcpInsightsApi(overrides: Partial<McpInsightsApi> = {}): {
  api: McpInsightsApi;
  calls: FakeCalls;
} {
  const calls: FakeCalls = {
    exportCostCsv: [],
    exportPrometheusRules: [],
    exportGrafanaDashboard: [],
    getTeamCostReport: [],
    getConsumerCostReport: [],
  };
  const unexpected = (name: string) => async () => {
    throw new Error(`${name} was not expected in this test`);
  };
  const file = (fileName: string, text: string, type: string) => ({
    fileName,
    blob: new Blob([text], { type }),
  });
  const api: McpInsightsApi = {
    listTeamCosts: overrides.listTeamCosts ?? unexpected('listTeamCosts'),
    getTeamCostReport: async query => {
      calls.getTeamCostReport.push(query);
      return (overrides.getTeamCostReport ?? unexpected('getTeamCostReport'))(
        query,
      );
    },
    listConsumerCosts:
      overrides.listConsumerCosts ?? unexpected('listConsumerCosts'),
    getConsumerCostReport: async query => {
      calls.getConsumerCostReport.push(query);
      return (
        overrides.getConsumerCostReport ?? unexpected('getConsumerCostReport')
      )(query);
    },
    getServerCostReport:
      overrides.getServerCostReport ?? unexpected('getServerCostReport'),
    exportCostCsv: async query => {
      calls.exportCostCsv.push(query);
      return overrides.exportCostCsv
        ? overrides.exportCostCsv(query)
        : file('mcp-cost.csv', 'date,team\r\n', 'text/csv');
    },
    // Only decorates the budget bar; a test that does not care gets the defaults.
    getPricing:
      overrides.getPricing ??
      (async () => ({
        currency: 'USD',
        compute: {
          cpuCoreHour: 0.04,
          memoryGbHour: 0.004,
          defaultResources: { replicas: 1, cpu: 0.25, memoryGb: 0.5 },
        },
        models: [],
        budgets: [],
        serverBudgets: [],
        budgetAlertThresholds: [0.8, 0.9, 1],
        spikeFactor: 3,
      })),
    estimateComputeCost:
      overrides.estimateComputeCost ?? unexpected('estimateComputeCost'),
    listSloServers: overrides.listSloServers ?? unexpected('listSloServers'),
    getSloServer: overrides.getSloServer ?? unexpected('getSloServer'),
    getCollectionStatus:
      overrides.getCollectionStatus ??
      (async () => ({ source: 'scrape', targets: [] })),
    exportPrometheusRules: async query => {
      calls.exportPrometheusRules.push(query ?? {});
      return file('rules.yaml', 'groups: []\n', 'application/yaml');
    },
    exportGrafanaDashboard: async serverRef => {
      calls.exportGrafanaDashboard.push(serverRef);
      return file('dashboard.json', '{}', 'application/json');
    },
  };
  return { api, calls };
}
