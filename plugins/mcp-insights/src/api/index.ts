export { mcpInsightsApiRef } from './McpInsightsApi';
export type {
  CostExportQuery,
  CostView,
  DownloadedFile,
  McpInsightsApi,
} from './McpInsightsApi';
export { McpInsightsClient } from './McpInsightsClient';
