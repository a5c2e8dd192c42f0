/**
 * Cost and SLO types of MCP insights: API shapes, SLO annotation parsing, permissions.
 *
 * @packageDocumentation
 */
export * from './slo';
export * from './api';
export * from './annotations';
export * from './permissions';
