import {
  Counter,
  Histogram,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';

/** Outcome of a tool call, the `status` label of `mcp_tool_invocations_total`. */
export type ToolCallStatus = 'success' | 'error' | 'rate_limited';

/** Records the calls of one tool; label sets are bound once, so a call costs no label hashing. */
export interface ToolCallRecorder {
  /** Counts a call that ran, and its duration. */
  completed(status: 'success' | 'error', seconds: number): void;
  /** Counts a call refused by the rate limiter (it did not run, so it has no duration). */
  rateLimited(): void;
}

/**
 * The Prometheus metrics of a golden-path MCP server. Names and labels are the contract the MCP
 * platform's insights read (cost and SLO dashboards): do not rename them.
 */
export class ToolMetrics {
  readonly registry = new Registry();
  readonly invocations: Counter<'tool_name' | 'status'>;
  readonly duration: Histogram<'tool_name'>;
  readonly llmTokens: Counter<'model' | 'direction'>;

  constructor(options: { server: string; team: string }) {
    this.registry.setDefaultLabels({
      server: options.server,
      team: options.team,
    });
    this.invocations = new Counter({
      name: 'mcp_tool_invocations_total',
      help: 'MCP tool calls by tool and outcome (success | error | rate_limited)',
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

  /** Adds Node's process metrics (CPU, memory, event loop lag, GC); once per process. */
  collectProcessMetrics(): this {
    collectDefaultMetrics({ register: this.registry });
    return this;
  }

  /** A recorder for one tool; its series exist from the start, at zero. */
  forTool(toolName: string): ToolCallRecorder {
    const duration = this.duration.labels({ tool_name: toolName });
    const success = this.invocations.labels({
      tool_name: toolName,
      status: 'success',
    });
    const error = this.invocations.labels({
      tool_name: toolName,
      status: 'error',
    });
    const limited = this.invocations.labels({
      tool_name: toolName,
      status: 'rate_limited',
    });
    return {
      completed(status, seconds) {
        duration.observe(seconds);
        (status === 'success' ? success : error).inc();
      },
      rateLimited() {
        limited.inc();
      },
    };
  }

  /** Counts LLM tokens a tool spent, for the cost dashboards. */
  recordLlmTokens(
    model: string,
    usage: { input?: number; output?: number; cached?: number },
  ): void {
    for (const direction of ['input', 'output', 'cached'] as const) {
      const count = usage[direction];
      if (count && count > 0) this.llmTokens.inc({ model, direction }, count);
    }
  }
}
