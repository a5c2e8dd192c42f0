import {
  Counter,
  Histogram,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';

/**
 * The Prometheus metrics every golden-path MCP server exports. Names and labels are the
 * contract the insights backend reads, so they must not change casually.
 */
export class ToolMetrics {
  readonly registry: Registry;
  readonly invocations: Counter<'tool_name' | 'status'>;
  readonly duration: Histogram<'tool_name'>;
  readonly llmTokens: Counter<'model' | 'direction'>;

  constructor(options: { server: string; team: string }) {
    this.registry = new Registry();
    // Several example servers share one process, so each keeps its own registry.
    this.registry.setDefaultLabels({
      server: options.server,
      team: options.team,
    });
    this.invocations = new Counter({
      name: 'mcp_tool_invocations_total',
      help: 'MCP tool calls by tool and outcome (success | error)',
      labelNames: ['tool_name', 'status'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'mcp_tool_duration_seconds',
      help: 'Duration of MCP tool calls in seconds',
      labelNames: ['tool_name'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers: [this.registry],
    });
    this.llmTokens = new Counter({
      name: 'mcp_llm_tokens_total',
      help: 'LLM tokens spent by tools, by model and direction (input | output | cached)',
      labelNames: ['model', 'direction'],
      registers: [this.registry],
    });
  }

  /** Adds Node's process metrics; done once per process, on one registry. */
  collectProcessMetrics() {
    collectDefaultMetrics({ register: this.registry });
  }
}
