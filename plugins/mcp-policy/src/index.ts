/**
 * Policies, playground and the decision log of the MCP policy engine.
 *
 * @packageDocumentation
 */
export { mcpPolicyPlugin as default } from './plugin';
export { mcpPolicyLegacyPlugin, LegacyMcpPolicyPage } from './plugin';
export { mcpPolicyApiRef } from './api';
export type { McpPolicyApi } from './api';
