import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { mcpInsightsPermissions } from '@mcp-platform/plugin-mcp-insights-common';
import { scheduleInsightsTasks } from './collection/scheduleInsightsTasks';
import { readInsightsConfig } from './config/readInsightsConfig';
import { DatabaseInsightsStore } from './database/DatabaseInsightsStore';
import { InsightsMetrics } from './metrics/InsightsMetrics';
import { createInsightsServices } from './service/createInsightsServices';
import { createRouter } from './service/createRouter';

/**
 * MCP insights: usage collection, rollups, cost model and SLO math.
 *
 * @public
 */
export const mcpInsightsPlugin = createBackendPlugin({
  pluginId: 'mcp-insights',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { logger, httpRouter, httpAuth, permissions, scheduler } = deps;
        const settings = readInsightsConfig(deps.config);
        deps.permissionsRegistry.addPermissions(mcpInsightsPermissions);
        const store = await DatabaseInsightsStore.create({
          database: deps.database,
        });
        const metrics = new InsightsMetrics();
        const services = createInsightsServices({
          settings,
          store,
          catalog: deps.catalog,
          auth: deps.auth,
          discovery: deps.discovery,
          notifications: deps.notifications,
          logger,
          metrics,
        });
        deps.lifecycle.addShutdownHook(() => services.reader.close());
        await scheduleInsightsTasks({
          scheduler,
          collector: services.collector,
          folder: services.folder,
          costs: services.costs.reports,
          alerts: services.alerts,
          store,
          metrics,
          settings,
          logger,
        });
        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            permissions,
            scheduler,
            // collector, ingestor, costs, slos, SLO exports, alerts, visibility and push scopes
            ...services,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
