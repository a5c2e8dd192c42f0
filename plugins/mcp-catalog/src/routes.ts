import { createRouteRef } from '@backstage/frontend-plugin-api';
import { createRouteRef as createLegacyRouteRef } from '@backstage/core-plugin-api';

/** The MCP catalog's page (new frontend system). */
export const rootRouteRef = createRouteRef();

/** The MCP catalog's page (legacy frontend system). */
export const legacyRootRouteRef = createLegacyRouteRef({ id: 'mcp-catalog' });
