/** The gateway benchmark's settings and targets; MCP_BENCH_SECONDS sets each open loop's length. */

/** Calls per second of the open loops. */
export const RATE = 500;
/** Seconds of each open loop. */
export const OPEN_LOOP_SECONDS = Number(process.env.MCP_BENCH_SECONDS ?? 10);
/** Upstreams in the catalog besides the one stopped for the outage phase. */
export const UPSTREAMS = 20;
/** What each measurement should meet. */
export const TARGETS = {
  addedP50Ms: 0.5,
  addedP99Ms: 2,
  callsPerCoreSecond: 3000,
  listP99Ms: 15,
  coldOverSlowestMs: 20,
  deadCallMs: 50,
  healthyP99Shift: 0.1,
};

/** One row of the results table: measurement, baseline, gateway, difference, target, met. */
export type ResultRow = [string, string, string, string, string, string];

export const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

/** A difference with its sign: `+1.234 ms`, `-0.500 ms`. */
export const fmtDiff = (ms: number) =>
  `${ms < 0 ? '-' : '+'}${fmt(Math.abs(ms))}`;

/**
 * Runs the measurements of one round, each after the other, starting with a different one each
 * round (so none always runs first, on a machine that drifts); results in the order given.
 */
export async function inTurns<T>(
  round: number,
  measurements: (() => Promise<T>)[],
): Promise<T[]> {
  const results: T[] = [];
  for (let turn = 0; turn < measurements.length; turn++) {
    const i = (round + turn) % measurements.length;
    results[i] = await measurements[i]();
  }
  return results;
}
