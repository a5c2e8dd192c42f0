export { mcpInsightsApiRef } from './McpInsightsApi';
export type {
  CostExportQuery,
  DownloadedFile,
  McpInsightsApi,
} from './McpInsightsApi';
export { McpInsightsClient, serverPath } from './McpInsightsClient';
