/**
 * Policy document schema, decision types and permissions of the MCP policy engine.
 *
 * @packageDocumentation
 */
export * from './permissions';
