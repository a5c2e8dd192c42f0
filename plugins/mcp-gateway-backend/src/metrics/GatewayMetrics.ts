import {
  Counter,
  Gauge,
  Histogram,
  register as globalRegistry,
  Registry,
} from 'prom-client';

function once<M>(registry: Registry, name: string, create: () => M): M {
  // Several backends in one process (tests) share the global registry: reuse, don't re-register.
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}

/**
 * The gateway's own Prometheus metrics (prom-client, the global registry unless given): calls by
 * outcome, their latency, breaker states and rate-limit hits.
 */
export class GatewayMetrics {
  readonly calls: Counter<'server' | 'outcome'>;
  readonly callDuration: Histogram<'server'>;
  readonly breakerState: Gauge<'server'>;
  readonly limitHits: Counter<'scope'>;

  constructor(registry: Registry = globalRegistry) {
    const registers = [registry];
    this.calls = once(
      registry,
      'mcp_gateway_calls_total',
      () =>
        new Counter({
          name: 'mcp_gateway_calls_total',
          help: 'Tool calls through the gateway by upstream server and outcome (ok | tool_error | upstream_error | refused)',
          labelNames: ['server', 'outcome'],
          registers,
        }),
    );
    this.callDuration = once(
      registry,
      'mcp_gateway_call_duration_seconds',
      () =>
        new Histogram({
          name: 'mcp_gateway_call_duration_seconds',
          help: 'Duration of tool calls through the gateway, upstream time included',
          labelNames: ['server'],
          buckets: [
            0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
          ],
          registers,
        }),
    );
    this.breakerState = once(
      registry,
      'mcp_gateway_breaker_state',
      () =>
        new Gauge({
          name: 'mcp_gateway_breaker_state',
          help: 'Circuit breaker of each upstream: 0 closed, 1 half-open, 2 open',
          labelNames: ['server'],
          registers,
        }),
    );
    this.limitHits = once(
      registry,
      'mcp_gateway_rate_limit_hits_total',
      () =>
        new Counter({
          name: 'mcp_gateway_rate_limit_hits_total',
          help: 'Calls refused by a rate limit, by scope (user | team | tool)',
          labelNames: ['scope'],
          registers,
        }),
    );
  }
}
