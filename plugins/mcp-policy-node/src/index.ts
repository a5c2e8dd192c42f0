/**
 * Extension point for other plugins to feed inputs to the MCP policy engine.
 *
 * @packageDocumentation
 */
export * from './extensions';
export * from './collectPolicyContext';
