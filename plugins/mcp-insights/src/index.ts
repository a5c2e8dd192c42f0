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
} from './plugin';
export { mcpInsightsApiRef, McpInsightsClient } from './api';
export type {
  McpInsightsApi,
  CostExportQuery,
  CostView,
  DownloadedFile,
} from './api';
