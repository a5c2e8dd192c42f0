import { SeriesState } from '../database/InsightsStore';
import { PrometheusSample } from './parsePrometheusText';

/** A counter sample of a target at a point in time. */
export interface CounterObservation {
  key: string;
  sample: PrometheusSample;
  timestampMs: number;
}

/** How much a counter grew between two observations, attributed to the later one's time. */
export interface CounterDelta {
  sample: PrometheusSample;
  delta: number;
  timestampMs: number;
}

/** A stable key of a series: its name and labels in name order. */
export function seriesKey(sample: PrometheusSample): string {
  const labels = Object.keys(sample.labels)
    .sort()
    .map(k => `${k}=${JSON.stringify(sample.labels[k])}`)
    .join(',');
  return `${sample.name}{${labels}}`;
}

/**
 * Histogram buckets are reported even when they did not move: re-bucketing needs every bound,
 * or calls between two moving bounds would be spread over bounds that never saw them.
 */
const isBucket = (sample: PrometheusSample) => sample.name.endsWith('_bucket');

/** Series state kept for a process-start gauge, to notice restarts between two scrapes. */
export const PROCESS_START_KEY = 'process_start_time_seconds';

/**
 * Deltas of one scrape of a target (every series at one instant). A restart of the target resets
 * every counter at once, so when any counter went down, or `process_start_time_seconds` changed,
 * all counters count from zero: a counter that already climbed past its old value after the
 * restart is not under-counted. Series seen for the first time count in full when
 * `countFirstSeen` (their usage since the process started was never counted); state of series
 * gone from the scrape is dropped, so a series that comes back counts from zero.
 */
export function scrapeDeltas(options: {
  observations: CounterObservation[];
  previous: Map<string, SeriesState>;
  processStartSeconds?: number;
  countFirstSeen: boolean;
  timestampMs: number;
}): {
  deltas: CounterDelta[];
  state: Map<string, SeriesState>;
  reset: boolean;
} {
  const { observations, previous, timestampMs } = options;
  const previousStart = previous.get(PROCESS_START_KEY)?.value;
  let reset =
    options.processStartSeconds !== undefined &&
    previousStart !== undefined &&
    previousStart !== options.processStartSeconds;
  for (const o of observations) {
    const prev = previous.get(o.key);
    if (prev && o.sample.value < prev.value) reset = true;
  }
  const state = new Map<string, SeriesState>();
  const deltas: CounterDelta[] = [];
  for (const o of observations) {
    if (!Number.isFinite(o.sample.value) || o.sample.value < 0) continue;
    const prev = previous.get(o.key);
    let delta: number;
    if (!prev) delta = options.countFirstSeen ? o.sample.value : 0;
    else if (reset) delta = o.sample.value;
    else delta = o.sample.value - prev.value;
    state.set(o.key, { value: o.sample.value, sampleMs: timestampMs });
    if (delta > 0 || isBucket(o.sample)) {
      deltas.push({ sample: o.sample, delta, timestampMs });
    }
  }
  if (options.processStartSeconds !== undefined) {
    state.set(PROCESS_START_KEY, {
      value: options.processStartSeconds,
      sampleMs: timestampMs,
    });
  }
  return { deltas, state, reset };
}

/**
 * Deltas of raw samples read back from Prometheus: several samples per series, in time order.
 * Each series is handled on its own, like Prometheus' `increase()` without extrapolation: a
 * drop is a reset and the new value is the increase. Samples at or before the series' last
 * processed sample are skipped, so overlapping query windows never count twice.
 */
export function sampleSeriesDeltas(options: {
  series: {
    key: string;
    samples: { value: number; timestampMs: number }[];
    sample: PrometheusSample;
  }[];
  previous: Map<string, SeriesState>;
  countFirstSeen: boolean;
}): { deltas: CounterDelta[]; state: Map<string, SeriesState> } {
  const state = new Map(options.previous);
  const deltas: CounterDelta[] = [];
  for (const s of options.series) {
    let prev = state.get(s.key);
    for (const point of s.samples) {
      if (!Number.isFinite(point.value)) continue;
      if (prev && point.timestampMs <= prev.sampleMs) continue;
      let delta: number;
      if (!prev) delta = options.countFirstSeen ? point.value : 0;
      else if (point.value < prev.value) delta = point.value;
      else delta = point.value - prev.value;
      if (delta > 0 || isBucket(s.sample)) {
        deltas.push({
          sample: { ...s.sample, value: point.value },
          delta,
          timestampMs: point.timestampMs,
        });
      }
      prev = { value: point.value, sampleMs: point.timestampMs };
    }
    if (prev) state.set(s.key, prev);
  }
  return { deltas, state };
}
