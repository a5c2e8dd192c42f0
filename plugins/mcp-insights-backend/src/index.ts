/**
 * MCP insights backend plugin.
 *
 * @packageDocumentation
 */
export { mcpInsightsPlugin as default } from './plugin';
