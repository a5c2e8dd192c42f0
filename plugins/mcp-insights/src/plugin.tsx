import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import TimelineIcon from '@material-ui/icons/Timeline';
import { legacyRootRouteRef, rootRouteRef } from './routes';

const page = PageBlueprint.make({
  params: {
    path: '/mcp-insights',
    title: 'MCP insights',
    icon: <TimelineIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/McpInsightsPage').then(m => <m.McpInsightsPage />),
  },
});

/** The mcp-insights frontend plugin (new frontend system). */
export const mcpInsightsPlugin = createFrontendPlugin({
  pluginId: 'mcp-insights',
  title: 'MCP insights',
  icon: <TimelineIcon fontSize="inherit" />,
  routes: { root: rootRouteRef },
  extensions: [page],
});

/** The mcp-insights plugin for apps still on the legacy frontend system. */
export const mcpInsightsLegacyPlugin = createPlugin({
  id: 'mcp-insights',
  routes: { root: legacyRootRouteRef },
});

/** The mcp-insights page for apps on the legacy frontend system: mount it at `/mcp-insights`. */
export const LegacyMcpInsightsPage = mcpInsightsLegacyPlugin.provide(
  createRoutableExtension({
    name: 'McpInsightsPage',
    component: () =>
      import('./components/McpInsightsPage').then(m => m.McpInsightsPage),
    mountPoint: legacyRootRouteRef,
  }),
);
