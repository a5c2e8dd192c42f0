import {
  Counter,
  Gauge,
  Histogram,
  register as globalRegistry,
  Registry,
} from 'prom-client';

/** Last collection run that reached every target, in this process. */
let lastSuccessMs: number | undefined;

function once<M>(registry: Registry, name: string, create: () => M): M {
  // Several backends in one process (tests) share the global registry: reuse, don't re-register.
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}

/**
 * The plugin's own metrics, on prom-client's registry (the global one unless given): collection
 * runs, their duration and lag, failing targets, pushed events, budget use.
 */
export class InsightsMetrics {
  readonly collectionRuns: Counter<'source' | 'outcome'>;
  readonly collectionDuration: Histogram<'source'>;
  readonly collectionLag: Gauge;
  readonly targetFailures: Counter<'target'>;
  readonly usageEvents: Counter<'result'>;
  readonly budgetUsed: Gauge<'team'>;

  constructor(registry: Registry = globalRegistry) {
    const registers = [registry];
    this.collectionRuns = once(
      registry,
      'mcp_insights_collection_runs_total',
      () =>
        new Counter({
          name: 'mcp_insights_collection_runs_total',
          help: 'Usage collection runs by source (scrape | prometheus) and outcome (ok | partial | failed)',
          labelNames: ['source', 'outcome'],
          registers,
        }),
    );
    this.collectionDuration = once(
      registry,
      'mcp_insights_collection_duration_seconds',
      () =>
        new Histogram({
          name: 'mcp_insights_collection_duration_seconds',
          help: 'Duration of usage collection runs',
          labelNames: ['source'],
          buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
          registers,
        }),
    );
    this.collectionLag = once(
      registry,
      'mcp_insights_collection_lag_seconds',
      () =>
        new Gauge({
          name: 'mcp_insights_collection_lag_seconds',
          help: 'Seconds since the last collection run that reached every target',
          registers,
          collect() {
            if (lastSuccessMs !== undefined)
              this.set((Date.now() - lastSuccessMs) / 1000);
          },
        }),
    );
    this.targetFailures = once(
      registry,
      'mcp_insights_collection_target_failures_total',
      () =>
        new Counter({
          name: 'mcp_insights_collection_target_failures_total',
          help: 'Failed reads of a target (a server /metrics or Prometheus)',
          labelNames: ['target'],
          registers,
        }),
    );
    this.usageEvents = once(
      registry,
      'mcp_insights_usage_events_total',
      () =>
        new Counter({
          name: 'mcp_insights_usage_events_total',
          help: 'Pushed usage events by result (accepted | duplicate | rejected)',
          labelNames: ['result'],
          registers,
        }),
    );
    this.budgetUsed = once(
      registry,
      'mcp_insights_team_budget_used_ratio',
      () =>
        new Gauge({
          name: 'mcp_insights_team_budget_used_ratio',
          help: 'Month-to-date spend of a team (with its child groups) divided by its monthly budget',
          labelNames: ['team'],
          registers,
        }),
    );
  }

  /** Notes a run that reached every target, for the lag gauge. */
  markSuccess(atMs: number) {
    lastSuccessMs = atMs;
  }
}
