import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import ExtensionIcon from '@material-ui/icons/Extension';
import { legacyRootRouteRef, rootRouteRef } from './routes';

const mcpCatalogPage = PageBlueprint.make({
  params: {
    path: '/mcp',
    title: 'MCP',
    icon: <ExtensionIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/McpCatalogPage').then(m => <m.McpCatalogPage />),
  },
});

/** The MCP catalog frontend plugin (new frontend system). */
export const mcpCatalogPlugin = createFrontendPlugin({
  pluginId: 'mcp-catalog',
  title: 'MCP',
  icon: <ExtensionIcon fontSize="inherit" />,
  routes: { root: rootRouteRef },
  extensions: [mcpCatalogPage],
});

/** The MCP catalog plugin for apps still on the legacy frontend system. */
export const mcpCatalogLegacyPlugin = createPlugin({
  id: 'mcp-catalog',
  routes: { root: legacyRootRouteRef },
});

/** The MCP catalog page, for apps on the legacy frontend system: mount it at `/mcp`. */
export const LegacyMcpCatalogPage = mcpCatalogLegacyPlugin.provide(
  createRoutableExtension({
    name: 'McpCatalogPage',
    component: () =>
      import('./components/McpCatalogPage').then(m => m.McpCatalogPage),
    mountPoint: legacyRootRouteRef,
  }),
);
