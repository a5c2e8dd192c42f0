/**
 * Cost and SLOs of every MCP server and team: the team cost report, the SLO dashboard and
 * entity tabs.
 *
 * @packageDocumentation
 */
export { mcpInsightsPlugin as default } from './plugin';
export {
  mcpInsightsLegacyPlugin,
  LegacyMcpInsightsPage,
  LegacyEntityMcpServerCostContent,
  LegacyEntityMcpServerSloContent,
  LegacyEntityGroupMcpCostContent,
  LegacyMcpComputeCostEstimateFieldExtension,
} from './plugin';
export type { ComputeCostEstimateUiOptions } from './components/scaffolder/ComputeCostEstimateField';
export { mcpInsightsApiRef, McpInsightsClient } from './api';
export type {
  McpInsightsApi,
  CostExportQuery,
  CostView,
  DownloadedFile,
} from './api';
