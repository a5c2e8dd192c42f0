/**
 * Ends the process (exit code 2) if the benchmark is still running after `limitMs`, so a stage
 * that hangs cannot keep a machine busy: `beforeExit` stops what the process started (child
 * processes, say). The timer does not keep the process alive; `stop` it when the run ends.
 */
export function startWatchdog(
  limitMs: number,
  beforeExit: () => void = () => {},
): { stop(): void } {
  const timer = setTimeout(() => {
    // eslint-disable-next-line no-console
    console.error(
      `\nbenchmark: still running after ${limitMs / 60_000} min, stopping`,
    );
    beforeExit();
    process.exit(2);
  }, limitMs);
  timer.unref();
  return { stop: () => clearTimeout(timer) };
}
