import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { mcpCatalogPermissions } from '@mcp-platform/plugin-mcp-catalog-common';
import { createGetServerAction } from './actions/createGetServerAction';
import { createListChangedToolsAction } from './actions/createListChangedToolsAction';
import { createSearchToolsAction } from './actions/createSearchToolsAction';
import { DatabaseMcpCatalogStore } from './database/DatabaseMcpCatalogStore';
import { DiscoveryScheduler } from './discovery/DiscoveryScheduler';
import { SsrfGuard } from '@mcp-platform/plugin-mcp-catalog-node';
import { RiskScanner } from './scan/RiskScanner';
import { createRouter } from './service/createRouter';
import { toolChangeAnnouncer } from './service/toolChangeAnnouncer';
import { readCatalogConfig } from './service/readCatalogConfig';
import { VisibleMcpServers } from './service/VisibleMcpServers';

/**
 * The MCP catalog backend: discovery of MCP servers' tools, their history and risk findings, and
 * a private MCP registry.
 *
 * @public
 */
export const mcpCatalogPlugin = createBackendPlugin({
  pluginId: 'mcp-catalog',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { logger, httpRouter, httpAuth, permissions, lifecycle } = deps;
        const config = readCatalogConfig(deps.config);
        deps.permissionsRegistry.addPermissions(mcpCatalogPermissions);
        const store = await DatabaseMcpCatalogStore.create({
          database: deps.database,
        });
        const guard = new SsrfGuard(config.network);
        lifecycle.addShutdownHook(() => guard.close());
        const announce = toolChangeAnnouncer({ events: deps.events, logger });
        const scheduler = new DiscoveryScheduler({
          announce,
          store,
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
          fetchFor: entityRef =>
            guard.createFetch({
              maxResponseBytes: config.maxResponseBytes,
              credentials: config.credentials.forEntity(entityRef),
            }),
          scanner: new RiskScanner({
            extraRules: config.riskRules,
            maxDescriptionLength: config.maxDescriptionLength,
          }),
          settings: config.discovery,
        });
        await deps.scheduler.scheduleTask({
          id: 'mcp-catalog-discovery',
          frequency: { seconds: config.frequencySeconds },
          timeout: { minutes: 15 },
          initialDelay: { seconds: 3 },
          fn: async signal => {
            await scheduler.run(signal);
          },
        });
        const visibleServers = new VisibleMcpServers({
          catalog: deps.catalog,
          permissions,
        });
        const actions = {
          actionsRegistry: deps.actionsRegistry,
          store,
          visibleServers,
        };
        createSearchToolsAction(actions);
        createGetServerAction(actions);
        createListChangedToolsAction(actions);
        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            permissions,
            auditor: deps.auditor,
            store,
            scheduler,
            visibleServers,
            registry: config.registry,
            announce,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
