import { UNALLOCATED_TEAM } from '@mcp-platform/plugin-mcp-insights-common';
import { CostModel } from '../cost/CostModel';
import { emptyLatency, rebucketLatency } from '../rollups/latencyBuckets';
import { UsageIncrement } from '../rollups/UsageIncrement';
import { CounterDelta } from './counterDeltas';

/** The golden-path metrics insights reads (see examples/mcp-servers/src/toolMetrics.ts). */
export const MCP_METRICS = {
  invocations: 'mcp_tool_invocations_total',
  durationBucket: 'mcp_tool_duration_seconds_bucket',
  durationSum: 'mcp_tool_duration_seconds_sum',
  tokens: 'mcp_llm_tokens_total',
} as const;

/** Names of the counter series that turn into usage. */
export const COUNTER_NAMES = new Set<string>(Object.values(MCP_METRICS));

/** The server and team a delta belongs to; undefined skips it. */
export type DeltaOwner = (
  delta: CounterDelta,
) => { serverRef: string; teamRef: string } | undefined;

const TOKEN_DIRECTIONS = new Set(['input', 'output', 'cached']);

/**
 * Turns counter deltas into usage increments: invocations into calls and errors, histogram
 * bucket deltas into latency counts (re-bucketed onto the stored bounds), token counters into
 * priced tokens. Tokens of models missing from the price table are kept with zero cost and
 * reported as warnings, as are unknown token directions.
 */
export function incrementsFromDeltas(
  deltas: CounterDelta[],
  ownerOf: DeltaOwner,
  costModel: CostModel,
): { increments: UsageIncrement[]; warnings: string[] } {
  const increments: UsageIncrement[] = [];
  const warnings = new Set<string>();
  const histograms = new Map<
    string,
    {
      owner: { serverRef: string; teamRef: string };
      tool: string;
      timestampMs: number;
      buckets: Map<number, number>;
    }
  >();
  const base = (
    owner: { serverRef: string; teamRef: string },
    timestampMs: number,
    toolName?: string,
  ): UsageIncrement => ({
    timestampMs,
    serverRef: owner.serverRef,
    teamRef: owner.teamRef || UNALLOCATED_TEAM,
    toolName,
    calls: 0,
    errors: 0,
    durationSumMs: 0,
    otherCost: 0,
  });

  for (const d of deltas) {
    const owner = ownerOf(d);
    if (!owner) continue;
    const { labels } = d.sample;
    switch (d.sample.name) {
      case MCP_METRICS.invocations: {
        const calls = Math.round(d.delta);
        if (calls === 0) break;
        increments.push({
          ...base(owner, d.timestampMs, labels.tool_name || 'unknown'),
          calls,
          errors: labels.status === 'error' ? calls : 0,
        });
        break;
      }
      case MCP_METRICS.durationSum:
        increments.push({
          ...base(owner, d.timestampMs, labels.tool_name || 'unknown'),
          durationSumMs: d.delta * 1000,
        });
        break;
      case MCP_METRICS.durationBucket: {
        const tool = labels.tool_name || 'unknown';
        const le = labels.le === '+Inf' ? Infinity : Number(labels.le);
        if (Number.isNaN(le)) {
          warnings.add(`ignored a histogram bucket with le="${labels.le}"`);
          break;
        }
        const key = `${owner.serverRef}\u0000${tool}\u0000${d.timestampMs}`;
        const group = histograms.get(key) ?? {
          owner,
          tool,
          timestampMs: d.timestampMs,
          buckets: new Map<number, number>(),
        };
        group.buckets.set(
          le * 1000,
          (group.buckets.get(le * 1000) ?? 0) + d.delta,
        );
        histograms.set(key, group);
        break;
      }
      case MCP_METRICS.tokens: {
        const { model, direction } = labels;
        if (!model || !TOKEN_DIRECTIONS.has(direction)) {
          warnings.add(
            `ignored ${MCP_METRICS.tokens} with model="${
              model ?? ''
            }" direction="${
              direction ?? ''
            }": direction must be input, output or cached`,
          );
          break;
        }
        const count = Math.round(d.delta);
        const tokens = {
          model,
          input: direction === 'input' ? count : 0,
          output: direction === 'output' ? count : 0,
          cached: direction === 'cached' ? count : 0,
          cost: 0,
        };
        const cost = costModel.tokenCost(
          model,
          tokens.input,
          tokens.output,
          tokens.cached,
        );
        if (cost === undefined) {
          warnings.add(
            `model "${model}" is not in the price table: its tokens are counted at no cost`,
          );
        } else tokens.cost = cost;
        increments.push({ ...base(owner, d.timestampMs), tokens: [tokens] });
        break;
      }
      default:
    }
  }

  // A histogram's buckets are cumulative: the delta of bucket le=x counts the calls up to x.
  for (const group of histograms.values()) {
    const bounds = [...group.buckets.keys()].sort((a, b) => a - b);
    const total = group.buckets.get(Infinity) ?? 0;
    const finite = bounds.filter(b => Number.isFinite(b));
    let running = 0;
    const cumulative = finite.map(b => {
      running = Math.max(running, group.buckets.get(b) ?? 0);
      return running;
    });
    const latency = finite.length
      ? rebucketLatency(finite, cumulative, Math.max(total, running))
      : emptyLatency();
    if (!finite.length) latency[latency.length - 1] = total;
    increments.push({
      ...base(group.owner, group.timestampMs, group.tool),
      latency,
    });
  }
  return { increments, warnings: [...warnings] };
}
