const MiB = 1024 * 1024;

/** A duration as people read it: `8.4 ms`, `312 ms`, `14.2 s`. */
export function formatMs(value: number): string {
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

/** A size in whole mebibytes: `286 MiB`. */
export function formatMiB(bytes: number): string {
  return `${(bytes / MiB).toFixed(0)} MiB`;
}

/**
 * Prints rows as aligned columns, the first row as the header with a rule under it: the
 * summary table every benchmark ends with (measurement, baseline, candidate, ratio, target, met).
 */
export function printTable(
  rows: readonly (readonly string[])[],
  // eslint-disable-next-line no-console
  printLine: (line: string) => void = line => console.log(line),
): void {
  if (!rows.length) return;
  const widths = rows[0].map((_, c) =>
    Math.max(...rows.map(r => (r[c] ?? '').length)),
  );
  rows.forEach((row, i) => {
    printLine(
      widths
        .map((width, c) => (row[c] ?? '').padEnd(width))
        .join('  ')
        .trimEnd(),
    );
    if (i === 0) printLine(widths.map(w => '-'.repeat(w)).join('  '));
  });
}
