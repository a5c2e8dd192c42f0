import { ConfigReader } from '@backstage/config';
import { readInsightsConfig } from '../config/readInsightsConfig';
import { testSettings } from '../testing/testSettings';
import { computeCostRows } from './ComputeCostAccrual';
import { CostModel } from './CostModel';
import { estimateComputeCost } from './estimateComputeCost';

const HOUR = 3_600_000;

describe('estimateComputeCost', () => {
  it('prices the form at the rate the running server will be charged', () => {
    const costModel = new CostModel(testSettings().cost);
    const estimate = estimateComputeCost(costModel, {
      replicas: 3,
      cpu: 0.25,
      memoryMiB: 1024,
    });
    // The template writes the same resources as this annotation; accrue one hour of it.
    const now = Date.parse('2026-11-15T12:00:00Z');
    const [row] = computeCostRows(
      [
        {
          serverRef: 'api:default/refund-desk',
          name: 'refund-desk',
          teamRef: 'group:default/payments',
          resourcesAnnotation: 'replicas=3,cpu=250m,memory=1024Mi',
          firstSeenAt: now - HOUR,
          aliveSince: now - HOUR,
          lastSeenAt: now,
        },
      ],
      now,
      costModel,
      1,
    );
    expect(row.hours).toBe(1);
    expect(estimate.hourly).toBeCloseTo(row.cost, 6);
    expect(estimate.monthly).toBeCloseTo(row.cost * 730, 6);
    expect(
      estimate.monthlyBreakdown.cpu + estimate.monthlyBreakdown.memory,
    ).toBeCloseTo(estimate.monthly, 5);
    expect(estimate).toMatchObject({
      currency: 'USD',
      costModelConfigured: true,
      rates: { cpuCoreHour: 0.04, memoryGbHour: 0.005 },
      hoursPerMonth: 730,
    });
    expect(estimate).not.toHaveProperty('environment');
  });

  it('says when no cost model is configured and the defaults priced it', () => {
    const estimate = estimateComputeCost(
      new CostModel(readInsightsConfig(new ConfigReader({})).cost),
      { replicas: 1, cpu: 1, memoryGb: 1, environment: 'staging' },
    );
    expect(estimate).toMatchObject({
      costModelConfigured: false,
      environment: 'staging',
      rates: { cpuCoreHour: 0.04048, memoryGbHour: 0.004445 },
      monthly: expect.closeTo((0.04048 + 0.004445) * 730, 6),
    });
  });
});
