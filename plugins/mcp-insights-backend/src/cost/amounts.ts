import { CostBreakdown } from '@mcp-platform/plugin-mcp-insights-common';

/** Spend of a day or period, before rounding. */
export interface Amounts {
  compute: number;
  llmTokens: number;
  other: number;
}

/** Spend per day (epoch seconds of the day's start). */
export type DailyMap = Map<number, Amounts>;

export const zero = (): Amounts => ({ compute: 0, llmTokens: 0, other: 0 });
export const totalOf = (a: Amounts) => a.compute + a.llmTokens + a.other;
/** Money as the API answers it: rounded to 6 decimals. */
export const money = (v: number) => Math.round(v * 1e6) / 1e6;
export const breakdown = (a: Amounts): CostBreakdown => ({
  compute: money(a.compute),
  llmTokens: money(a.llmTokens),
  other: money(a.other),
  total: money(totalOf(a)),
});
export const addInto = (target: Amounts, a: Amounts, factor = 1) => {
  target.compute += a.compute * factor;
  target.llmTokens += a.llmTokens * factor;
  target.other += a.other * factor;
};

/** A CSV cell: quoted when needed, and never read as a formula by spreadsheets. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
