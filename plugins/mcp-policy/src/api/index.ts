export { mcpPolicyApiRef } from './McpPolicyApi';
export type { McpPolicyApi } from './McpPolicyApi';
