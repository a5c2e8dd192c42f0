import { SloObjectiveStatus } from '@mcp-platform/plugin-mcp-insights-common';
import { formatPercent } from '../common/format';

/** What an objective promises, e.g. `Availability ≥ 99.90 %` or `p95 ≤ 2000 ms`. */
export function objectiveLabel(objective: SloObjectiveStatus): string {
  if (objective.kind === 'latency') {
    return `p${Math.round(objective.target * 100)} ≤ ${
      objective.thresholdMs ?? '?'
    } ms`;
  }
  return `Availability ≥ ${formatPercent(objective.target, 2)}`;
}

/** The current SLI of an objective, with the observed latency for latency objectives. */
export function sliLabel(objective: SloObjectiveStatus): string {
  if (objective.sli === null) return 'no calls';
  const share = formatPercent(objective.sli, 2);
  const observed = objective.observedLatencyMs ?? null;
  if (objective.kind === 'latency' && observed !== null) {
    return `${share} fast enough (p${Math.round(
      objective.target * 100,
    )} ${Math.round(observed)} ms)`;
  }
  return objective.kind === 'latency' ? `${share} fast enough` : `${share} ok`;
}

/** The soonest exhaustion over objectives; null when none is burning. */
export function soonestExhaustion(
  objectives: SloObjectiveStatus[],
): number | null {
  const hours = objectives
    .map(o => o.timeToExhaustionHours)
    .filter((h): h is number => h !== null);
  return hours.length ? Math.min(...hours) : null;
}
