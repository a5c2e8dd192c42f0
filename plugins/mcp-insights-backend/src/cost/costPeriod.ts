import { InputError } from '@backstage/errors';
import { CostPeriod } from '@mcp-platform/plugin-mcp-insights-common';
import { DAY, isoDay } from '../rollups/time';

/** A report period in epoch seconds, with the ISO view the API returns. */
export interface ResolvedPeriod extends CostPeriod {
  monthStart: number;
  /** Start of the last day included. */
  endDay: number;
  /** The instant figures are computed for (now, or the month's end for past months). */
  asOfMs: number;
  previousStartDay: number;
  /** Start of the last day of the comparison period. */
  previousEndDay: number;
  isCurrent: boolean;
}

/** Thrown for a month that is malformed or in the future: a 400 from the router. */
export class CostPeriodError extends InputError {}

/**
 * The month to report (`YYYY-MM`, default the current UTC month) as of `nowMs`. The comparison
 * period is the same calendar days of the previous month (days 1..n, n = days touched so far).
 */
export function resolvePeriod(
  month: string | undefined,
  nowMs: number,
): ResolvedPeriod {
  const now = new Date(nowMs);
  let year = now.getUTCFullYear();
  let monthIndex = now.getUTCMonth();
  if (month !== undefined) {
    const m = /^(\d{4})-(\d{2})$/.exec(month);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) {
      throw new CostPeriodError(`month must look like 2026-11, got "${month}"`);
    }
    year = Number(m[1]);
    monthIndex = Number(m[2]) - 1;
  }
  const monthStart = Date.UTC(year, monthIndex, 1) / 1000;
  const nextMonth = Date.UTC(year, monthIndex + 1, 1) / 1000;
  const daysInMonth = Math.round((nextMonth - monthStart) / DAY);
  if (monthStart * 1000 > nowMs) {
    throw new CostPeriodError(`month ${month} has not started yet`);
  }
  const isCurrent = nowMs < nextMonth * 1000;
  const asOfMs = isCurrent ? nowMs : nextMonth * 1000;
  const daysElapsed = isCurrent
    ? (nowMs / 1000 - monthStart) / DAY
    : daysInMonth;
  const endDay = isCurrent
    ? Math.floor(nowMs / 1000 / DAY) * DAY
    : nextMonth - DAY;
  const previousStartDay = Date.UTC(year, monthIndex - 1, 1) / 1000;
  const previousDays = Math.round((monthStart - previousStartDay) / DAY);
  const touched = Math.round((endDay - monthStart) / DAY) + 1;
  const previousEndDay =
    previousStartDay + (Math.min(touched, previousDays) - 1) * DAY;
  return {
    month: `${year}-${String(monthIndex + 1).padStart(2, '0')}`,
    start: isoDay(monthStart),
    end: isoDay(endDay),
    daysInMonth,
    daysElapsed,
    previousStart: isoDay(previousStartDay),
    previousEnd: isoDay(previousEndDay),
    monthStart,
    endDay,
    asOfMs,
    previousStartDay,
    previousEndDay,
    isCurrent,
  };
}

/** The public part of a resolved period. */
export function publicPeriod(p: ResolvedPeriod): CostPeriod {
  return {
    month: p.month,
    start: p.start,
    end: p.end,
    daysInMonth: p.daysInMonth,
    daysElapsed: Math.round(p.daysElapsed * 1e4) / 1e4,
    previousStart: p.previousStart,
    previousEnd: p.previousEnd,
  };
}
