import { MCP_SERVER_ENTITY_FILTER } from '@mcp-platform/plugin-mcp-catalog-common';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef as legacyDiscoveryApiRef,
  fetchApiRef as legacyFetchApiRef,
} from '@backstage/core-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import ExtensionIcon from '@material-ui/icons/Extension';
import {
  mcpCatalogApiRef,
  McpCatalogClient,
  mcpGatewayApiRef,
  McpGatewayClient,
  mcpToolAccessApiRef,
  McpToolAccessClient,
} from './api';
import { legacyRootRouteRef, policyPageRouteRef, rootRouteRef } from './routes';

const mcpCatalogApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: mcpCatalogApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new McpCatalogClient({ discoveryApi, fetchApi }),
    }),
});

/** The gateway's client, from discovery and the signed-in fetch. */
export const mcpGatewayApi = ApiBlueprint.make({
  name: 'gateway',
  params: defineParams =>
    defineParams({
      api: mcpGatewayApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new McpGatewayClient({ discoveryApi, fetchApi }),
    }),
});

/** The policy engine's answers for the signed-in user ("may I call this tool?"). */
export const mcpToolAccessApi = ApiBlueprint.make({
  name: 'tool-access',
  params: defineParams =>
    defineParams({
      api: mcpToolAccessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new McpToolAccessClient({ discoveryApi, fetchApi }),
    }),
});

const mcpCatalogPage = PageBlueprint.make({
  params: {
    path: '/mcp',
    title: 'MCP',
    icon: <ExtensionIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    // The page draws its own Header with the tabs; the blueprint's would be a second one.
    noHeader: true,
    loader: () =>
      import('./components/McpCatalogPage').then(m => <m.McpCatalogPage />),
  },
});

const mcpEntityContent = EntityContentBlueprint.make({
  name: 'mcp',
  params: {
    path: '/mcp',
    title: 'MCP',
    filter: MCP_SERVER_ENTITY_FILTER,
    loader: () =>
      import('./components/McpEntityContent').then(m => <m.McpEntityContent />),
  },
});

/**
 * The MCP catalog frontend plugin (new frontend system).
 *
 * @public
 */
export const mcpCatalogPlugin = createFrontendPlugin({
  pluginId: 'mcp-catalog',
  title: 'MCP',
  icon: <ExtensionIcon fontSize="inherit" />,
  routes: { root: rootRouteRef },
  externalRoutes: { policyPage: policyPageRouteRef },
  extensions: [
    mcpCatalogApi,
    mcpGatewayApi,
    mcpToolAccessApi,
    mcpCatalogPage,
    mcpEntityContent,
  ],
});

/**
 * The MCP catalog plugin for apps still on the legacy frontend system.
 *
 * @public
 */
export const mcpCatalogLegacyPlugin = createPlugin({
  id: 'mcp-catalog',
  routes: { root: legacyRootRouteRef },
  externalRoutes: { policyPage: policyPageRouteRef },
  apis: [
    createApiFactory({
      api: mcpCatalogApiRef,
      deps: {
        discoveryApi: legacyDiscoveryApiRef,
        fetchApi: legacyFetchApiRef,
      },
      factory: ({ discoveryApi, fetchApi }) =>
        new McpCatalogClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: mcpGatewayApiRef,
      deps: {
        discoveryApi: legacyDiscoveryApiRef,
        fetchApi: legacyFetchApiRef,
      },
      factory: ({ discoveryApi, fetchApi }) =>
        new McpGatewayClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: mcpToolAccessApiRef,
      deps: {
        discoveryApi: legacyDiscoveryApiRef,
        fetchApi: legacyFetchApiRef,
      },
      factory: ({ discoveryApi, fetchApi }) =>
        new McpToolAccessClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The MCP catalog page, for apps on the legacy frontend system: mount it at `/mcp/*`.
 *
 * @public
 */
export const LegacyMcpCatalogPage = mcpCatalogLegacyPlugin.provide(
  createRoutableExtension<() => JSX.Element>({
    name: 'McpCatalogPage',
    component: () =>
      import('./components/McpCatalogPage').then(m => m.McpCatalogPage),
    mountPoint: legacyRootRouteRef,
  }),
);

/**
 * The "MCP" entity tab content, for legacy entity pages of `mcp-server` APIs.
 *
 * @public
 */
export const LegacyMcpEntityContent = mcpCatalogLegacyPlugin.provide(
  createComponentExtension<(props: { basePath?: string }) => JSX.Element>({
    name: 'McpEntityContent',
    component: {
      lazy: () =>
        import('./components/McpEntityContent').then(m => m.McpEntityContent),
    },
  }),
);
