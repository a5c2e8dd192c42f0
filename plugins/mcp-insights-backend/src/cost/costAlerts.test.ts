import { ServerCost } from '@mcp-platform/plugin-mcp-insights-common';
import { dayFromIso } from '../rollups/time';
import { DailyMap } from './amounts';
import {
  CostAlertSettings,
  serverBudgetAlerts,
  spendSpikes,
} from './costAlerts';
import { resolvePeriod } from './costPeriod';

const settings: CostAlertSettings = {
  currency: 'USD',
  budgetThresholds: [0.5, 0.9, 1],
  spikeFactor: 3,
};
const period = resolvePeriod(undefined, Date.parse('2026-11-15T12:00:00Z'));
const daily = (days: Record<string, number>): DailyMap =>
  new Map(
    Object.entries(days).map(([d, v]) => [
      dayFromIso(d),
      { compute: v, llmTokens: 0, other: 0 },
    ]),
  );
const week = (from: number, to: number, value: number) =>
  Object.fromEntries(
    Array.from({ length: to - from + 1 }, (_, i) => [
      `2026-11-${String(from + i).padStart(2, '0')}`,
      value,
    ]),
  );

describe('spendSpikes', () => {
  it("flags a day above the factor × the 7 days before it, in the period's last week", () => {
    const alerts = spendSpikes({
      daily: daily({ ...week(1, 13, 1), '2026-11-14': 4, '2026-11-15': 1 }),
      period,
      team: 'group:default/payments',
      serverRef: 'api:default/ledger',
      name: 'Ledger',
      settings,
    });
    expect(alerts).toEqual([
      {
        kind: 'spend-spike',
        severity: 'warning',
        team: 'group:default/payments',
        serverRef: 'api:default/ledger',
        threshold: 3,
        value: 4,
        date: '2026-11-14',
        message: 'Ledger spent USD 4.00 on 2026-11-14, 4.0× its 7-day average.',
      },
    ]);
  });

  it('says nothing while a day has fewer than 7 days of history before it', () => {
    expect(
      spendSpikes({
        daily: daily({ ...week(10, 14, 1), '2026-11-15': 100 }),
        period,
        team: 'group:default/payments',
        name: 'Payments',
        settings,
      }),
    ).toEqual([]);
  });
});

describe('serverBudgetAlerts', () => {
  const server: ServerCost = {
    serverRef: 'api:default/ledger',
    name: 'ledger',
    team: 'group:default/payments',
    compute: 0,
    llmTokens: 0,
    other: 18,
    total: 18,
    calls: 1,
    errors: 0,
    costPer1000Calls: null,
    tools: [],
  };

  it('has none for a server without a budget of its own', () => {
    expect(serverBudgetAlerts(server, settings)).toEqual([]);
  });

  it('names the server and reports the highest threshold its spend reached', () => {
    const alerts = serverBudgetAlerts(
      {
        ...server,
        budget: {
          monthlyBudget: 20,
          source: 'annotation',
          monthToDate: 18,
          forecast: 19,
          usedRatio: 0.9,
          forecastRatio: 0.95,
          thresholdReached: 0.9,
          state: 'threshold-reached',
        },
      },
      settings,
    );
    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'budget-threshold',
        serverRef: 'api:default/ledger',
        threshold: 0.9,
        message: expect.stringContaining('ledger has spent 90 %'),
      }),
    ]);
  });
});
