import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import GavelIcon from '@material-ui/icons/Gavel';
import { legacyRootRouteRef, rootRouteRef } from './routes';

const page = PageBlueprint.make({
  params: {
    path: '/mcp-policy',
    title: 'MCP policy',
    icon: <GavelIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/McpPolicyPage').then(m => <m.McpPolicyPage />),
  },
});

/** The mcp-policy frontend plugin (new frontend system). */
export const mcpPolicyPlugin = createFrontendPlugin({
  pluginId: 'mcp-policy',
  title: 'MCP policy',
  icon: <GavelIcon fontSize="inherit" />,
  routes: { root: rootRouteRef },
  extensions: [page],
});

/** The mcp-policy plugin for apps still on the legacy frontend system. */
export const mcpPolicyLegacyPlugin = createPlugin({
  id: 'mcp-policy',
  routes: { root: legacyRootRouteRef },
});

/** The mcp-policy page for apps on the legacy frontend system: mount it at `/mcp-policy`. */
export const LegacyMcpPolicyPage = mcpPolicyLegacyPlugin.provide(
  createRoutableExtension({
    name: 'McpPolicyPage',
    component: () =>
      import('./components/McpPolicyPage').then(m => m.McpPolicyPage),
    mountPoint: legacyRootRouteRef,
  }),
);
