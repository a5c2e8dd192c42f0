/**
 * Policy document schema, decision types and permissions of the MCP policy engine.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './documents';
export * from './inputs';
export * from './decisions';
export * from './McpPolicyClient';
