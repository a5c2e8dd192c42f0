/**
 * MCP insights backend plugin: usage collection, rollups, cost model, SLO math, rule export, and
 * the policy engine's budget and SLO inputs.
 *
 * @packageDocumentation
 */
export { mcpInsightsPlugin as default } from './plugin';
export { mcpPolicyModuleInsightsContext } from './policy/mcpPolicyModuleInsightsContext';
