import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { AlertNotifier } from '../alerts/AlertNotifier';
import { InsightsSettings } from '../config/readInsightsConfig';
import { CostReports } from '../cost/CostReports';
import { UsageRollupStore } from '../database/InsightsStore';
import { PendingUsageFolder } from '../ingest/PendingUsageFolder';
import { InsightsMetrics } from '../metrics/InsightsMetrics';
import { UsageCollector } from './UsageCollector';

/** Id of the scheduled collection task, also triggered by `POST /v1/collection/run`. */
export const COLLECT_TASK_ID = 'mcp-insights-collect';
/** Id of the scheduled alert evaluation, also triggered by `POST /v1/alerts/run`. */
export const ALERTS_TASK_ID = 'mcp-insights-alerts';
/** Id of the retention task. */
export const RETENTION_TASK_ID = 'mcp-insights-retention';

/**
 * Schedules collection (every `collection.frequencySeconds`, then leftover pushed batches and
 * the budget gauges), alert notifications (every `alerts.notifications.frequencySeconds`, when
 * enabled) and retention (every 6 hours) as global scheduler tasks: one replica runs each at a
 * time.
 */
export async function scheduleInsightsTasks(deps: {
  scheduler: SchedulerService;
  collector: UsageCollector;
  folder: PendingUsageFolder;
  costs: Pick<CostReports, 'budgetUse'>;
  alerts?: AlertNotifier;
  store: UsageRollupStore;
  metrics: InsightsMetrics;
  settings: InsightsSettings;
  logger: LoggerService;
}) {
  const { scheduler, settings } = deps;
  await scheduler.scheduleTask({
    id: COLLECT_TASK_ID,
    frequency: { seconds: settings.collection.frequencySeconds },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 5 },
    fn: async () => {
      await deps.collector.run();
      // Batches staged by a replica that stopped before folding them are counted here.
      await deps.folder.flush();
      deps.metrics.budgetUsed.reset();
      for (const { team, usedRatio } of await deps.costs.budgetUse()) {
        deps.metrics.budgetUsed.set({ team }, usedRatio);
      }
    },
  });
  const { alerts } = deps;
  if (alerts) {
    await scheduler.scheduleTask({
      id: ALERTS_TASK_ID,
      frequency: { seconds: settings.alerts.notifications.frequencySeconds },
      timeout: { minutes: 10 },
      // After the first collection, so the first evaluation sees fresh spend and SLOs.
      initialDelay: { seconds: 30 },
      fn: async () => {
        await alerts.evaluate();
      },
    });
  }
  await scheduler.scheduleTask({
    id: RETENTION_TASK_ID,
    frequency: { hours: 6 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 2 },
    fn: async () => {
      const nowSeconds = Math.floor(Date.now() / 1000);
      const r = settings.retention;
      const deleted = await deps.store.applyRetention({
        fiveMinute: nowSeconds - r.fiveMinuteHours * 3600,
        hourly: nowSeconds - r.hourlyDays * 86400,
        daily: nowSeconds - r.dailyDays * 86400,
        eventIds: nowSeconds - r.eventIdDays * 86400,
      });
      if (deleted)
        deps.logger.info(`MCP insights retention: ${deleted} old rows deleted`);
    },
  });
}
