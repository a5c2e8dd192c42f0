/**
 * Types and permissions of the MCP gateway: the one governed MCP endpoint through which every
 * catalogued tool is called, checked, limited and metered.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './permissions';
