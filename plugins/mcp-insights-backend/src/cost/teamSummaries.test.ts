import { UNALLOCATED_TEAM } from '@mcp-platform/plugin-mcp-insights-common';
import { dayFromIso } from '../rollups/time';
import { testSettings } from '../testing/testSettings';
import { DailyMap } from './amounts';
import { resolvePeriod } from './costPeriod';
import { CostModel } from './CostModel';
import { PeriodData } from './SpendQueries';
import { TeamHierarchy } from './TeamHierarchy';
import { rolledDaily, teamSet, teamSummaries } from './teamSummaries';

const ENGINEERING = 'group:default/engineering';
const PAYMENTS = 'group:default/payments';
const ML = 'group:default/ml-platform';
const OWNER = 'user:default/someone';

const daily = (days: Record<string, number>): DailyMap =>
  new Map(
    Object.entries(days).map(([d, v]) => [
      dayFromIso(d),
      { compute: 0, llmTokens: v, other: 0 },
    ]),
  );

/** Payments and ML under engineering; a user owns a server too. Nov 15, noon. */
const data: PeriodData = {
  period: resolvePeriod(undefined, Date.parse('2026-11-15T12:00:00Z')),
  hierarchy: new TeamHierarchy([
    { teamRef: ENGINEERING },
    { teamRef: PAYMENTS, title: 'Payments', parentRef: ENGINEERING },
    { teamRef: ML, parentRef: ENGINEERING },
  ]),
  teamDaily: new Map([
    [PAYMENTS, daily({ '2026-10-02': 10, '2026-11-02': 40, '2026-11-15': 20 })],
    [ML, daily({ '2026-11-03': 5 })],
    [OWNER, daily({ '2026-11-04': 1 })],
  ]),
  teamServers: new Map([
    [PAYMENTS, new Set(['api:default/ledger'])],
    [ML, new Set(['api:default/gateway', 'api:default/classifier'])],
  ]),
};
const settings = {
  currency: 'USD',
  budgetThresholds: [0.5, 1],
  spikeFactor: 3,
};
const costModel = new CostModel(testSettings().cost);

describe('teamSummaries', () => {
  it('rolls child groups up into their parents; an owner that is not a group stands alone', () => {
    expect(teamSet(data, ENGINEERING).sort()).toEqual(
      [ENGINEERING, ML, PAYMENTS].sort(),
    );
    expect(teamSet(data, OWNER)).toEqual([OWNER]);
    const rolled = rolledDaily(data, [PAYMENTS, ML]);
    expect(rolled.get(dayFromIso('2026-11-02'))?.llmTokens).toBe(40);
    expect(rolled.get(dayFromIso('2026-11-03'))?.llmTokens).toBe(5);
  });

  it('sums spend, servers, budget use and change per team, and counts its alerts', () => {
    const summaries = teamSummaries(data, costModel, settings);
    expect(summaries.get(ENGINEERING)).toMatchObject({
      children: [ML, PAYMENTS],
      monthToDate: { llmTokens: 65, total: 65 },
      previousPeriod: { total: 10 },
      changeRatio: 5.5,
      monthlyBudget: 1000,
      budgetSource: 'config',
      usedRatio: 0.065,
      serverCount: 3,
    });
    expect(summaries.get(PAYMENTS)).toMatchObject({
      title: 'Payments',
      parent: ENGINEERING,
      monthToDate: { total: 60 },
      usedRatio: 0.6,
      // The 50 % threshold reached, and the forecast over the budget of 100.
      alertCount: 2,
    });
    expect(summaries.get(OWNER)).toMatchObject({
      monthToDate: { total: 1 },
      monthlyBudget: null,
      usedRatio: null,
    });
    expect(summaries.get(UNALLOCATED_TEAM)).toMatchObject({
      monthToDate: { total: 0 },
      alertCount: 0,
    });
  });
});
