import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  BurnRateStatus,
  CollectionStatusResponse,
  ComputeCostEstimate,
  ComputeCostEstimateRequest,
  ConsumerCostListResponse,
  ConsumerCostReport,
  PricingResponse,
  ServerCostReport,
  SloListResponse,
  SloServerDetail,
  TeamCostListResponse,
  TeamCostReport,
} from '@mcp-platform/plugin-mcp-insights-common';

/**
 * A file the backend produced, ready to be saved by the browser.
 *
 * @public
 */
export interface DownloadedFile {
  /** The name the backend suggests (`Content-Disposition`), else a sensible default. */
  fileName: string;
  blob: Blob;
}

/**
 * Whom spend is charged to: the team owning each server, or the teams that called it.
 *
 * @public
 */
export type CostView = 'owning' | 'consuming';

/**
 * Filters of the cost CSV export; the same as the report's.
 *
 * @public
 */
export interface CostExportQuery {
  /** Group entity ref or `unallocated` (or `direct` in the consuming view); every team when left out. */
  team?: string;
  /** `YYYY-MM`; the current month when left out. */
  month?: string;
  /** One row per day and server, or per day, server and tool (owning view only). */
  level: 'server' | 'tool';
  /** `owning` (default) or `consuming`: one row per day, consuming team and server. */
  view?: CostView;
}

/**
 * The MCP insights backend (`/api/mcp-insights`), as the UI uses it.
 *
 * @public
 */
export interface McpInsightsApi {
  /** Every team with spend or a budget, `unallocated` included, most expensive first. */
  listTeamCosts(query?: { month?: string }): Promise<TeamCostListResponse>;
  /** A team's cost report, its child groups rolled up. */
  getTeamCostReport(query: {
    team: string;
    month?: string;
  }): Promise<TeamCostReport>;
  /**
   * Spend by consuming team: each server's daily spend charged to the teams that called it
   * through the MCP gateway, `direct` for the rest.
   */
  listConsumerCosts(query?: {
    month?: string;
  }): Promise<ConsumerCostListResponse>;
  /** What one consuming team (its child groups included) spent through the gateway. */
  getConsumerCostReport(query: {
    team: string;
    month?: string;
  }): Promise<ConsumerCostReport>;
  /** One server's spend, by its entity ref (`api:default/payments-ledger`). */
  getServerCostReport(query: {
    serverRef: string;
    month?: string;
  }): Promise<ServerCostReport>;
  /** The cost CSV, fetched with the user's credentials. */
  exportCostCsv(query: CostExportQuery): Promise<DownloadedFile>;
  /** Prices, rates, budgets and alert settings in use. */
  getPricing(): Promise<PricingResponse>;
  /**
   * What a server with these replicas, CPU and memory would cost in compute per month, priced
   * by the cost model (for the MCP server template, before the server exists).
   */
  estimateComputeCost(
    request: ComputeCostEstimateRequest,
  ): Promise<ComputeCostEstimate>;
  /** Every server's SLO status, least remaining error budget first. */
  listSloServers(query?: {
    team?: string;
    status?: BurnRateStatus;
  }): Promise<SloListResponse>;
  /** One server's objectives with burn-down and per-tool SLOs. */
  getSloServer(serverRef: string): Promise<SloServerDetail>;
  /** State of usage collection, for telling users why there is no data yet. */
  getCollectionStatus(): Promise<CollectionStatusResponse>;
  /** Prometheus recording and alerting rules of one server's SLOs, or of all servers'. */
  exportPrometheusRules(query?: {
    serverRef?: string;
  }): Promise<DownloadedFile>;
  /** The Grafana dashboard JSON of one server. */
  exportGrafanaDashboard(serverRef: string): Promise<DownloadedFile>;
}

/**
 * The MCP insights API's ref.
 *
 * @public
 */
export const mcpInsightsApiRef = createApiRef<McpInsightsApi>().with({
  id: 'plugin.mcp-insights.service',
  pluginId: 'mcp-insights',
});
