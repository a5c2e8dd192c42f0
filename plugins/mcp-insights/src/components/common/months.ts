/** `YYYY-MM` of a date, in UTC like the backend's periods. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The current month and the `count - 1` before it, newest first. */
export function recentMonths(now: Date, count = 12): string[] {
  const months: string[] = [];
  for (let i = 0; i < count; i++) {
    months.push(
      monthOf(
        new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)),
      ),
    );
  }
  return months;
}

/** `2026-11` → `November 2026`. */
export function monthLabel(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m - 1, 1)).toLocaleString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
