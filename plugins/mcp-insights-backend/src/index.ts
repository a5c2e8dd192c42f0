/**
 * MCP insights backend plugin: usage collection, rollups, cost model, SLO math and rule export.
 * The policy engine's budget and SLO inputs are the module
 * `@mcp-platform/plugin-mcp-policy-backend-module-insights`.
 *
 * @packageDocumentation
 */
export { mcpInsightsPlugin as default } from './plugin';
