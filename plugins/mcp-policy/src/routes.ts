import { createRouteRef } from '@backstage/frontend-plugin-api';
import { createRouteRef as createLegacyRouteRef } from '@backstage/core-plugin-api';

/** The page of the plugin (new frontend system). */
export const rootRouteRef = createRouteRef();

/** The page of the plugin (legacy frontend system). */
export const legacyRootRouteRef = createLegacyRouteRef({ id: 'mcp-policy' });
