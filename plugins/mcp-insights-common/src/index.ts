/**
 * Cost and SLO types of MCP insights.
 *
 * @packageDocumentation
 */
export * from './slo';
