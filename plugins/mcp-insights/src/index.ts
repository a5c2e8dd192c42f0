/**
 * Cost and SLOs of every MCP server and team.
 *
 * @packageDocumentation
 */
export { mcpInsightsPlugin as default } from './plugin';
export { mcpInsightsLegacyPlugin, LegacyMcpInsightsPage } from './plugin';
