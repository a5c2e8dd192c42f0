import v8 from 'node:v8';
import vm from 'node:vm';

/** Memory of this process over a stretch of a benchmark. */
export interface MemoryFigures {
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
  peakRss: number;
  peakHeapUsed: number;
}

let gc: (() => void) | undefined;

/**
 * Collects garbage now, so that "before" figures are live memory rather than what an earlier
 * stage left for the collector. Benchmarks run without --expose-gc on their command line, so
 * the flag is set the first time this is called.
 */
export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * Samples this process's memory every 100 ms until `stop` (timers wait while the event loop is
 * busy, so a peak during a long synchronous stretch is seen when it ends), after collecting
 * garbage for the "before" figures.
 */
export function sampleMemory(): { stop(): MemoryFigures } {
  collectGarbage();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeapUsed = before.heapUsed;
  const take = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeapUsed = Math.max(peakHeapUsed, m.heapUsed);
    return m;
  };
  const timer = setInterval(take, 100);
  return {
    stop() {
      clearInterval(timer);
      const after = take();
      return { before, after, peakRss, peakHeapUsed };
    },
  };
}
