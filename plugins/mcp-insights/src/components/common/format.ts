import {
  DIRECT_USAGE,
  UNALLOCATED_TEAM,
} from '@mcp-platform/plugin-mcp-insights-common';

/** An amount of money in the installation's currency, e.g. `USD 1,234.56`; small amounts keep precision. */
export function formatMoney(value: number, currency: string): string {
  const digits = value !== 0 && Math.abs(value) < 1 ? 4 : 2;
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  } catch {
    // A currency code Intl does not know still reads well with the code in front.
    return `${currency} ${value.toFixed(digits)}`;
  }
}

/** A ratio as a percentage, e.g. `0.8123` → `81.2 %`; `—` when unknown. */
export function formatPercent(
  ratio: number | null | undefined,
  digits = 1,
): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) {
    return '—';
  }
  return `${(ratio * 100).toFixed(digits)} %`;
}

/** A change ratio with its sign, e.g. `+12.5 %`; `—` without a previous period to compare to. */
export function formatChange(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  const sign = ratio > 0 ? '+' : '';
  return `${sign}${(ratio * 100).toFixed(1)} %`;
}

/** A count with thousands separators. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** A size in bytes with a binary unit, e.g. `1.5 MiB`. */
export function formatBytes(value: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return unit === 0
    ? `${formatCount(value)} B`
    : `${size.toFixed(size < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Hours until an error budget runs out, as the coarsest useful unit. */
export function formatDuration(hours: number | null): string {
  if (hours === null) return 'not burning';
  if (hours <= 0) return 'exhausted';
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} d`;
}

/** A burn rate, e.g. `14.4×`; `—` without calls in the window. */
export function formatBurnRate(rate: number | null): string {
  return rate === null
    ? '—'
    : `${rate < 10 ? rate.toFixed(2) : rate.toFixed(1)}×`;
}

/**
 * A team's display name: its title, else the name of its entity ref; `unallocated` as is, and
 * `direct` (spend no consuming team is charged with) as `direct / unmetered`.
 */
export function teamLabel(team: string, title?: string): string {
  if (team === UNALLOCATED_TEAM) return 'unallocated';
  if (team === DIRECT_USAGE) return 'direct / unmetered';
  return title ?? team.replace(/^group:(default\/)?/, '');
}

/** A server's display name. */
export function serverLabel(server: { name: string; title?: string }): string {
  return server.title ?? server.name;
}
