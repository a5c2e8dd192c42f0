import { LatencyCounts } from './latencyBuckets';

/** Tokens of one model within an increment, already priced. */
export interface TokenIncrement {
  model: string;
  input: number;
  output: number;
  cached: number;
  cost: number;
}

/** What the MCP gateway observed of a call it relayed, besides its outcome and duration. */
export interface GatewayObservation {
  /** Team whose member (or service) made the call, or `unallocated`. */
  consumerTeamRef: string;
  requestBytes: number;
  responseBytes: number;
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
}

/**
 * Usage to add to the rollups: from a scrape delta, a Prometheus sample delta or a pushed event.
 * Everything is a count since the previous observation, never a running total.
 */
export interface UsageIncrement {
  timestampMs: number;
  serverRef: string;
  /** Owning team at the time, or `unallocated`. */
  teamRef: string;
  /** Undefined when the usage cannot be attributed to a tool (e.g. token counters). */
  toolName?: string;
  calls: number;
  errors: number;
  durationSumMs: number;
  /** Cumulative latency counts of the timed calls, see LATENCY_BOUNDS_MS. */
  latency?: LatencyCounts;
  tokens?: TokenIncrement[];
  otherCost: number;
  /**
   * Set for calls observed at the MCP gateway: they go to the gateway tables only, never to the
   * server's own (which its metrics may fill with the same calls). They carry no spend.
   */
  gateway?: GatewayObservation;
}
