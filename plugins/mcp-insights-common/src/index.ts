/**
 * Cost and SLO types of MCP insights: API shapes, the usage event schema, SLO annotation
 * parsing, permissions.
 *
 * @packageDocumentation
 */
export * from './slo';
export * from './api';
export * from './usageEvent';
export * from './annotations';
export * from './permissions';
