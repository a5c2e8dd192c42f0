/**
 * MCP policy engine module that feeds the engine's `budget`, `consumerBudget`, `serverBudget`
 * and `slo` context from the MCP insights backend.
 *
 * @packageDocumentation
 */
export { mcpPolicyModuleInsightsContext as default } from './mcpPolicyModuleInsightsContext';
export { mcpPolicyModuleInsightsContext } from './mcpPolicyModuleInsightsContext';
