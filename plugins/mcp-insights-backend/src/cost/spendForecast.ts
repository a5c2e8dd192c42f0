import { DAY } from '../rollups/time';
import { addInto, Amounts, DailyMap, totalOf, zero } from './amounts';
import { ResolvedPeriod } from './costPeriod';

/** Days before a report period that are read for spikes and the forecast. */
export const BASELINE_DAYS = 7;

/** Spend of the days from `fromDay` to `toDay`, both included. */
export function sumDays(
  daily: DailyMap,
  fromDay: number,
  toDay: number,
): Amounts {
  const result = zero();
  for (const [day, a] of daily) {
    if (day >= fromDay && day <= toDay) addInto(result, a);
  }
  return result;
}

/**
 * Spend at the end of the period: month-to-date spend + the average daily spend of the last 7
 * days (or since the first day with spend, when later) × the days left. A past month's forecast
 * is what it spent.
 */
export function forecastSpend(
  daily: DailyMap,
  period: ResolvedPeriod,
  monthToDate: number,
): number {
  if (!period.isCurrent) return monthToDate;
  const nowSeconds = period.asOfMs / 1000;
  const withData = [...daily.entries()]
    .filter(([, a]) => totalOf(a) > 0)
    .map(([day]) => day);
  if (!withData.length) return monthToDate;
  const start = Math.max(
    period.endDay - (BASELINE_DAYS - 1) * DAY,
    Math.min(...withData),
  );
  const days = (nowSeconds - start) / DAY;
  if (!(days > 0)) return monthToDate;
  const rate = totalOf(sumDays(daily, start, period.endDay)) / days;
  return (
    monthToDate + rate * Math.max(0, period.daysInMonth - period.daysElapsed)
  );
}

/** Change against the previous period as a ratio; null without previous spend. */
export function changeRatio(
  current: Amounts,
  previous: Amounts,
): number | null {
  const before = totalOf(previous);
  return before > 0 ? (totalOf(current) - before) / before : null;
}
