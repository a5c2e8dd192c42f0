import {
  BurnRateAlertWindow,
  BurnRateStatus,
  SloDefinition,
  SloKind,
  SloObjectiveStatus,
} from '@mcp-platform/plugin-mcp-insights-common';
import { UsageSums } from '../database/InsightsStore';
import { countAtOrBelow, latencyQuantile } from '../rollups/latencyBuckets';

/** Burn-rate windows and their length in seconds. */
export const BURN_WINDOWS = {
  '5m': 300,
  '30m': 1800,
  '1h': 3600,
  '2h': 7200,
  '6h': 21600,
  '1d': 86400,
  '3d': 259200,
} as const;

/** One of {@link BURN_WINDOWS}. */
export type BurnWindow = keyof typeof BURN_WINDOWS;

/**
 * The multiwindow, multi-burn-rate conditions of the Google SRE workbook (chapter 5, for a
 * 30-day budget): 2 % of the budget in 1 h or 5 % in 6 h pages; 10 % in 3 days or in 1 day
 * tickets. Each long window is confirmed by a short one so alerts stop soon after the burn does.
 */
export const BURN_RATE_CONDITIONS: {
  severity: 'page' | 'ticket';
  longWindow: BurnWindow;
  shortWindow: BurnWindow;
  factor: number;
}[] = [
  { severity: 'page', longWindow: '1h', shortWindow: '5m', factor: 14.4 },
  { severity: 'page', longWindow: '6h', shortWindow: '30m', factor: 6 },
  { severity: 'ticket', longWindow: '1d', shortWindow: '2h', factor: 3 },
  { severity: 'ticket', longWindow: '3d', shortWindow: '6h', factor: 1 },
];

/** One objective of a definition, ready to evaluate. */
export interface Objective {
  /** `availability` or `latency-pNN`. */
  id: string;
  kind: SloKind;
  /** Share of good events the objective asks for. */
  target: number;
  thresholdMs?: number;
  windowDays: number;
}

/** The objectives a parsed SLO definition declares. */
export function objectivesOf(definition: SloDefinition): Objective[] {
  const objectives: Objective[] = [];
  if (definition.availabilityTarget !== undefined) {
    objectives.push({
      id: 'availability',
      kind: 'availability',
      target: definition.availabilityTarget,
      windowDays: definition.windowDays,
    });
  }
  if (definition.latency) {
    const p = Math.round(definition.latency.percentile * 1000) / 10;
    objectives.push({
      id: `latency-p${p}`,
      kind: 'latency',
      target: definition.latency.percentile,
      thresholdMs: definition.latency.thresholdMs,
      windowDays: definition.windowDays,
    });
  }
  return objectives;
}

/**
 * Good and bad events of an objective in summed rollups. Availability: calls and failed calls.
 * Latency: timed calls and those slower than the threshold (interpolated between bucket bounds).
 */
export function eventsOf(
  objective: Objective,
  sums: Pick<UsageSums, 'calls' | 'errors' | 'latency'>,
): { total: number; bad: number } {
  if (objective.kind === 'availability') {
    return { total: sums.calls, bad: Math.min(sums.errors, sums.calls) };
  }
  const total = sums.latency[sums.latency.length - 1];
  const good = countAtOrBelow(sums.latency, objective.thresholdMs!);
  return { total, bad: Math.max(0, total - good) };
}

/** Error rate ÷ allowed error rate; null without events. */
export function burnRate(
  objective: Objective,
  events: { total: number; bad: number },
): number | null {
  if (!(events.total > 0)) return null;
  return events.bad / events.total / (1 - objective.target);
}

/** Share of the budget left: 1 − bad ÷ (allowed share × events). Unclamped; null without events. */
export function budgetRemaining(
  objective: Objective,
  events: { total: number; bad: number },
): number | null {
  if (!(events.total > 0)) return null;
  return 1 - events.bad / ((1 - objective.target) * events.total);
}

const rank: Record<BurnRateStatus, number> = { ok: 0, ticket: 1, page: 2 };

/** The most serious of some statuses (`ok` for none). */
export function worstStatus(statuses: BurnRateStatus[]): BurnRateStatus {
  return statuses.reduce<BurnRateStatus>(
    (worst, s) => (rank[s] > rank[worst] ? s : worst),
    'ok',
  );
}

/**
 * Evaluates an objective from the sums of its window and of each burn-rate window: SLI, budget
 * left (clamped at 0), burn rates, time to exhaustion at the last hour's burn rate, and the
 * page / ticket / ok status.
 */
export function evaluateObjective(
  objective: Objective,
  windowSums: Pick<UsageSums, 'calls' | 'errors' | 'latency'>,
  burnSums: Record<BurnWindow, Pick<UsageSums, 'calls' | 'errors' | 'latency'>>,
): SloObjectiveStatus {
  const events = eventsOf(objective, windowSums);
  const remaining = budgetRemaining(objective, events);
  const rateOf = (w: BurnWindow) =>
    burnRate(objective, eventsOf(objective, burnSums[w]));
  const burnRates: BurnRateAlertWindow[] = BURN_RATE_CONDITIONS.map(c => {
    const longBurnRate = rateOf(c.longWindow);
    const shortBurnRate = rateOf(c.shortWindow);
    return {
      severity: c.severity,
      longWindow: c.longWindow,
      shortWindow: c.shortWindow,
      factor: c.factor,
      longBurnRate,
      shortBurnRate,
      firing:
        longBurnRate !== null &&
        shortBurnRate !== null &&
        longBurnRate > c.factor &&
        shortBurnRate > c.factor,
    };
  });
  const currentBurnRate = rateOf('1h');
  const clamped =
    remaining === null ? null : Math.max(0, Math.min(1, remaining));
  let timeToExhaustionHours: number | null = null;
  if (clamped !== null) {
    if (clamped === 0) timeToExhaustionHours = 0;
    else if (currentBurnRate !== null && currentBurnRate > 0) {
      timeToExhaustionHours =
        (clamped * objective.windowDays * 24) / currentBurnRate;
    }
  }
  return {
    id: objective.id,
    kind: objective.kind,
    target: objective.target,
    thresholdMs: objective.thresholdMs,
    windowDays: objective.windowDays,
    sli: events.total > 0 ? 1 - events.bad / events.total : null,
    totalEvents: events.total,
    badEvents: events.bad,
    observedLatencyMs:
      objective.kind === 'latency'
        ? latencyQuantile(windowSums.latency, objective.target)
        : undefined,
    errorBudgetRemaining: clamped,
    currentBurnRate,
    timeToExhaustionHours,
    burnRates,
    status: worstStatus(burnRates.filter(b => b.firing).map(b => b.severity)),
  };
}
