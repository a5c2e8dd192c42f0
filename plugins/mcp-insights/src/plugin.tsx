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
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import TimelineIcon from '@material-ui/icons/Timeline';
import { mcpInsightsApiRef, McpInsightsClient } from './api';
import { legacyRootRouteRef, rootRouteRef } from './routes';
import {
  COMPUTE_COST_ESTIMATE_FIELD,
  ComputeCostEstimateField,
} from './components/scaffolder/ComputeCostEstimateField';

/** The insights backend's client, from discovery and the signed-in fetch. */
export const mcpInsightsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: mcpInsightsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new McpInsightsClient({ discoveryApi, fetchApi }),
    }),
});

/** The page at `/mcp-insights`: team cost report and SLO dashboard tabs. */
export const mcpInsightsPage = PageBlueprint.make({
  params: {
    path: '/mcp-insights',
    title: 'MCP insights',
    icon: <TimelineIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    // The page brings its own header, which carries the tabs.
    noHeader: true,
    loader: () =>
      import('./components/McpInsightsPage').then(m => <m.McpInsightsPage />),
  },
});

/** The "Cost" tab of `mcp-server` API entities. */
export const mcpServerCostContent = EntityContentBlueprint.make({
  name: 'server-cost',
  params: {
    path: '/mcp-cost',
    title: 'Cost',
    filter: MCP_SERVER_ENTITY_FILTER,
    loader: () =>
      import('./components/entity/EntityServerCostContent').then(m => (
        <m.EntityServerCostContent />
      )),
  },
});

/** The "SLO" tab of `mcp-server` API entities. */
export const mcpServerSloContent = EntityContentBlueprint.make({
  name: 'server-slo',
  params: {
    path: '/mcp-slo',
    title: 'SLO',
    filter: MCP_SERVER_ENTITY_FILTER,
    loader: () =>
      import('./components/entity/EntityServerSloContent').then(m => (
        <m.EntityServerSloContent />
      )),
  },
});

/** The "MCP cost" tab of Group entities. */
export const mcpGroupCostContent = EntityContentBlueprint.make({
  name: 'group-cost',
  params: {
    path: '/mcp-cost',
    title: 'MCP cost',
    filter: { kind: 'group' },
    loader: () =>
      import('./components/entity/EntityGroupCostContent').then(m => (
        <m.EntityGroupCostContent />
      )),
  },
});

/**
 * The scaffolder field `McpComputeCostEstimate`: the estimated monthly compute cost of the server
 * the MCP server template is about to create, from the cost model.
 */
export const mcpComputeCostEstimateFormField = FormFieldBlueprint.make({
  name: 'compute-cost-estimate',
  params: {
    field: () =>
      import('./components/scaffolder/computeCostEstimateFormField').then(
        m => m.computeCostEstimateFormField,
      ),
  },
});

/**
 * The mcp-insights frontend plugin (new frontend system).
 *
 * @public
 */
export const mcpInsightsPlugin = createFrontendPlugin({
  pluginId: 'mcp-insights',
  title: 'MCP insights',
  icon: <TimelineIcon fontSize="inherit" />,
  routes: { root: rootRouteRef },
  extensions: [
    mcpInsightsApi,
    mcpInsightsPage,
    mcpServerCostContent,
    mcpServerSloContent,
    mcpGroupCostContent,
    mcpComputeCostEstimateFormField,
  ],
});

/**
 * The mcp-insights plugin for apps still on the legacy frontend system.
 *
 * @public
 */
export const mcpInsightsLegacyPlugin = createPlugin({
  id: 'mcp-insights',
  routes: { root: legacyRootRouteRef },
  apis: [
    createApiFactory({
      api: mcpInsightsApiRef,
      deps: {
        discoveryApi: legacyDiscoveryApiRef,
        fetchApi: legacyFetchApiRef,
      },
      factory: ({ discoveryApi, fetchApi }) =>
        new McpInsightsClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The mcp-insights page for apps on the legacy frontend system: mount it at `/mcp-insights/*`.
 *
 * @public
 */
export const LegacyMcpInsightsPage = mcpInsightsLegacyPlugin.provide(
  createRoutableExtension<() => JSX.Element>({
    name: 'McpInsightsPage',
    component: () =>
      import('./components/McpInsightsPage').then(m => m.McpInsightsPage),
    mountPoint: legacyRootRouteRef,
  }),
);

/**
 * The "Cost" tab content of `mcp-server` APIs, for legacy entity pages.
 *
 * @public
 */
export const LegacyEntityMcpServerCostContent = mcpInsightsLegacyPlugin.provide(
  createComponentExtension<() => JSX.Element>({
    name: 'EntityMcpServerCostContent',
    component: {
      lazy: () =>
        import('./components/entity/EntityServerCostContent').then(
          m => m.EntityServerCostContent,
        ),
    },
  }),
);

/**
 * The "SLO" tab content of `mcp-server` APIs, for legacy entity pages.
 *
 * @public
 */
export const LegacyEntityMcpServerSloContent = mcpInsightsLegacyPlugin.provide(
  createComponentExtension<() => JSX.Element>({
    name: 'EntityMcpServerSloContent',
    component: {
      lazy: () =>
        import('./components/entity/EntityServerSloContent').then(
          m => m.EntityServerSloContent,
        ),
    },
  }),
);

/**
 * The "MCP cost" tab content of groups, for legacy entity pages.
 *
 * @public
 */
export const LegacyEntityGroupMcpCostContent = mcpInsightsLegacyPlugin.provide(
  createComponentExtension<() => JSX.Element>({
    name: 'EntityGroupMcpCostContent',
    component: {
      lazy: () =>
        import('./components/entity/EntityGroupCostContent').then(
          m => m.EntityGroupCostContent,
        ),
    },
  }),
);

/**
 * The scaffolder field `McpComputeCostEstimate`, for apps on the legacy frontend system: put it
 * inside `<ScaffolderFieldExtensions>` of the scaffolder page.
 *
 * @public
 */
export const LegacyMcpComputeCostEstimateFieldExtension =
  mcpInsightsLegacyPlugin.provide(
    createScaffolderFieldExtension({
      name: COMPUTE_COST_ESTIMATE_FIELD,
      component: ComputeCostEstimateField,
    }),
  );
