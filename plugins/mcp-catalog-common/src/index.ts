/**
 * Entity model (annotations, the `mcp-server` filter, refs), API types and permissions of the MCP
 * catalog.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './entity';
export * from './mcpServerSpec';
export * from './permissions';
export * from './api';
export * from './gatewayNames';
export * from './events';
