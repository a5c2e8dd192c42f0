import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { mcpInsightsPermissions } from '@mcp-platform/plugin-mcp-insights-common';
import { ServerVisibility } from './access/ServerVisibility';
import { AlertNotifier } from './alerts/AlertNotifier';
import { CatalogSync } from './collection/CatalogSync';
import { DiscoveryAnswers } from './collection/DiscoveryAnswers';
import { MetricsEndpointReader } from './collection/MetricsEndpointReader';
import { MetricsScraper } from './collection/MetricsScraper';
import { PrometheusSource } from './collection/PrometheusSource';
import { scheduleInsightsTasks } from './collection/scheduleInsightsTasks';
import { UsageCollector } from './collection/UsageCollector';
import { readInsightsConfig } from './config/readInsightsConfig';
import { ComputeCostAccrual } from './cost/ComputeCostAccrual';
import { CostModel } from './cost/CostModel';
import { CostReporter } from './cost/CostReporter';
import { DatabaseInsightsStore } from './database/DatabaseInsightsStore';
import { PendingUsageFolder } from './ingest/PendingUsageFolder';
import { ServerDirectory } from './ingest/ServerDirectory';
import { UsageEventIngestor } from './ingest/UsageEventIngestor';
import { UsagePushScopes } from './ingest/UsagePushScopes';
import { InsightsMetrics } from './metrics/InsightsMetrics';
import { createRouter } from './service/createRouter';
import { SloEvaluator } from './slo/SloEvaluator';

/** MCP insights: usage collection, rollups, cost model and SLO math. */
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
        const costModel = new CostModel(settings.cost);
        const fineRetentionMs = settings.retention.fiveMinuteHours * 3_600_000;
        const computeCosts = new ComputeCostAccrual({ store, costModel });
        const reader = new MetricsEndpointReader({
          network: settings.collection.network,
          timeoutMs: settings.collection.timeoutMs,
          maxResponseBytes: settings.collection.maxResponseBytes,
        });
        deps.lifecycle.addShutdownHook(() => reader.close());
        const collector = new UsageCollector({
          store,
          catalogSync: new CatalogSync({
            catalog: deps.catalog,
            auth: deps.auth,
            store,
          }),
          scraper: new MetricsScraper({
            store,
            costModel,
            metrics,
            settings: { ...settings.collection, fineRetentionMs },
            reader,
          }),
          prometheus: settings.prometheus
            ? new PrometheusSource({
                store,
                costModel,
                metrics,
                settings: {
                  ...settings.prometheus,
                  ...settings.collection,
                  fineRetentionMs,
                },
              })
            : undefined,
          computeCosts,
          discoveryAnswers: new DiscoveryAnswers({
            discovery: deps.discovery,
            auth: deps.auth,
            logger,
          }),
          retentionDays: settings.retention.dailyDays,
          metrics,
          logger,
        });
        const costs = new CostReporter({
          store,
          costModel,
          alerts: settings.alerts,
        });
        const slos = new SloEvaluator({ store, settings: settings.slo });
        const alerts = settings.alerts.notifications.enabled
          ? new AlertNotifier({
              store,
              costs,
              slos,
              notifications: deps.notifications,
              settings: settings.alerts,
              logger,
            })
          : undefined;
        const folder = new PendingUsageFolder({
          store,
          logger,
          fineRetentionMs,
        });
        const ingestor = new UsageEventIngestor({
          store,
          costModel,
          servers: new ServerDirectory(store),
          folder,
          metrics,
          eventIdDays: settings.retention.eventIdDays,
          limits: settings.usage.maxPerEvent,
          computeCosts: {
            accrual: computeCosts,
            retentionDays: settings.retention.dailyDays,
          },
        });
        await scheduleInsightsTasks({
          scheduler,
          collector,
          folder,
          costs,
          alerts,
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
            store,
            collector,
            ingestor,
            costs,
            slos,
            alerts,
            settings,
            visibility: new ServerVisibility({ catalog: deps.catalog, store }),
            pushScopes: new UsagePushScopes({
              catalog: deps.catalog,
              auth: deps.auth,
              store,
              pushForAnyServer: settings.usage.pushForAnyServer,
            }),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
