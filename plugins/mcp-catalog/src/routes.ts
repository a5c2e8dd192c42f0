import { createRouteRef } from '@backstage/frontend-plugin-api';
import {
  createExternalRouteRef,
  createRouteRef as createLegacyRouteRef,
} from '@backstage/core-plugin-api';

/** The MCP catalog's page (new frontend system). */
export const rootRouteRef = createRouteRef();

/** The MCP catalog's page (legacy frontend system). */
export const legacyRootRouteRef = createLegacyRouteRef({ id: 'mcp-catalog' });

/**
 * The MCP policy page, whose decision log explains the gateway's policy refusals. Optional:
 * without the mcp-policy plugin the rule and decision id show as text. One ref serves both
 * frontend systems; the new one binds it to `mcp-policy.root` by default.
 */
export const policyPageRouteRef = createExternalRouteRef({
  id: 'mcp-catalog:mcp-policy',
  optional: true,
  defaultTarget: 'mcp-policy.root',
});
