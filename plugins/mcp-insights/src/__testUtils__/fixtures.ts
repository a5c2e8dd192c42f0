import {
  BurnRateAlertWindow,
  ConsumerCostListResponse,
  ConsumerCostReport,
  CostPeriod,
  DailyCost,
  ServerCost,
  SloObjectiveDetail,
  SloServerDetail,
  SloServerSummary,
  TeamCostListResponse,
  TeamCostReport,
  TeamCostSummary,
} from '@mcp-platform/plugin-mcp-insights-common';

export const period: CostPeriod = {
  month: '2026-11',
  start: '2026-11-01',
  end: '2026-11-15',
  daysInMonth: 30,
  daysElapsed: 14.5,
  previousStart: '2026-10-01',
  previousEnd: '2026-10-15',
};

const breakdown = (compute: number, llmTokens: number, other = 0) => ({
  compute,
  llmTokens,
  other,
  total: compute + llmTokens + other,
});

/** Payments (with its sub-team Ledger) has spent 1 230 of its 1 500 budget: past 80 %. */
export const paymentsSummary: TeamCostSummary = {
  team: 'group:default/payments',
  title: 'Payments',
  children: ['group:default/ledger'],
  monthToDate: breakdown(480, 750),
  previousPeriod: breakdown(400, 693.33),
  changeRatio: 0.125,
  monthlyBudget: 1500,
  budgetSource: 'config',
  forecast: 2610,
  usedRatio: 0.82,
  forecastRatio: 1.74,
  serverCount: 2,
  alertCount: 2,
};

export const ledgerSummary: TeamCostSummary = {
  team: 'group:default/ledger',
  title: 'Ledger',
  parent: 'group:default/payments',
  children: [],
  monthToDate: breakdown(200, 100),
  previousPeriod: breakdown(0, 0),
  changeRatio: null,
  monthlyBudget: null,
  budgetSource: null,
  forecast: 600,
  usedRatio: null,
  forecastRatio: null,
  serverCount: 1,
  alertCount: 0,
};

export const unallocatedSummary: TeamCostSummary = {
  team: 'unallocated',
  children: [],
  monthToDate: breakdown(12, 0),
  previousPeriod: breakdown(0, 0),
  changeRatio: null,
  monthlyBudget: null,
  budgetSource: null,
  forecast: 24,
  usedRatio: null,
  forecastRatio: null,
  serverCount: 1,
  alertCount: 0,
};

export const teamList: TeamCostListResponse = {
  currency: 'USD',
  asOf: '2026-11-15T12:00:00.000Z',
  period,
  total: breakdown(492, 750),
  teams: [paymentsSummary, ledgerSummary, unallocatedSummary],
};

/**
 * Spend by consuming team: analytics (under engineering) called the payments ledger through the
 * gateway for 96 of the month's 300; the rest is direct.
 */
export const consumerList: ConsumerCostListResponse = {
  currency: 'USD',
  asOf: '2026-11-15T12:00:00.000Z',
  period,
  total: breakdown(492, 750),
  attributed: breakdown(64, 32),
  teams: [
    {
      team: 'direct',
      children: [],
      calls: 80000,
      errors: 200,
      cost: breakdown(428, 718),
      serverCount: 2,
    },
    {
      team: 'group:default/engineering',
      title: 'Engineering',
      children: ['group:default/analytics'],
      calls: 40000,
      errors: 40,
      cost: breakdown(64, 32),
      serverCount: 1,
    },
    {
      team: 'group:default/analytics',
      title: 'Analytics',
      parent: 'group:default/engineering',
      children: [],
      calls: 40000,
      errors: 40,
      cost: breakdown(64, 32),
      serverCount: 1,
    },
  ],
};

export const analyticsConsumerReport: ConsumerCostReport = {
  ...consumerList.teams[2],
  currency: 'USD',
  asOf: '2026-11-15T12:00:00.000Z',
  period,
  daily: Array.from({ length: 15 }, (_, i) => ({
    date: `2026-11-${String(i + 1).padStart(2, '0')}`,
    ...breakdown(i >= 12 ? 64 / 3 : 0, i >= 12 ? 32 / 3 : 0),
  })),
  servers: [
    {
      serverRef: 'api:default/payments-ledger',
      name: 'payments-ledger',
      title: 'Payments ledger',
      ownerTeam: 'group:default/ledger',
      calls: 40000,
      errors: 40,
      ...breakdown(64, 32),
      share: 0.32,
    },
  ],
  childTeams: [],
};

const daily: DailyCost[] = Array.from({ length: 15 }, (_, i) => ({
  date: `2026-11-${String(i + 1).padStart(2, '0')}`,
  ...breakdown(32, i === 11 ? 190 : 40),
}));

export const ledgerServer: ServerCost = {
  serverRef: 'api:default/payments-ledger',
  name: 'payments-ledger',
  title: 'Payments ledger',
  team: 'group:default/ledger',
  ...breakdown(200, 100),
  calls: 120000,
  errors: 240,
  costPer1000Calls: 2.5,
  tools: [
    {
      tool: 'refund_payment',
      calls: 20000,
      errors: 40,
      directCost: 30,
      sharedCost: 40,
      totalCost: 70,
      costPer1000Calls: 3.5,
    },
  ],
};

export const orphanServer: ServerCost = {
  serverRef: 'api:default/legacy-fx',
  name: 'legacy-fx',
  team: 'unallocated',
  ...breakdown(12, 0),
  calls: 0,
  errors: 0,
  costPer1000Calls: null,
  tools: [],
};

export const paymentsReport: TeamCostReport = {
  ...paymentsSummary,
  currency: 'USD',
  asOf: '2026-11-15T12:00:00.000Z',
  period,
  daily,
  models: [
    {
      model: 'gpt-4o-mini',
      inputTokens: 1_000_000,
      outputTokens: 250_000,
      cachedTokens: 0,
      cost: 750,
    },
  ],
  servers: [ledgerServer, orphanServer],
  childTeams: [ledgerSummary],
  alerts: [
    {
      kind: 'budget-threshold',
      severity: 'info',
      team: 'group:default/payments',
      threshold: 0.8,
      value: 0.82,
      message:
        'Payments has spent 82 % of its monthly budget (USD 1230.00 of USD 1500.00), past the 80 % threshold.',
    },
    {
      kind: 'spend-spike',
      severity: 'warning',
      team: 'group:default/ledger',
      serverRef: 'api:default/payments-ledger',
      threshold: 3,
      value: 3.4,
      date: '2026-11-12',
      message:
        'Payments ledger spent USD 232.00 on 2026-11-12, 3.4× its 7-day average.',
    },
  ],
};

const windows = (firing: 'page' | 'none'): BurnRateAlertWindow[] => [
  {
    severity: 'page',
    longWindow: '1h',
    shortWindow: '5m',
    factor: 14.4,
    longBurnRate: firing === 'page' ? 20 : 0.5,
    shortBurnRate: firing === 'page' ? 22 : 0.4,
    firing: firing === 'page',
  },
  {
    severity: 'page',
    longWindow: '6h',
    shortWindow: '30m',
    factor: 6,
    longBurnRate: 2,
    shortBurnRate: 3,
    firing: false,
  },
  {
    severity: 'ticket',
    longWindow: '1d',
    shortWindow: '2h',
    factor: 3,
    longBurnRate: 1,
    shortBurnRate: 2,
    firing: false,
  },
  {
    severity: 'ticket',
    longWindow: '3d',
    shortWindow: '6h',
    factor: 1,
    longBurnRate: 0.8,
    shortBurnRate: 2,
    firing: false,
  },
];

export function availability(
  overrides: Partial<SloObjectiveDetail> = {},
): SloObjectiveDetail {
  return {
    id: 'availability',
    kind: 'availability',
    target: 0.999,
    windowDays: 30,
    sli: 0.9992,
    totalEvents: 100000,
    badEvents: 80,
    errorBudgetRemaining: 0.2,
    currentBurnRate: 20,
    timeToExhaustionHours: 7.2,
    burnRates: windows('page'),
    status: 'page',
    burnDown: [
      {
        timestamp: '2026-10-16T12:00:00.000Z',
        remaining: 1,
        ideal: 1,
      },
      {
        timestamp: '2026-11-01T00:00:00.000Z',
        remaining: 0.6,
        ideal: 0.48,
      },
      {
        timestamp: '2026-11-15T12:00:00.000Z',
        remaining: 0.2,
        ideal: 0,
      },
    ],
    ...overrides,
  };
}

const summary = (
  name: string,
  remaining: number | null,
  status: 'page' | 'ticket' | 'ok',
): SloServerSummary => {
  const { burnDown: _unused, ...objective } = availability({
    errorBudgetRemaining: remaining,
    status,
    burnRates: windows(status === 'page' ? 'page' : 'none'),
  });
  return {
    serverRef: `api:default/${name}`,
    name,
    team: 'group:default/payments',
    definition: 'availability=99.9',
    source: 'annotation',
    objectives: [objective],
    errorBudgetRemaining: remaining,
    status,
    calls: remaining === null ? 0 : 1000,
  };
};

/** Servers in no particular order: the dashboard must sort them. */
export const sloServers: SloServerSummary[] = [
  summary('search-docs', 0.93, 'ok'),
  {
    serverRef: 'api:default/no-slo',
    name: 'no-slo',
    team: 'unallocated',
    objectives: [],
    errorBudgetRemaining: null,
    status: 'ok',
    calls: 10,
  },
  summary('payments-ledger', 0.05, 'page'),
  summary('fx-rates', 0.41, 'ticket'),
];

export const ledgerSlo: SloServerDetail = {
  serverRef: 'api:default/payments-ledger',
  name: 'payments-ledger',
  title: 'Payments ledger',
  team: 'group:default/ledger',
  definition: 'availability=99.9,window=30d',
  source: 'annotation',
  asOf: '2026-11-15T12:00:00.000Z',
  errorBudgetRemaining: 0.2,
  status: 'page',
  calls: 100000,
  objectives: [availability()],
  tools: [
    {
      tool: 'refund_payment',
      source: 'config',
      objectives: [
        (({ burnDown: _unused, ...o }) => o)(
          availability({ errorBudgetRemaining: 0.1, timeToExhaustionHours: 3 }),
        ),
      ],
      errorBudgetRemaining: 0.1,
      status: 'page',
      calls: 2000,
    },
  ],
};
