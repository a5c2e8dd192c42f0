import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { AlertRunStatus } from '@mcp-platform/plugin-mcp-insights-common';
import { InsightsSettings } from '../config/readInsightsConfig';
import { CostReports } from '../cost/CostReports';
import { AlertStateStore } from '../database/InsightsStore';
import { SloEvaluator } from '../slo/SloEvaluator';
import { AlertSignal, costAlertSignals, sloAlertSignals } from './alertSignals';

const LAST_RUN_KEY = 'alerts.lastRun';
/** Alerts not seen for this long (last month's budgets, old spikes) are forgotten. */
const FORGET_AFTER_MS = 62 * 86_400_000;

/**
 * Sends the alerts insights computes (budget thresholds, forecasts, spend spikes, SLO page and
 * ticket) to the owning team through Backstage notifications, once per transition: the state
 * each alert was last notified in is stored, and an evaluation that finds an alert in that state
 * sends nothing. A transition is claimed in the database before it is sent (a conditional
 * update), so two replicas evaluating at once never both send it; a send that fails gives the
 * claim back and the next evaluation tries again. Each notification carries the alert's key as
 * its scope, so a later state of the same alert replaces the earlier notification in the inbox.
 */
export class AlertNotifier {
  constructor(
    private readonly deps: {
      store: AlertStateStore;
      costs: Pick<CostReports, 'currentAlerts'>;
      slos: Pick<SloEvaluator, 'list'>;
      notifications: NotificationService;
      settings: InsightsSettings['alerts'];
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  /** The alerts as they stand now, each with its state. */
  async signals(): Promise<AlertSignal[]> {
    const { pagePath } = this.deps.settings.notifications;
    const [cost, slos] = await Promise.all([
      this.deps.costs.currentAlerts(),
      this.deps.slos.list(),
    ]);
    return [
      ...costAlertSignals({
        ...cost,
        thresholds: this.deps.settings.budgetThresholds,
        pagePath,
      }),
      ...sloAlertSignals({ slos, pagePath }),
    ];
  }

  /** Evaluates every alert and notifies the transitions since the last evaluation. */
  async evaluate(): Promise<AlertRunStatus> {
    const { store, logger } = this.deps;
    const at = (this.deps.now ?? Date.now)();
    const signals = await this.signals();
    const stored = await store.listAlertStates();
    const status: AlertRunStatus = {
      lastRunAt: new Date(at).toISOString(),
      evaluated: signals.length,
      transitions: 0,
      sent: 0,
      failed: 0,
    };
    let firstFailure: string | undefined;
    for (const signal of signals) {
      const previous = stored.get(signal.key)?.state;
      const from = previous ?? 'ok';
      if (signal.state === from) continue;
      const message = signal.state === 'ok' ? signal.resolved : signal.firing;
      // A recovery without a message (forecasts, spikes) is not news: the alert keeps its state.
      if (!message) continue;
      const claimed = await store.claimAlertTransition({
        key: signal.key,
        from: previous,
        to: signal.state,
        teamRef: signal.teamRef,
        atMs: at,
      });
      if (!claimed) continue;
      status.transitions++;
      try {
        await this.deps.notifications.send({
          recipients: { type: 'entity', entityRef: signal.teamRef },
          payload: { ...message, scope: signal.key },
        });
        status.sent++;
      } catch (error) {
        status.failed++;
        firstFailure ??= `${signal.key}: ${(error as Error).message}`;
        await store.claimAlertTransition({
          key: signal.key,
          from: signal.state,
          to: from,
          teamRef: signal.teamRef,
          atMs: at,
        });
      }
    }
    await store.pruneAlertStates(
      at - FORGET_AFTER_MS,
      new Set(signals.map(s => s.key)),
    );
    await store.setMeta(LAST_RUN_KEY, JSON.stringify(status));
    if (status.failed)
      logger.warn(
        `MCP insights: ${status.failed} of ${status.transitions} alert notifications could not be sent (is the notifications backend installed?), retried on the next evaluation; first: ${firstFailure}`,
      );
    else if (status.sent)
      logger.info(`MCP insights: sent ${status.sent} alert notifications`);
    return status;
  }

  /** What the last evaluation did, for `POST /v1/alerts/run`. */
  async lastRun(): Promise<AlertRunStatus> {
    const value = await this.deps.store.getMeta(LAST_RUN_KEY);
    return value
      ? (JSON.parse(value) as AlertRunStatus)
      : { evaluated: 0, transitions: 0, sent: 0, failed: 0 };
  }
}
