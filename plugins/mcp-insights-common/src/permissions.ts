/*
 * Permissions of MCP insights. They are plain objects of the shape `createPermission` returns
 * (`@backstage/plugin-permission-common`'s BasicPermission), so this package stays free of
 * Backstage dependencies and the frontend can import it cheaply.
 */

/**
 * Pushing usage events (calls, tokens, costs) into the rollups.
 *
 * @public
 */
export const mcpInsightsUsagePushPermission = {
  type: 'basic',
  name: 'mcp.insights.usage.push',
  attributes: { action: 'create' },
} as const;

/**
 * Running a collection (scrape or Prometheus query) now, outside the schedule.
 *
 * @public
 */
export const mcpInsightsCollectPermission = {
  type: 'basic',
  name: 'mcp.insights.collection.run',
  attributes: { action: 'update' },
} as const;

/**
 * All permissions of MCP insights, for registration with the permissions registry.
 *
 * @public
 */
export const mcpInsightsPermissions = [
  mcpInsightsUsagePushPermission,
  mcpInsightsCollectPermission,
];
