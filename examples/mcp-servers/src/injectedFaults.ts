import { setTimeout as sleep } from 'node:timers/promises';
import { ExampleServerDefinition } from './exampleServer';
import { ExampleTool } from './exampleTool';
import { between } from './randomness';

/** Injected faults: a share of slow calls and of internal failures. */
export interface InjectedFaults {
  /** Share of calls delayed by `slowMs` (0..1). */
  slowShare: number;
  slowMs: [number, number];
  /** Share of calls that fail with an internal error (0..1). */
  failureShare: number;
  /** Every call waits this long at least, like a real backend round trip. */
  baseLatencyMs?: [number, number];
  random?: () => number;
}

/**
 * Default faults per example server, so each SLO shows a different state: the payments ledger
 * and the model gateway well within budget, the analytics warehouse with little budget left
 * (slow queries), the support desk paging after an error burst in the last hour.
 */
export const exampleFaults: Record<string, InjectedFaults> = {
  'payments-ledger': {
    slowShare: 0.01,
    slowMs: [2100, 2600],
    failureShare: 0.0002,
    baseLatencyMs: [5, 60],
  },
  'analytics-warehouse': {
    slowShare: 0.045,
    slowMs: [3100, 4500],
    failureShare: 0.001,
    baseLatencyMs: [40, 600],
  },
  'support-desk': {
    slowShare: 0.03,
    slowMs: [1600, 2200],
    failureShare: 0.002,
    baseLatencyMs: [10, 300],
  },
  'model-gateway': {
    slowShare: 0.02,
    slowMs: [5200, 6000],
    failureShare: 0.004,
    baseLatencyMs: [80, 900],
  },
};

/**
 * Wraps a server definition's tools so that some calls are slow and some fail inside the
 * handler, as real backends do. The failures and delays happen inside the instrumented handler,
 * so they show in the server's own metrics exactly like real ones.
 */
export function withInjectedFaults(
  definition: ExampleServerDefinition,
  faults: InjectedFaults,
): ExampleServerDefinition {
  const random = faults.random ?? Math.random;
  const wrap = (tool: ExampleTool): ExampleTool => ({
    ...tool,
    handler: async (args, ctx) => {
      let delay = faults.baseLatencyMs
        ? between(random, faults.baseLatencyMs)
        : 0;
      if (random() < faults.slowShare) delay = between(random, faults.slowMs);
      if (delay > 0) await sleep(delay);
      if (random() < faults.failureShare) {
        throw new Error(`upstream of ${tool.name} timed out`);
      }
      return tool.handler(args, ctx);
    },
  });
  return { ...definition, tools: definition.tools.map(wrap) };
}
