/**
 * Splits a measured discovery run into its phases from the times of the store calls, without
 * touching the scheduler. `DiscoveryScheduler.run()` syncs from the catalog and reads the due
 * servers and the known tool names; then fetches servers concurrently while recording each
 * batch of outcomes as it arrives (scanning included), so fetching, scanning and recording
 * overlap; last, servers recorded before the others arrived get their shadowing findings again
 * (`replaceFindings`), against every tool the run found.
 */
import { performance } from 'node:perf_hooks';
import { GuardedFetch } from '@mcp-platform/plugin-mcp-catalog-node';
import { McpCatalogStore } from '../src/database/McpCatalogStore';

/** Calls of one store method during a run. */
export interface MethodTiming {
  calls: number;
  totalMs: number;
  firstStart: number;
  lastEnd: number;
}

/** Where a discovery run's time went. */
export interface DiscoveryPhases {
  /** Catalog sync, due servers and known tool names: before the first fetch. */
  syncMs: number;
  /** From the first fetch to the last outcome recorded: fetch, scan and record overlap. */
  discoverMs: number;
  /** Time spent in the store recording outcomes (within `discoverMs`). */
  recordMs: number;
  recordCalls: number;
  /** After the last outcome: shadowing findings again for the servers recorded early. */
  recheckMs: number;
  recheckedServers: number;
}

/** The store methods that record an outcome. */
const RECORDING = ['recordDiscoveries', 'recordFailure'];

/** The store, with every call of its methods timed into `timings`. */
export function timedStore(
  store: McpCatalogStore,
  timings: Map<string, MethodTiming>,
): McpCatalogStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return async (...args: unknown[]) => {
        const start = performance.now();
        try {
          return await value.apply(target, args);
        } finally {
          const end = performance.now();
          const t = timings.get(prop) ?? {
            calls: 0,
            totalMs: 0,
            firstStart: start,
            lastEnd: end,
          };
          t.calls++;
          t.totalMs += end - start;
          t.lastEnd = end;
          timings.set(prop, t);
        }
      };
    },
  });
}

/** The phases of a run that started at `start` and ended at `end` (performance.now()). */
export function discoveryPhases(
  timings: Map<string, MethodTiming>,
  start: number,
  end: number,
): DiscoveryPhases {
  const fetchesStart = timings.get('activeToolNames')?.lastEnd ?? start;
  const recording = RECORDING.map(name => timings.get(name)).filter(
    (m): m is MethodTiming => m !== undefined,
  );
  const lastRecorded = Math.max(fetchesStart, ...recording.map(m => m.lastEnd));
  return {
    syncMs: fetchesStart - start,
    discoverMs: lastRecorded - fetchesStart,
    recordMs: recording.reduce((sum, m) => sum + m.totalMs, 0),
    recordCalls: recording.reduce((sum, m) => sum + m.calls, 0),
    recheckMs: end - lastRecorded,
    recheckedServers: timings.get('replaceFindings')?.calls ?? 0,
  };
}

/** The fetch, counting its requests into `counter`. */
export function countingFetch(
  fetch: GuardedFetch,
  counter: { requests: number },
): GuardedFetch {
  return (input, init) => {
    counter.requests++;
    return fetch(input, init);
  };
}
