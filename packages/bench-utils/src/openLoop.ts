/** What an open-loop run measured. */
export interface OpenLoopResult {
  /** Latency of each call that succeeded, from when it was due, in completion order. */
  latencies: number[];
  /** When each of those calls was due, in ms from the start of the run (same order). */
  at: number[];
  /** Calls that failed. */
  errors: number;
}

/**
 * Sends `rate` calls a second for `seconds`, each started when it is due whether or not the
 * earlier ones have answered (open loop), and timed from when it was due rather than when it
 * was sent: a stall shows in the latencies instead of quietly lowering the rate (no
 * coordinated omission).
 */
export async function openLoop(
  send: () => Promise<unknown>,
  rate: number,
  seconds: number,
): Promise<OpenLoopResult> {
  const latencies: number[] = [];
  const at: number[] = [];
  let errors = 0;
  const total = rate * seconds;
  const interval = 1000 / rate;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  const timed = (due: number) =>
    send().then(
      () => {
        latencies.push(performance.now() - due);
        at.push(due - start);
      },
      () => {
        errors++;
      },
    );
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise(r => setTimeout(r, wait));
    inFlight.push(timed(due));
  }
  await Promise.all(inFlight);
  return { latencies, errors, at };
}
