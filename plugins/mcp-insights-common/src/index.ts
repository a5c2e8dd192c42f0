/**
 * Cost and SLO types of MCP insights: API shapes, the usage event schema, SLO annotation
 * parsing, the cost estimate request, permissions.
 *
 * @packageDocumentation
 */
export * from './slo';
export * from './api';
export * from './usageEvent';
export * from './costEstimate';
export * from './annotations';
export * from './permissions';
