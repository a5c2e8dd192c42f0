import { emptyLatency, latencyOfCall } from '../rollups/latencyBuckets';
import {
  BURN_WINDOWS,
  BurnWindow,
  evaluateObjective,
  objectivesOf,
} from './sloMath';

const sums = (calls: number, errors: number, latency = emptyLatency()) => ({
  calls,
  errors,
  latency,
});
const burn = (
  perWindow: Partial<Record<BurnWindow, ReturnType<typeof sums>>>,
) =>
  Object.fromEntries(
    (Object.keys(BURN_WINDOWS) as BurnWindow[]).map(w => [
      w,
      perWindow[w] ?? sums(0, 0),
    ]),
  ) as Record<BurnWindow, ReturnType<typeof sums>>;

describe('SLO math', () => {
  const [availability, latency] = objectivesOf({
    availabilityTarget: 0.999,
    latency: { percentile: 0.95, thresholdMs: 2000 },
    windowDays: 30,
  });

  it('computes SLI, budget left and time to exhaustion', () => {
    // 100 000 calls in 30 days, 40 failed: budget 100 errors, 60 % left.
    const status = evaluateObjective(
      availability,
      sums(100_000, 40),
      burn({ '5m': sums(100, 0), '1h': sums(1000, 2) }),
    );
    expect(status.sli).toBeCloseTo(0.9996);
    expect(status.errorBudgetRemaining).toBeCloseTo(0.6);
    // Last hour: 0.2 % errors against 0.1 % allowed → burn rate 2; 0.6 × 720 h / 2 = 216 h.
    expect(status.currentBurnRate).toBeCloseTo(2);
    expect(status.timeToExhaustionHours).toBeCloseTo(216);
    expect(status.status).toBe('ok');
  });

  it('clamps the budget at zero and pages on a fast burn in both windows', () => {
    const status = evaluateObjective(
      availability,
      sums(1000, 50),
      burn({
        '5m': sums(100, 20),
        '1h': sums(1000, 50),
        '6h': sums(1000, 50),
        '30m': sums(500, 25),
      }),
    );
    expect(status.errorBudgetRemaining).toBe(0);
    expect(status.timeToExhaustionHours).toBe(0);
    const page = status.burnRates.find(b => b.longWindow === '1h')!;
    expect(page).toMatchObject({
      longBurnRate: expect.closeTo(50),
      shortBurnRate: expect.closeTo(200),
      firing: true,
    });
    expect(status.status).toBe('page');
  });

  it('does not page when the short window has recovered', () => {
    const status = evaluateObjective(
      availability,
      sums(10_000, 50),
      burn({
        '5m': sums(100, 0),
        '1h': sums(1000, 50),
        '1d': sums(5000, 20),
        '2h': sums(2000, 10),
      }),
    );
    expect(status.burnRates[0]).toMatchObject({
      firing: false,
      longBurnRate: expect.closeTo(50),
      shortBurnRate: 0,
    });
    // 1d: 0.4 % errors = 4×, 2h: 0.5 % = 5× → both over 3: ticket.
    expect(status.status).toBe('ticket');
  });

  it('counts slow calls against a latency objective and reports the observed percentile', () => {
    const latencies = emptyLatency();
    const add = (ms: number, n: number) =>
      latencyOfCall(ms).forEach((v, i) => {
        latencies[i] += v * n;
      });
    add(100, 90);
    add(2500, 10);
    const status = evaluateObjective(
      latency,
      sums(100, 0, latencies),
      burn({}),
    );
    expect(status).toMatchObject({
      id: 'latency-p95',
      totalEvents: 100,
      badEvents: 10,
    });
    // 10 % slow against 5 % allowed: the budget is spent twice over.
    expect(status.errorBudgetRemaining).toBe(0);
    expect(status.sli).toBeCloseTo(0.9);
    // p95 = rank 95 in (2000, 2500]: 2000 + 500 × 5/10.
    expect(status.observedLatencyMs).toBe(2250);
    expect(status.currentBurnRate).toBeNull();
  });
});
