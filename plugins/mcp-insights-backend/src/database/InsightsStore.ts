import { LatencyCounts } from '../rollups/latencyBuckets';
import { UsageIncrement } from '../rollups/UsageIncrement';

/** An MCP server as insights keeps it: a copy of its catalog entity's relevant parts. */
export interface ServerRecord {
  serverRef: string;
  name: string;
  title?: string;
  /** Owner entity ref, or `unallocated`. */
  teamRef: string;
  sloAnnotation?: string;
  resourcesAnnotation?: string;
  /** The server's own monthly budget (`mcp-platform.io/monthly-budget` on the API). */
  budgetAnnotation?: string;
  metricsUrl?: string;
  /** Epoch ms of the first catalog sync that saw it. */
  firstSeenAt: number;
  /**
   * Epoch ms of the earliest sign that the server runs: its first answer to MCP catalog
   * discovery, its first /metrics scrape or Prometheus series, its first usage. Undefined while
   * there is none (a server registered but not deployed yet): compute cost accrues from here.
   */
  aliveSince?: number;
  lastSeenAt: number;
  /** Set while the entity is gone from the catalog; its history stays. */
  removedAt?: number;
}

/** What a catalog sync knows of a server. */
export type ServerSnapshot = Omit<
  ServerRecord,
  'firstSeenAt' | 'lastSeenAt' | 'removedAt' | 'aliveSince'
>;

/** The stored state of an alert: the state it was last notified in. */
export interface AlertStateRecord {
  key: string;
  /** `ok`, or the firing state (a budget threshold, `page`, `ticket`, `spike`...). */
  state: string;
  teamRef: string;
  /** Epoch ms of the last transition. */
  changedAt: number;
}

/** A team (catalog group) with its place in the hierarchy. */
export interface TeamRecord {
  teamRef: string;
  title?: string;
  parentRef?: string;
  budgetAnnotation?: string;
}

/** Last value of a counter series of a collection target. */
export interface SeriesState {
  value: number;
  sampleMs: number;
}

/** Outcome of one attempt to collect from a target. */
export interface TargetAttempt {
  target: string;
  url: string;
  atMs: number;
  error?: string;
  warnings?: string[];
  seriesCount?: number;
}

/** A stored target status. */
export interface TargetRecord {
  target: string;
  url: string;
  lastAttemptAt?: number;
  lastSuccessAt?: number;
  lastError?: string;
  warnings: string[];
  consecutiveFailures: number;
  seriesCount: number;
}

/** Compute cost of a server for one day (set, not added: recomputed while the day is open). */
export interface ComputeCostRow {
  dayTs: number;
  serverRef: string;
  teamRef: string;
  hours: number;
  cost: number;
}

/** The tables of what servers report about themselves: their metrics, their clients' pushes. */
export type OwnUsageTable = 'usage_5m' | 'usage_hourly' | 'usage_daily';

/** The tables of calls observed at the MCP gateway (hourly and daily per consuming team). */
export type GatewayUsageTable =
  | 'gateway_5m'
  | 'gateway_hourly'
  | 'gateway_daily';

/** The gateway table with the buckets of each of the servers' own tables. */
export const GATEWAY_TABLE_OF: Record<OwnUsageTable, GatewayUsageTable> = {
  usage_5m: 'gateway_5m',
  usage_hourly: 'gateway_hourly',
  usage_daily: 'gateway_daily',
};

/** Which usage table a sum reads. */
export type UsageTable = OwnUsageTable | GatewayUsageTable;

/** Bytes and estimated tokens of gateway-observed calls. */
export interface GatewayTraffic {
  requestBytes: number;
  responseBytes: number;
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
}

/** Summed usage of one group of rows. */
export interface UsageSums {
  calls: number;
  errors: number;
  durationSumMs: number;
  latency: LatencyCounts;
  tokenCost: number;
  otherCost: number;
}

/** A usage sum with the columns it was grouped by. */
export interface UsageSumRow extends UsageSums {
  serverRef?: string;
  toolName?: string;
  teamRef?: string;
  /** Consuming team, from the hourly and daily gateway tables. */
  consumerTeamRef?: string;
  ts?: number;
  /** Index of the band (see {@link UsageQuery.bands}). */
  band?: number;
  /** From the hourly and daily gateway tables, with all measures. */
  traffic?: GatewayTraffic;
}

/** A sum over one of the usage tables. */
export interface UsageQuery {
  table: UsageTable;
  /** Bucket start from (inclusive), epoch seconds. */
  from: number;
  /** Bucket start to (exclusive). */
  to?: number;
  serverRefs?: string[];
  /** Servers left out (those the caller may not see). */
  excludeServerRefs?: string[];
  /** Owning teams; not on the 5-minute tables. */
  teamRefs?: string[];
  /** Consuming teams; hourly and daily gateway tables only. */
  consumerTeamRefs?: string[];
  /**
   * Servers' own tables only: just the rows of buckets in which the MCP gateway relayed calls
   * of the server (its gateway table has calls in the same bucket).
   */
  onlyGatewayBuckets?: boolean;
  /**
   * `all`: the all-tools (`*`) rows only; `each`: each tool's rows; `any`: both (group by tool
   * to tell them apart); a name: that tool.
   */
  tools: 'all' | 'each' | 'any' | string;
  groupBy: ('server' | 'tool' | 'team' | 'consumer' | 'ts')[];
  /**
   * `all` (default): every column (and the gateway tables' bytes and estimated tokens); `cost`:
   * calls, errors and the daily tables' costs only, which is all cost reports need and much
   * less to sum.
   */
  measures?: 'all' | 'cost';
  /**
   * Band starts, newest first: a row goes to band i when its bucket starts at or after bands[i]
   * and before bands[i-1]. Lets one query sum several nested windows.
   */
  bands?: number[];
}

/** A sum over the daily token or compute tables. */
export interface CostQuery {
  fromDay: number;
  /** Exclusive. */
  toDay: number;
  serverRefs?: string[];
  /** Servers left out (those the caller may not see). */
  excludeServerRefs?: string[];
  teamRefs?: string[];
  groupBy: ('server' | 'team' | 'day' | 'model' | 'tool')[];
}

/** Summed token use. */
export interface TokenSumRow {
  serverRef?: string;
  teamRef?: string;
  day?: number;
  model?: string;
  toolName?: string;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  cost: number;
}

/** Summed compute cost. */
export interface ComputeSumRow {
  serverRef?: string;
  teamRef?: string;
  day?: number;
  hours: number;
  cost: number;
}

/** Spend and calls of a team on a day (or summed over the grouping). */
export interface TeamDailyRow {
  teamRef?: string;
  day?: number;
  calls: number;
  errors: number;
  tokenCost: number;
  otherCost: number;
  computeCost: number;
}

/** Oldest data kept per table, as epoch seconds; older rows are deleted. */
export interface RetentionCutoffs {
  fiveMinute: number;
  hourly: number;
  daily: number;
  eventIds: number;
}

/** The servers and teams insights copies from the catalog. */
export interface DirectoryStore {
  syncServers(snapshots: ServerSnapshot[], nowMs: number): Promise<void>;
  listServers(options?: { includeRemoved?: boolean }): Promise<ServerRecord[]>;
  /** One server, removed from the catalog or not; undefined when insights never had it. */
  getServer(serverRef: string): Promise<ServerRecord | undefined>;
  /**
   * Moves servers' `firstSeenAt` back to when usage shows they already ran; never forward.
   * Returns the servers it moved, as they are now.
   */
  backdateServers(
    updates: { serverRef: string; firstSeenAt: number }[],
  ): Promise<ServerRecord[]>;
  /**
   * Records that servers run since `atMs`: sets their `aliveSince`, or moves it back; never
   * forward. Returns the servers it changed, as they are now.
   */
  markServersAlive(
    updates: { serverRef: string; atMs: number }[],
  ): Promise<ServerRecord[]>;
  syncTeams(teams: TeamRecord[]): Promise<void>;
  listTeams(): Promise<TeamRecord[]>;
}

/** Writes of usage into the rollups, compute costs, and retention. */
export interface UsageRollupStore {
  /** Adds increments to every rollup level. */
  recordUsage(increments: UsageIncrement[], fineSinceMs: number): Promise<void>;
  /**
   * Records the ids of pushed events and, for those never seen before, stages their usage as
   * one pending batch, in one transaction: an id is counted once however often it is sent, and
   * an accepted event is never lost. Returns the new ids.
   */
  stageEvents(
    events: { id: string; increment: UsageIncrement }[],
    nowMs: number,
  ): Promise<Set<string>>;
  /**
   * Moves up to `maxBatches` pending batches into the rollups, in one transaction that deletes
   * them: each batch is counted once, by whichever replica claims it.
   */
  foldPending(
    maxBatches: number,
    fineSinceMs: number,
  ): Promise<{ batches: number; events: number }>;
  /** Pending batches and their events. */
  pendingUsage(): Promise<{ batches: number; events: number }>;
  upsertComputeCosts(rows: ComputeCostRow[]): Promise<void>;
  applyRetention(cutoffs: RetentionCutoffs): Promise<number>;
}

/** Sums over the rollups: what reports, SLOs and exports read. */
export interface UsageSumStore {
  sumUsage(query: UsageQuery): Promise<UsageSumRow[]>;
  sumTokens(query: CostQuery): Promise<TokenSumRow[]>;
  sumCompute(query: CostQuery): Promise<ComputeSumRow[]>;
  /** Sums of the per-team daily table (calls, errors, token, other and compute cost). */
  sumTeamDaily(query: {
    fromDay: number;
    toDay: number;
    teamRefs?: string[];
    groupBy: ('team' | 'day')[];
  }): Promise<TeamDailyRow[]>;
}

/** What collection remembers per target between runs. */
export interface CollectionStateStore {
  getSeriesState(target: string): Promise<Map<string, SeriesState>>;
  /**
   * Records a successful collection from a target: its increments, its new series state and its
   * status, in one transaction so a crash never counts a delta twice.
   */
  recordCollection(options: {
    increments: UsageIncrement[];
    fineSinceMs: number;
    state: Map<string, SeriesState>;
    attempt: TargetAttempt;
  }): Promise<void>;
  recordTargetFailure(attempt: TargetAttempt): Promise<void>;
  listTargets(): Promise<TargetRecord[]>;
  /** Forgets targets that are no longer collected (removed servers, other source). */
  pruneTargets(keep: string[]): Promise<void>;
}

/** The state of alert notifications, and small key-value settings. */
export interface AlertStateStore {
  /** The stored states of alerts (see AlertNotifier), by key. */
  listAlertStates(): Promise<Map<string, AlertStateRecord>>;
  /**
   * Moves an alert from the state `from` (undefined: no stored row) to `to`, only if it is still
   * in `from`: true when this call made the transition (and should notify), false when another
   * replica (or an earlier run) did.
   */
  claimAlertTransition(transition: {
    key: string;
    from: string | undefined;
    to: string;
    teamRef: string;
    atMs: number;
  }): Promise<boolean>;
  /** Forgets alerts whose last transition is older than `beforeMs`, except `keep`. */
  pruneAlertStates(beforeMs: number, keep: Set<string>): Promise<number>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
}

/**
 * Storage of MCP insights: every store over one database. Code that needs less takes the
 * narrow interface it uses.
 */
export interface InsightsStore
  extends DirectoryStore,
    UsageRollupStore,
    UsageSumStore,
    CollectionStateStore,
    AlertStateStore {}
