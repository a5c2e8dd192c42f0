/**
 * Backstage search module that indexes the tools of catalogued MCP servers (documents of type
 * `mcp-tool`), read from the MCP catalog backend's API.
 *
 * @packageDocumentation
 */
export { searchModuleMcpToolCollator as default } from './searchModuleMcpToolCollator';
export { searchModuleMcpToolCollator } from './searchModuleMcpToolCollator';
export { McpToolCollatorFactory } from './McpToolCollatorFactory';
export type { McpToolDocument } from './McpToolCollatorFactory';
