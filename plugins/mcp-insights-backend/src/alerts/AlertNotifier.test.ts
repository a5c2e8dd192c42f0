import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import {
  BurnRateStatus,
  CostAlert,
  SloListResponse,
  TeamCostSummary,
} from '@mcp-platform/plugin-mcp-insights-common';
import { DatabaseInsightsStore } from '../database/DatabaseInsightsStore';
import { migrationConfig } from '../database/migrations';
import { testSettings } from '../testing/testSettings';
import { AlertNotifier } from './AlertNotifier';

jest.setTimeout(60_000);

const PAYMENTS = 'group:default/payments';
const LEDGER = 'api:default/payments-ledger';

/** An inbox standing in for the notifications backend; it can be told to be away. */
class RecordingNotifications implements NotificationService {
  sent: NotificationSendOptions[] = [];
  away = false;
  async send(options: NotificationSendOptions) {
    if (this.away) throw new Error('the notifications backend answered 503');
    this.sent.push(options);
  }
}

const summary = (usedRatio: number): TeamCostSummary => ({
  team: PAYMENTS,
  title: 'Payments',
  children: [],
  monthToDate: {
    compute: usedRatio * 100,
    llmTokens: 0,
    other: 0,
    total: usedRatio * 100,
  },
  previousPeriod: { compute: 0, llmTokens: 0, other: 0, total: 0 },
  changeRatio: null,
  monthlyBudget: 100,
  budgetSource: 'config',
  forecast: 0,
  usedRatio,
  forecastRatio: null,
  serverCount: 1,
  alertCount: 0,
});

const sloList = (status: BurnRateStatus): SloListResponse => ({
  asOf: new Date().toISOString(),
  counts: { page: 0, ticket: 0, ok: 0, noSlo: 0 },
  items: [
    {
      serverRef: LEDGER,
      name: 'payments-ledger',
      title: 'Payments ledger',
      team: PAYMENTS,
      objectives: [
        {
          id: 'availability',
          kind: 'availability',
          target: 0.999,
          windowDays: 30,
          sli: 0.9,
          totalEvents: 100,
          badEvents: 10,
          errorBudgetRemaining: 0.4,
          currentBurnRate: 100,
          timeToExhaustionHours: 1,
          burnRates: [
            {
              severity: 'page',
              longWindow: '1h',
              shortWindow: '5m',
              factor: 14.4,
              longBurnRate: 100,
              shortBurnRate: 100,
              firing: status === 'page',
            },
          ],
          status,
        },
      ],
      errorBudgetRemaining: 0.4,
      status,
      calls: 100,
    },
  ],
});

describe('AlertNotifier', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest(migrationConfig);
    const store = DatabaseInsightsStore.fromKnex(knex);
    const world = {
      usedRatio: 0.5,
      alerts: [] as CostAlert[],
      slo: 'ok' as BurnRateStatus,
    };
    const notifications = new RecordingNotifications();
    const notifier = () =>
      new AlertNotifier({
        store,
        costs: {
          currentAlerts: async () => ({
            month: '2026-12',
            teams: new Map([[PAYMENTS, summary(world.usedRatio)]]),
            alerts: world.alerts,
          }),
        },
        slos: { list: async () => sloList(world.slo) },
        notifications,
        settings: testSettings().alerts,
        logger: mockServices.logger.mock(),
      });
    return { world, notifications, notifier };
  }

  it.each(databases.eachSupportedId())(
    'sends a recovery of an SLO, and only once when two replicas evaluate at the same time, on %p',
    async databaseId => {
      const { world, notifications, notifier } = await setup(databaseId);
      const [a, b] = [notifier(), notifier()];
      world.slo = 'page';
      const runs = await Promise.all([a.evaluate(), b.evaluate()]);
      expect(runs.map(r => r.sent).sort()).toEqual([0, 1]);
      expect(notifications.sent).toHaveLength(1);
      expect(notifications.sent[0]).toMatchObject({
        recipients: { type: 'entity', entityRef: PAYMENTS },
        payload: {
          title: 'Payments ledger is burning its error budget fast: page',
          severity: 'critical',
          scope: `slo:${LEDGER}`,
        },
      });

      world.slo = 'ticket';
      await a.evaluate();
      world.slo = 'ok';
      await Promise.all([a.evaluate(), b.evaluate()]);
      expect(notifications.sent.map(n => n.payload.title)).toEqual([
        'Payments ledger is burning its error budget fast: page',
        'Payments ledger is burning its error budget: ticket',
        'Payments ledger no longer burns its error budget too fast',
      ]);
      expect(notifications.sent[2].payload.severity).toBe('low');
    },
  );

  it.each(databases.eachSupportedId())(
    'retries a notification the backend did not take, and says a forecast once a month, on %p',
    async databaseId => {
      const { world, notifications, notifier } = await setup(databaseId);
      const notify = notifier();
      const forecast: CostAlert = {
        kind: 'budget-forecast',
        severity: 'warning',
        team: PAYMENTS,
        threshold: 1,
        value: 1.3,
        message: 'At the last 7 days’ pace Payments will spend USD 130.00.',
      };
      world.alerts = [forecast];
      notifications.away = true;
      expect(await notify.evaluate()).toMatchObject({
        transitions: 1,
        sent: 0,
        failed: 1,
      });
      notifications.away = false;
      expect(await notify.evaluate()).toMatchObject({ sent: 1, failed: 0 });
      expect(notifications.sent[0].payload).toMatchObject({
        title: 'Payments is on course to overspend its MCP budget for 2026-12',
        link: '/mcp-insights?team=group%3Adefault%2Fpayments&month=2026-12',
      });

      // The pace drops and rises again within the month: no second forecast notification.
      world.alerts = [];
      await notify.evaluate();
      world.alerts = [forecast];
      expect(await notify.evaluate()).toMatchObject({ transitions: 0 });
      expect(notifications.sent).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'names the culprit server of a spike rather than the team, once per day, on %p',
    async databaseId => {
      const { world, notifications, notifier } = await setup(databaseId);
      const spike = (serverRef?: string): CostAlert => ({
        kind: 'spend-spike',
        severity: 'warning',
        team: PAYMENTS,
        serverRef,
        threshold: 3,
        value: 5.2,
        date: '2026-12-14',
        message: `${serverRef ?? 'Payments'} spent USD 52.00 on 2026-12-14.`,
      });
      world.alerts = [spike(), spike(LEDGER)];
      await notifier().evaluate();
      await notifier().evaluate();
      expect(notifications.sent.map(n => n.payload.description)).toEqual([
        `${LEDGER} spent USD 52.00 on 2026-12-14.`,
      ]);
      expect(notifications.sent[0].payload.title).toBe(
        'MCP spend spike on 2026-12-14: 5.2× the 7-day average',
      );
    },
  );
});
