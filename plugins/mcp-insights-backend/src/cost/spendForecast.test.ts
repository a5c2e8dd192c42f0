import { dayFromIso } from '../rollups/time';
import { Amounts, DailyMap } from './amounts';
import { resolvePeriod } from './costPeriod';
import { changeRatio, forecastSpend, sumDays } from './spendForecast';

const spend = (other: number): Amounts => ({ compute: 0, llmTokens: 0, other });
const daily = (days: Record<string, number>): DailyMap =>
  new Map(Object.entries(days).map(([d, v]) => [dayFromIso(d), spend(v)]));

describe('spendForecast', () => {
  // Nov 15 at noon: 14.5 of 30 days elapsed, 15.5 left.
  const period = resolvePeriod(undefined, Date.parse('2026-11-15T12:00:00Z'));

  it('sums the days in a range, both ends included', () => {
    const days = daily({ '2026-11-01': 1, '2026-11-02': 2, '2026-11-03': 4 });
    expect(
      sumDays(days, dayFromIso('2026-11-02'), dayFromIso('2026-11-03')).other,
    ).toBe(6);
  });

  it("adds the last 7 days' daily average × the days left to the month-to-date spend", () => {
    // 7 × 10 over Nov 9..15; the week started 6.5 days ago (Nov 9 00:00 to Nov 15 12:00).
    const days = daily(
      Object.fromEntries(
        ['09', '10', '11', '12', '13', '14', '15'].map(d => [
          `2026-11-${d}`,
          10,
        ]),
      ),
    );
    expect(forecastSpend(days, period, 70)).toBeCloseTo(
      70 + (70 / 6.5) * 15.5,
      9,
    );
  });

  it('averages from the first day with spend when that is later than a week ago', () => {
    const days = daily({ '2026-11-14': 12, '2026-11-15': 6 });
    // 18 over 1.5 days = 12 a day.
    expect(forecastSpend(days, period, 18)).toBeCloseTo(18 + 12 * 15.5, 9);
  });

  it('forecasts a past month or a month without spend as what it spent', () => {
    const october = resolvePeriod(
      '2026-10',
      Date.parse('2026-11-15T12:00:00Z'),
    );
    expect(forecastSpend(daily({ '2026-10-30': 5 }), october, 5)).toBe(5);
    expect(forecastSpend(new Map(), period, 0)).toBe(0);
  });

  it('compares with the previous period only when it had spend', () => {
    expect(changeRatio(spend(15), spend(10))).toBeCloseTo(0.5, 9);
    expect(changeRatio(spend(15), spend(0))).toBeNull();
  });
});
