// Over 400 lines on purpose: the whole HTTP API contract of insights in one place, types only.
import type { UsageEvent } from './usageEvent';

/*
 * Request and response shapes of the insights HTTP API, mounted at `/api/mcp-insights`. Each type
 * names the route that returns it. Money is in `currency` (one currency per installation, from
 * `mcpInsights.cost.currency`); dates are UTC: `YYYY-MM-DD` for days, ISO 8601 for instants.
 */

/**
 * Team key of spend on servers that have no owner in the catalog: shown, never dropped.
 *
 * @public
 */
export const UNALLOCATED_TEAM = 'unallocated';

/**
 * Consumer key of spend no consuming team is charged with: a server's days without calls relayed
 * by the MCP gateway (direct or unmetered use). It stays with the server's owning team.
 *
 * @public
 */
export const DIRECT_USAGE = 'direct';

/**
 * Tool name of the all-tools rows of a server in rollups and exports.
 *
 * @public
 */
export const ALL_TOOLS = '*';

/**
 * Spend broken down by category. `total` is the sum of the others.
 *
 * @public
 */
export interface CostBreakdown {
  /** Replicas × (CPU × CPU rate + memory × memory rate) × hours. */
  compute: number;
  /** Tokens × model prices (input, output and cached tokens priced separately). */
  llmTokens: number;
  /** Costs pushed with usage events (`cost`), e.g. paid third-party APIs. */
  other: number;
  total: number;
}

/**
 * One day of a daily spend series; the current day is partial.
 *
 * @public
 */
export interface DailyCost extends CostBreakdown {
  /** `YYYY-MM-DD`. */
  date: string;
}

/**
 * Token use and spend of one model.
 *
 * @public
 */
export interface ModelCost {
  model: string;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  cost: number;
}

/**
 * Spend of one tool of a server.
 *
 * @public
 */
export interface ToolCost {
  tool: string;
  calls: number;
  errors: number;
  /** Token spend and pushed costs recorded against this tool. */
  directCost: number;
  /**
   * The tool's share, by number of calls, of the server's compute spend and of the token spend
   * not recorded per tool (metrics carry no tool label on tokens).
   */
  sharedCost: number;
  totalCost: number;
  /** `totalCost / calls × 1000`; null without calls. */
  costPer1000Calls: number | null;
}

/**
 * Spend of one server in a period, with its tools (the drill-down of the cost report).
 *
 * @public
 */
export interface ServerCost extends CostBreakdown {
  /** Entity ref, e.g. `api:default/payments-ledger`. */
  serverRef: string;
  name: string;
  title?: string;
  /** Owning team (entity ref) or {@link UNALLOCATED_TEAM}. */
  team: string;
  calls: number;
  errors: number;
  costPer1000Calls: number | null;
  /** Most expensive first. */
  tools: ToolCost[];
  /**
   * The server's own monthly budget and its spend against it; left out when the server has
   * none (see {@link ServerBudgetStatus}).
   */
  budget?: ServerBudgetStatus;
}

/**
 * Where a budget stands, for people and for policy rules:
 *
 * - `no-budget`: none is set;
 * - `ok`: below every alert threshold, and the forecast within the budget;
 * - `forecast-over-budget`: below every threshold, but the month's forecast exceeds the budget;
 * - `threshold-reached`: month-to-date spend reached an alert threshold below 100 %
 *   (`mcpInsights.alerts.budgetThresholds`, e.g. 80 %);
 * - `over-budget`: month-to-date spend reached the budget.
 *
 * @public
 */
export type BudgetState =
  | 'no-budget'
  | 'ok'
  | 'forecast-over-budget'
  | 'threshold-reached'
  | 'over-budget';

/**
 * A server's own monthly budget (`mcp-platform.io/monthly-budget` on its `mcp-server` API, or
 * `mcpInsights.cost.budgets[].server`), tracked beside its team's: spend against it, forecast and
 * threshold state, computed like a team's.
 *
 * @public
 */
export interface ServerBudgetStatus {
  monthlyBudget: number;
  source: BudgetSource;
  /** The server's month-to-date spend (compute, LLM tokens, other). */
  monthToDate: number;
  /** Month-to-date plus the last 7 days' daily average × the days left; the total for past months. */
  forecast: number;
  /** `monthToDate / monthlyBudget`; null for a budget of 0. */
  usedRatio: number | null;
  /** `forecast / monthlyBudget`; null for a budget of 0. */
  forecastRatio: number | null;
  /** The highest alert threshold month-to-date spend reached (e.g. 0.8); null below all. */
  thresholdReached: number | null;
  state: Exclude<BudgetState, 'no-budget'>;
}

/**
 * Kinds of cost alerts.
 *
 * @public
 */
export type CostAlertKind =
  /** Month-to-date spend reached a configured share of the budget (e.g. 80 %). */
  | 'budget-threshold'
  /** The forecast for the month exceeds the budget. */
  | 'budget-forecast'
  /** A day's spend was more than the spike factor (default 3) × the average of the 7 days before. */
  | 'spend-spike';

/**
 * A cost alert, with a message a person can act on.
 *
 * @public
 */
export interface CostAlert {
  kind: CostAlertKind;
  severity: 'info' | 'warning' | 'critical';
  /** Team (entity ref) or {@link UNALLOCATED_TEAM}. */
  team: string;
  /** Set for server-level alerts: spikes, and those of the server's own budget. */
  serverRef?: string;
  /** Budget share for `budget-threshold` (e.g. 0.8) and spike factor for `spend-spike`. */
  threshold: number;
  /** Observed value: used ratio, forecast ratio, or the day's spend ÷ its 7-day average. */
  value: number;
  /** Day of a spike, `YYYY-MM-DD`. */
  date?: string;
  message: string;
}

/**
 * Where a team's budget comes from.
 *
 * @public
 */
export type BudgetSource = 'config' | 'annotation';

/**
 * A team's spend this month (its own and its child groups'), against its budget.
 *
 * @public
 */
export interface TeamCostSummary {
  /** Group entity ref, e.g. `group:default/payments`, or {@link UNALLOCATED_TEAM}. */
  team: string;
  title?: string;
  /** Parent group, when the team has one in the catalog. */
  parent?: string;
  /** Direct child groups, whose spend is included in this team's figures. */
  children: string[];
  /** Month-to-date spend of the team and all its descendants. */
  monthToDate: CostBreakdown;
  /** Spend over the same calendar days of the previous month. */
  previousPeriod: CostBreakdown;
  /** `(monthToDate.total − previousPeriod.total) / previousPeriod.total`; null when the latter is 0. */
  changeRatio: number | null;
  /** Monthly budget; null when none is configured. */
  monthlyBudget: number | null;
  budgetSource: BudgetSource | null;
  /** Month-to-date spend plus the 7-day daily average × the remaining days; the total for past months. */
  forecast: number;
  /** `monthToDate.total / monthlyBudget`; null without budget. */
  usedRatio: number | null;
  /** `forecast / monthlyBudget`; null without budget. */
  forecastRatio: number | null;
  /** Servers the team (or one of its descendants) owned during the period. */
  serverCount: number;
  /** Number of alerts of the team (its full list is in {@link TeamCostReport}). */
  alertCount: number;
}

/**
 * The period a cost figure covers.
 *
 * @public
 */
export interface CostPeriod {
  /** `YYYY-MM`. */
  month: string;
  /** First day, `YYYY-MM-DD`. */
  start: string;
  /** Last day included so far (today for the current month), `YYYY-MM-DD`. */
  end: string;
  daysInMonth: number;
  /** Days elapsed, fractional for the current month (e.g. 14.5 at noon on the 15th). */
  daysElapsed: number;
  /** The comparison period in the previous month. */
  previousStart: string;
  previousEnd: string;
}

/**
 * `GET /v1/cost/teams?month=YYYY-MM`: every team, most expensive first, `unallocated` included.
 *
 * @public
 */
export interface TeamCostListResponse {
  currency: string;
  /** ISO 8601 instant the figures were computed for. */
  asOf: string;
  period: CostPeriod;
  /** Sum over top-level teams (each spend counted once). */
  total: CostBreakdown;
  teams: TeamCostSummary[];
}

/**
 * `GET /v1/cost/report?team=group:default/payments&month=YYYY-MM`: the team cost report. `team`
 * may be {@link UNALLOCATED_TEAM}. Figures include the team's child groups.
 *
 * @public
 */
export interface TeamCostReport extends TeamCostSummary {
  currency: string;
  asOf: string;
  period: CostPeriod;
  /** One point per day of the month so far (stacked chart). */
  daily: DailyCost[];
  /** Token spend by model, most expensive first. */
  models: ModelCost[];
  /** Drill-down: servers, most expensive first, each with its tools. */
  servers: ServerCost[];
  /** Summaries of the direct child groups. */
  childTeams: TeamCostSummary[];
  /** Budget and spike alerts of the team and its servers. */
  alerts: CostAlert[];
}

/**
 * `GET /v1/cost/servers/:namespace/:name?month=YYYY-MM`: one server's spend (entity "Cost" tab).
 *
 * @public
 */
export interface ServerCostReport {
  currency: string;
  asOf: string;
  period: CostPeriod;
  /** The server's spend, with `budget` when it has one of its own. */
  server: ServerCost;
  previousPeriod: CostBreakdown;
  changeRatio: number | null;
  daily: DailyCost[];
  models: ModelCost[];
  /** Spike alerts of this server, and those of its own budget. */
  alerts: CostAlert[];
  /** What the MCP gateway observed of the server; null when it relayed no call in the period. */
  gateway: GatewayObservedUsage | null;
  /** The server's spend by consuming team, {@link DIRECT_USAGE} included; adds up to its total. */
  consumers: ConsumerShare[];
}

/**
 * Calls of a server relayed by the MCP gateway in a period, as the gateway observed them.
 *
 * @public
 */
export interface GatewayObservedUsage {
  calls: number;
  errors: number;
  /** Bytes of the relayed requests and responses. */
  requestBytes: number;
  responseBytes: number;
  /** What the calls put into the callers' model contexts (about 4 bytes a token). */
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
  /** 95th percentile latency at the gateway (upstream and network included); null without timed calls. */
  p95LatencyMs: number | null;
  /** Days of the period with relayed calls: on those, the server's calls are the gateway's. */
  days: number;
}

/**
 * The part of a server's spend charged to one consuming team.
 *
 * @public
 */
export interface ConsumerShare extends CostBreakdown {
  /** Consuming team (entity ref), {@link UNALLOCATED_TEAM} for callers without a team, or {@link DIRECT_USAGE}. */
  team: string;
  title?: string;
  /** Relayed calls of the team; for {@link DIRECT_USAGE}, the server's own calls on days without relayed calls. */
  calls: number;
  /** `total` ÷ the server's total spend, 0..1; null when the server cost nothing. */
  share: number | null;
}

/**
 * Spend a team caused by calling servers through the MCP gateway (its child groups included).
 *
 * @public
 */
export interface ConsumerCostSummary {
  /** Group entity ref, {@link UNALLOCATED_TEAM} (gateway callers without a team) or {@link DIRECT_USAGE}. */
  team: string;
  title?: string;
  parent?: string;
  /** Direct child groups, whose figures are included. */
  children: string[];
  /** Calls relayed for the team; for {@link DIRECT_USAGE}, the servers' own calls on unmetered days. */
  calls: number;
  errors: number;
  /** Spend attributed to the team: each server's daily spend × the team's share of its relayed calls. */
  cost: CostBreakdown;
  /** Servers the team called. */
  serverCount: number;
}

/**
 * `GET /v1/cost/consumers?month=YYYY-MM`: spend by consuming team, most expensive first.
 * A server's spend on a day with calls relayed by the gateway is split among the teams that
 * made them, in proportion to their calls; on other days it is {@link DIRECT_USAGE}.
 *
 * @public
 */
export interface ConsumerCostListResponse {
  currency: string;
  asOf: string;
  period: CostPeriod;
  /** Every server's spend; the same as the owning-team view's total, and the sum over the top-level rows. */
  total: CostBreakdown;
  /** Part of `total` attributed to consuming teams (the rest is {@link DIRECT_USAGE}). */
  attributed: CostBreakdown;
  teams: ConsumerCostSummary[];
}

/**
 * A server a team called, with the spend attributed to the team.
 *
 * @public
 */
export interface ConsumedServerCost extends CostBreakdown {
  serverRef: string;
  name: string;
  title?: string;
  /** Owning team or {@link UNALLOCATED_TEAM}. */
  ownerTeam: string;
  calls: number;
  errors: number;
  /** `total` ÷ the server's spend in the period, 0..1; null when the server cost nothing. */
  share: number | null;
}

/**
 * `GET /v1/cost/consumers/report?team=...&month=YYYY-MM`: what one consuming team spent.
 *
 * @public
 */
export interface ConsumerCostReport extends ConsumerCostSummary {
  currency: string;
  asOf: string;
  period: CostPeriod;
  /** One point per day of the month so far. */
  daily: DailyCost[];
  /** Most expensive first. */
  servers: ConsumedServerCost[];
  /** Summaries of the direct child groups. */
  childTeams: ConsumerCostSummary[];
}

/**
 * Columns of `GET /v1/cost/export.csv?view=consuming&team=...&month=YYYY-MM`, in order: one row
 * per day, consuming team and server; `consumer_team` may be {@link DIRECT_USAGE}.
 *
 * @public
 */
export const CONSUMER_COST_CSV_COLUMNS = [
  'date',
  'consumer_team',
  'server',
  'owner_team',
  'calls',
  'errors',
  'compute_cost',
  'llm_token_cost',
  'other_cost',
  'total_cost',
  'currency',
] as const;

/**
 * Columns of `GET /v1/cost/export.csv?team=...&month=YYYY-MM&level=server|tool`, in order. One
 * row per day, server (and tool with `level=tool`); money rounded to 6 decimals.
 *
 * @public
 */
export const COST_CSV_COLUMNS = [
  'date',
  'team',
  'server',
  'tool',
  'calls',
  'errors',
  'compute_cost',
  'llm_token_cost',
  'other_cost',
  'total_cost',
  'currency',
] as const;

/**
 * Multiwindow, multi-burn-rate status of an SLO (Google SRE workbook).
 *
 * @public
 */
export type BurnRateStatus = 'page' | 'ticket' | 'ok';

/**
 * What an objective measures.
 *
 * @public
 */
export type SloKind = 'availability' | 'latency';

/**
 * One alerting condition: both windows burn faster than `factor`.
 *
 * @public
 */
export interface BurnRateAlertWindow {
  severity: 'page' | 'ticket';
  /** e.g. `1h`. */
  longWindow: string;
  /** e.g. `5m`. */
  shortWindow: string;
  /** Burn-rate threshold: 14.4, 6, 3 or 1. */
  factor: number;
  /** Burn rate over the long window; null without calls in it. */
  longBurnRate: number | null;
  shortBurnRate: number | null;
  firing: boolean;
}

/**
 * One objective of a server or tool, evaluated now over its rolling window.
 *
 * @public
 */
export interface SloObjectiveStatus {
  /** `availability` or `latency-pNN`, e.g. `latency-p95`. */
  id: string;
  kind: SloKind;
  /** Target share of good events: 0.999; for latency the percentile (0.95). */
  target: number;
  /** Latency threshold of a latency objective, in ms. */
  thresholdMs?: number;
  windowDays: number;
  /** Share of good events over the window; null without calls. */
  sli: number | null;
  totalEvents: number;
  badEvents: number;
  /** Observed latency at the objective's percentile, interpolated from histogram buckets. */
  observedLatencyMs?: number | null;
  /** Share of the window's error budget left, 0..1 (clamped at 0); null without calls. */
  errorBudgetRemaining: number | null;
  /** Burn rate over the last hour (1 = the budget lasts exactly the window). */
  currentBurnRate: number | null;
  /** Hours until the budget is gone at the current burn rate; 0 when exhausted; null when not burning. */
  timeToExhaustionHours: number | null;
  /** The four SRE-workbook conditions (1h/5m 14.4×, 6h/30m 6× page; 1d/2h 3×, 3d/6h 1× ticket). */
  burnRates: BurnRateAlertWindow[];
  status: BurnRateStatus;
}

/**
 * Where a server's SLO definition comes from.
 *
 * @public
 */
export type SloSource = 'annotation' | 'config';

/**
 * A server in the SLO dashboard list.
 *
 * @public
 */
export interface SloServerSummary {
  serverRef: string;
  name: string;
  title?: string;
  /** Owning team or {@link UNALLOCATED_TEAM}. */
  team: string;
  /** The objectives as written, e.g. `availability=99.9,latency-p95=2000ms,window=30d`. */
  definition?: string;
  source?: SloSource;
  /** Why the definition could not be used; the server then has no objectives. */
  definitionError?: string;
  objectives: SloObjectiveStatus[];
  /** Lowest remaining budget over the objectives; null without objectives or calls. */
  errorBudgetRemaining: number | null;
  /** Worst status over the objectives. */
  status: BurnRateStatus;
  /** Calls over the longest objective window. */
  calls: number;
}

/**
 * `GET /v1/slo/servers?team=&status=`: every server, least remaining error budget first.
 *
 * @public
 */
export interface SloListResponse {
  asOf: string;
  counts: { page: number; ticket: number; ok: number; noSlo: number };
  items: SloServerSummary[];
}

/**
 * One point of an error budget burn-down.
 *
 * @public
 */
export interface BurnDownPoint {
  /** End of the step, ISO 8601. */
  timestamp: string;
  /** Budget left at that time, measured from the window start (may go below 0). */
  remaining: number;
  /** Where a budget spent evenly over the window would be (1 → 0). */
  ideal: number;
}

/**
 * An objective with its burn-down over the window.
 *
 * @public
 */
export interface SloObjectiveDetail extends SloObjectiveStatus {
  burnDown: BurnDownPoint[];
}

/**
 * Objectives of one tool (tools share the server's objectives unless config overrides them).
 *
 * @public
 */
export interface ToolSloStatus {
  tool: string;
  source: SloSource;
  objectives: SloObjectiveStatus[];
  errorBudgetRemaining: number | null;
  status: BurnRateStatus;
  calls: number;
}

/**
 * `GET /v1/slo/servers/:namespace/:name`: one server's SLOs (entity "SLO" tab).
 *
 * @public
 */
export interface SloServerDetail extends Omit<SloServerSummary, 'objectives'> {
  asOf: string;
  objectives: SloObjectiveDetail[];
  /** Least remaining budget first. */
  tools: ToolSloStatus[];
}

/**
 * `POST /v1/usage/events` body: at most 10 000 events.
 *
 * @public
 */
export interface UsageEventBatch {
  /** See `createUsageEventSchema` for the fields and their bounds. */
  events: UsageEvent[];
}

/**
 * Why an event of a batch was not counted.
 *
 * @public
 */
export interface UsageEventError {
  /** Position in the batch. */
  index: number;
  id?: string;
  message: string;
}

/**
 * `POST /v1/usage/events` response (200 even when some events were rejected).
 *
 * @public
 */
export interface UsageEventBatchResult {
  /** Counted now. */
  accepted: number;
  /** Ids counted before (in an earlier batch or earlier in this one): not counted again. */
  duplicates: number;
  rejected: number;
  duplicateIds: string[];
  errors: UsageEventError[];
}

/**
 * State of one collection target: a server's `/metrics` or the Prometheus server.
 *
 * @public
 */
export interface CollectionTargetStatus {
  /** Server entity ref, or `prometheus`. */
  target: string;
  url: string;
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  /**
   * Why the last attempt failed: a status code or a fixed description, e.g.
   * `HTTP 404 from <url>` or `... is not Prometheus text format at line 3: ...`. Never what the
   * target answered.
   */
  lastError?: string;
  /** Problems that did not stop collection, e.g. a model missing from the price table. */
  warnings: string[];
  consecutiveFailures: number;
  /** Series read on the last success. */
  seriesCount: number;
}

/**
 * `GET /v1/collection/status`, and `POST /v1/collection/run` (which collects first).
 *
 * @public
 */
export interface CollectionStatusResponse {
  source: 'prometheus' | 'scrape';
  lastRunAt?: string;
  lastRunDurationMs?: number;
  targets: CollectionTargetStatus[];
}

/**
 * `POST /v1/alerts/run`: what the last alert evaluation did. Alerts (budget thresholds, forecasts,
 * spend spikes, SLO page/ticket) go to the owning team through Backstage notifications, once per
 * transition.
 *
 * @public
 */
export interface AlertRunStatus {
  /** When the last evaluation ran; absent before the first. */
  lastRunAt?: string;
  /** Alerts evaluated (each team's budget and forecast, spikes, each server's SLO). */
  evaluated: number;
  /** Alerts whose state changed since they were last notified. */
  transitions: number;
  /** Notifications sent. */
  sent: number;
  /** Notifications that could not be sent; retried on the next evaluation. */
  failed: number;
}

/**
 * Price of a model per million tokens.
 *
 * @public
 */
export interface ModelPrice {
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
  cachedInputPerMillion: number;
}

/**
 * `GET /v1/pricing`: the cost model in use.
 *
 * @public
 */
export interface PricingResponse {
  currency: string;
  compute: {
    cpuCoreHour: number;
    memoryGbHour: number;
    defaultResources: ServerResources;
  };
  models: ModelPrice[];
  budgets: { team: string; monthlyBudget: number; source: BudgetSource }[];
  /** Servers with a monthly budget of their own, by entity ref. */
  serverBudgets: {
    server: string;
    monthlyBudget: number;
    source: BudgetSource;
  }[];
  budgetAlertThresholds: number[];
  spikeFactor: number;
}

/**
 * What a server runs on, for compute cost.
 *
 * @public
 */
export interface ServerResources {
  replicas: number;
  /** CPU cores per replica. */
  cpu: number;
  /** Memory per replica in GB. */
  memoryGb: number;
}

/**
 * `GET /v1/policy-context/budget?team=...` (or `?server=...` for its owner): what the policy
 * engine sees under `context.budget`.
 *
 * @public
 */
export interface BudgetPolicyContext {
  team: string;
  currency: string;
  monthlyBudget: number | null;
  monthToDateSpend: number;
  forecastSpend: number;
  /** `monthToDateSpend / monthlyBudget`; null without budget. */
  usedRatio: number | null;
  /** The month-to-date spend reached the budget (`usedRatio >= 1`); false without budget. */
  overBudget: boolean;
}

/**
 * `GET /v1/policy-context/server-budget?server=...`: what the policy engine sees under
 * `context.serverBudget`: the server's own budget and where its spend stands this month.
 *
 * @public
 */
export interface ServerBudgetPolicyContext {
  server: string;
  /** Whether insights knows the server (from the catalog, or from its usage). */
  known: boolean;
  currency: string;
  /** The server's own monthly budget; null when it has none. */
  monthlyBudget: number | null;
  monthToDateSpend: number;
  forecastSpend: number;
  /** `monthToDateSpend / monthlyBudget`; null without budget (or a budget of 0). */
  usedRatio: number | null;
  /** `forecastSpend / monthlyBudget`; null without budget (or a budget of 0). */
  forecastRatio: number | null;
  /** The highest alert threshold reached (e.g. 0.8); null below all or without budget. */
  thresholdReached: number | null;
  state: BudgetState;
}

/**
 * `GET /v1/policy-context/slo?server=...`: what the policy engine sees under `context.slo`.
 *
 * @public
 */
export interface SloPolicyContext {
  server: string;
  /** Whether the server is in the catalog. */
  known: boolean;
  /** Lowest remaining error budget (0..1) over the server's objectives; null without SLO or calls. */
  errorBudgetRemaining: number | null;
}
