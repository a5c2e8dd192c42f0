/**
 * MCP policy engine backend plugin.
 *
 * @packageDocumentation
 */
export { mcpPolicyPlugin as default } from './plugin';
