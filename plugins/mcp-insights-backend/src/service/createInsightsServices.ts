import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { ServerVisibility } from '../access/ServerVisibility';
import { AlertNotifier } from '../alerts/AlertNotifier';
import { CatalogSync } from '../collection/CatalogSync';
import { DiscoveryAnswers } from '../collection/DiscoveryAnswers';
import { MetricsEndpointReader } from '../collection/MetricsEndpointReader';
import { MetricsScraper } from '../collection/MetricsScraper';
import { PrometheusSource } from '../collection/PrometheusSource';
import { UsageCollector } from '../collection/UsageCollector';
import { InsightsSettings } from '../config/readInsightsConfig';
import { ComputeCostAccrual } from '../cost/ComputeCostAccrual';
import { CostModel } from '../cost/CostModel';
import { CostServices, createCostServices } from '../cost/createCostServices';
import { InsightsStore } from '../database/InsightsStore';
import { SloExports } from '../export/SloExports';
import { PendingUsageFolder } from '../ingest/PendingUsageFolder';
import { ServerDirectory } from '../ingest/ServerDirectory';
import { UsageEventIngestor } from '../ingest/UsageEventIngestor';
import { UsagePushScopes } from '../ingest/UsagePushScopes';
import { InsightsMetrics } from '../metrics/InsightsMetrics';
import { SloEvaluator } from '../slo/SloEvaluator';

/** What the insights services are built from: the backend's services and the plugin's own. */
export interface InsightsServicesOptions {
  settings: InsightsSettings;
  store: InsightsStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  metrics: InsightsMetrics;
  /** Finds the MCP catalog, which says when a server first answered (no cost before). */
  discovery?: DiscoveryService;
  /** Sends alerts to owning teams; without it (or with notifications off) none are sent. */
  notifications?: NotificationService;
}

/** The services of the insights plugin, wired to each other as the plugin runs them. */
export interface InsightsServices {
  costModel: CostModel;
  computeCosts: ComputeCostAccrual;
  /** Reads servers' metrics endpoints; close it when the backend stops. */
  reader: MetricsEndpointReader;
  collector: UsageCollector;
  costs: CostServices;
  slos: SloEvaluator;
  sloExports: SloExports;
  /** Budget, forecast, spike and SLO notifications, once per transition; absent when off. */
  alerts?: AlertNotifier;
  /** Folds pushed usage into the rollups in the background; `flush` folds what is pending. */
  folder: PendingUsageFolder;
  ingestor: UsageEventIngestor;
  visibility: ServerVisibility;
  pushScopes: UsagePushScopes;
}

/**
 * Builds the insights services from the settings, once for the plugin and likewise for the
 * benchmark (`yarn bench:insights`), so that what is measured is what runs. Starts nothing:
 * scheduling the tasks and mounting the router are the plugin's.
 */
export function createInsightsServices(
  options: InsightsServicesOptions,
): InsightsServices {
  const { settings, store, catalog, auth, logger, metrics } = options;
  const costModel = new CostModel(settings.cost);
  const fineRetentionMs = settings.retention.fiveMinuteHours * 3_600_000;
  const computeCosts = new ComputeCostAccrual({ store, costModel });
  const reader = new MetricsEndpointReader({
    network: settings.collection.network,
    timeoutMs: settings.collection.timeoutMs,
    maxResponseBytes: settings.collection.maxResponseBytes,
  });
  const collector = new UsageCollector({
    store,
    catalogSync: new CatalogSync({ catalog, auth, store }),
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
    discoveryAnswers: options.discovery
      ? new DiscoveryAnswers({ discovery: options.discovery, auth, logger })
      : undefined,
    retentionDays: settings.retention.dailyDays,
    metrics,
    logger,
  });
  const costs = createCostServices({
    store,
    costModel,
    alerts: settings.alerts,
  });
  const slos = new SloEvaluator({ store, settings: settings.slo });
  const folder = new PendingUsageFolder({ store, logger, fineRetentionMs });
  return {
    costModel,
    computeCosts,
    reader,
    collector,
    costs,
    slos,
    sloExports: new SloExports({ store, slos, settings }),
    alerts:
      options.notifications && settings.alerts.notifications.enabled
        ? new AlertNotifier({
            store,
            costs: costs.reports,
            slos,
            notifications: options.notifications,
            settings: settings.alerts,
            logger,
          })
        : undefined,
    folder,
    ingestor: new UsageEventIngestor({
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
    }),
    visibility: new ServerVisibility({ catalog, store }),
    pushScopes: new UsagePushScopes({
      catalog,
      auth,
      store,
      pushForAnyServer: settings.usage.pushForAnyServer,
    }),
  };
}
