import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef as legacyDiscoveryApiRef,
  fetchApiRef as legacyFetchApiRef,
} from '@backstage/core-plugin-api';
import { McpPolicyClient } from '@mcp-platform/plugin-mcp-policy-common';
import GavelIcon from '@material-ui/icons/Gavel';
import { mcpPolicyApiRef } from './api';
import { legacyRootRouteRef, rootRouteRef } from './routes';

/** The engine's client, from discovery and the signed-in fetch. */
export const mcpPolicyApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: mcpPolicyApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new McpPolicyClient({ discoveryApi, fetchApi }),
    }),
});

/** The page at `/mcp-policy`; its title and icon make the nav item. */
export const mcpPolicyPage = PageBlueprint.make({
  params: {
    path: '/mcp-policy',
    title: 'MCP policy',
    icon: <GavelIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    // The page brings its own header, which carries the tabs.
    noHeader: true,
    loader: () =>
      import('./components/McpPolicyPage').then(m => <m.McpPolicyPage />),
  },
});

/**
 * The mcp-policy frontend plugin (new frontend system).
 *
 * @public
 */
export const mcpPolicyPlugin = createFrontendPlugin({
  pluginId: 'mcp-policy',
  title: 'MCP policy',
  icon: <GavelIcon fontSize="inherit" />,
  routes: { root: rootRouteRef },
  extensions: [mcpPolicyApi, mcpPolicyPage],
});

/**
 * The mcp-policy plugin for apps still on the legacy frontend system.
 *
 * @public
 */
export const mcpPolicyLegacyPlugin = createPlugin({
  id: 'mcp-policy',
  routes: { root: legacyRootRouteRef },
  apis: [
    createApiFactory({
      api: mcpPolicyApiRef,
      deps: {
        discoveryApi: legacyDiscoveryApiRef,
        fetchApi: legacyFetchApiRef,
      },
      factory: ({ discoveryApi, fetchApi }) =>
        new McpPolicyClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The mcp-policy page for apps on the legacy frontend system: mount it at `/mcp-policy/*`.
 *
 * @public
 */
export const LegacyMcpPolicyPage = mcpPolicyLegacyPlugin.provide(
  createRoutableExtension<() => JSX.Element>({
    name: 'McpPolicyPage',
    component: () =>
      import('./components/McpPolicyPage').then(m => m.McpPolicyPage),
    mountPoint: legacyRootRouteRef,
  }),
);
