import { z } from 'zod';

/**
 * The usage event pushed to `POST /v1/usage/events`: its zod schema is the single definition,
 * the type is inferred from it, and {@link isPlainValidUsageEvent} (the ingest fast path) is
 * held to it by a differential test.
 */

/**
 * Upper bounds of one pushed usage event (`mcpInsights.usage.maxPerEvent`).
 *
 * @public
 */
export interface UsageEventLimits {
  /** Tokens of one model in one direction, and each of `estimatedTokens.input` and `.output`. */
  tokens: number;
  /** `durationMs` of a call. */
  durationMs: number;
  /** The `cost` of one event, in the installation's currency. */
  cost: number;
  /** Each of `requestBytes` and `responseBytes`. */
  bytes: number;
}

/**
 * Defaults of `mcpInsights.usage.maxPerEvent`.
 *
 * @public
 */
export const DEFAULT_USAGE_EVENT_LIMITS: UsageEventLimits = {
  tokens: 10_000_000,
  durationMs: 86_400_000,
  cost: 1000,
  bytes: 1_073_741_824,
};

/**
 * Who observed a pushed call: a client reporting its own use, or the MCP gateway relaying it.
 *
 * @public
 */
export type UsageEventSource = 'client' | 'gateway';

const maximum = (limit: number, key: keyof UsageEventLimits) =>
  `must be at most ${limit} (mcpInsights.usage.maxPerEvent.${key})`;

/** Fields only the MCP gateway observes; a client's event may not carry them. */
const GATEWAY_FIELDS = [
  'consumer',
  'requestBytes',
  'responseBytes',
  'estimatedTokens',
] as const;

/** Amounts of spend, which a gateway-observed call does not carry (see the message below). */
const SPEND_FIELDS = ['tokens', 'cost'] as const;

const GATEWAY_ONLY =
  'is recorded for calls observed at the MCP gateway only (source gateway)';
const NO_SPEND_AT_GATEWAY =
  "is not taken from gateway-observed calls: a server's LLM spend comes from its metrics or its own pushes (source client)";
const GATEWAY_NEEDS_TOOL =
  'is required with source gateway: a gateway event is one relayed tool call';

/**
 * The schema of one usage event, with the given maxima. One event is one call (with `tool`) or
 * one amount of spend:
 *
 * - `id`: idempotency key, 1–200 characters: an id is counted once however often it is sent.
 * - `timestamp`: ISO 8601; at most the idempotency window old and 5 minutes ahead.
 * - `server`: entity ref (`api:default/payments-ledger`) or a name in the default namespace.
 * - `tool`, `outcome` (`success` | `error`, required with `tool`), `durationMs`.
 * - `tokens`: by model (at most 32; the model must be priced), `cost`: other spend.
 * - `source`: `client` (default) or `gateway`, which only service principals (the MCP gateway)
 *   may push. A gateway event is one relayed call and may carry `consumer` (`principal`,
 *   `user`, `team`: the consuming team its cost is attributed to), `requestBytes`,
 *   `responseBytes` and `estimatedTokens` (`input`, `output`: what the call put into a model's
 *   context); it carries no spend (`tokens`, `cost`).
 *
 * Every number is bounded; an event over a bound is rejected naming the field and the maximum.
 *
 * @public
 */
export function createUsageEventSchema(
  limits: UsageEventLimits = DEFAULT_USAGE_EVENT_LIMITS,
) {
  const count = (limit: number, key: keyof UsageEventLimits) =>
    z
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must not be negative' })
      .max(limit, { error: maximum(limit, key) });
  const amount = (limit: number, key: keyof UsageEventLimits) =>
    z
      .number({ error: 'must be a number' })
      .min(0, { error: 'must not be negative' })
      .max(limit, { error: maximum(limit, key) });
  const text = (max: number) => z.string().min(1).max(max);
  return z
    .object({
      id: text(200),
      timestamp: z.iso.datetime({
        offset: true,
        error: 'must be an ISO 8601 instant',
      }),
      server: text(500),
      tool: text(255).optional(),
      outcome: z.enum(['success', 'error']).optional(),
      durationMs: amount(limits.durationMs, 'durationMs').optional(),
      tokens: z
        .array(
          z.object({
            model: text(200),
            input: count(limits.tokens, 'tokens').optional(),
            output: count(limits.tokens, 'tokens').optional(),
            cached: count(limits.tokens, 'tokens').optional(),
          }),
        )
        .max(32)
        .optional(),
      cost: amount(limits.cost, 'cost').optional(),
      source: z
        .enum(['client', 'gateway'], { error: 'must be client or gateway' })
        .default('client'),
      consumer: z
        .object({
          principal: text(500).optional(),
          user: text(500).optional(),
          team: text(500).optional(),
        })
        .optional(),
      requestBytes: count(limits.bytes, 'bytes').optional(),
      responseBytes: count(limits.bytes, 'bytes').optional(),
      estimatedTokens: z
        .object({
          input: count(limits.tokens, 'tokens'),
          output: count(limits.tokens, 'tokens'),
        })
        .optional(),
    })
    .superRefine((e, ctx) => {
      if (e.tool && !e.outcome) {
        ctx.addIssue({
          code: 'custom',
          message: 'is required with tool: success or error',
          path: ['outcome'],
        });
      }
      if (!e.tool && (e.outcome !== undefined || e.durationMs !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must be set with outcome or durationMs, which describe a tool call',
          path: ['tool'],
        });
      }
      if (e.source === 'gateway') {
        if (!e.tool)
          ctx.addIssue({
            code: 'custom',
            message: GATEWAY_NEEDS_TOOL,
            path: ['tool'],
          });
        for (const field of SPEND_FIELDS) {
          if (e[field] !== undefined)
            ctx.addIssue({
              code: 'custom',
              message: NO_SPEND_AT_GATEWAY,
              path: [field],
            });
        }
      } else {
        for (const field of GATEWAY_FIELDS) {
          if (e[field] !== undefined)
            ctx.addIssue({
              code: 'custom',
              message: GATEWAY_ONLY,
              path: [field],
            });
        }
      }
    });
}

/**
 * The schema type of {@link createUsageEventSchema}.
 *
 * @public
 */
export type UsageEventSchema = ReturnType<typeof createUsageEventSchema>;

/**
 * One call (with `tool`) or one amount of spend, as pushed to `POST /v1/usage/events`; see
 * {@link createUsageEventSchema} for every field and its bounds. `source` may be left out
 * (`client`).
 *
 * @public
 */
export type UsageEvent = z.input<UsageEventSchema>;

/**
 * A usage event as the schema answers it: `source` filled in.
 *
 * @public
 */
export type ParsedUsageEvent = z.output<UsageEventSchema>;

const isCount = (v: unknown, max: number) =>
  v === undefined ||
  (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max);
const isAmount = (v: unknown, max: number) =>
  v === undefined ||
  (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max);
const isText = (v: unknown, max: number) =>
  typeof v === 'string' && v.length >= 1 && v.length <= max;
const isOptionalText = (v: unknown, max: number) =>
  v === undefined || isText(v, max);
const ISO_INSTANT =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const EVENT_KEYS = new Set([
  'id',
  'timestamp',
  'server',
  'tool',
  'outcome',
  'durationMs',
  'tokens',
  'cost',
  'source',
  'consumer',
  'requestBytes',
  'responseBytes',
  'estimatedTokens',
]);

function onlyKeys(o: Record<string, unknown>, keys: string[]): boolean {
  for (const key in o) if (!keys.includes(key)) return false;
  return true;
}

/**
 * True for an event that certainly passes {@link createUsageEventSchema} with these limits: the
 * same rules, checked without building zod's result, because ingest checks tens of thousands of
 * events a second. Events it is unsure of (unknown keys included) go through zod, whose
 * messages are the API's. An event it accepts is used as sent: `source` may be undefined
 * (`client`).
 *
 * @public
 */
export function isPlainValidUsageEvent(
  raw: unknown,
  limits: UsageEventLimits = DEFAULT_USAGE_EVENT_LIMITS,
): raw is UsageEvent {
  if (typeof raw !== 'object' || raw === null) return false;
  const e = raw as Record<string, unknown>;
  for (const key in e) if (!EVENT_KEYS.has(key)) return false;
  if (!isText(e.id, 200) || !isText(e.server, 500)) return false;
  if (typeof e.timestamp !== 'string' || !ISO_INSTANT.test(e.timestamp))
    return false;
  if (Number.isNaN(Date.parse(e.timestamp))) return false;
  if (e.tool !== undefined) {
    if (
      !isText(e.tool, 255) ||
      (e.outcome !== 'success' && e.outcome !== 'error')
    ) {
      return false;
    }
  } else if (e.outcome !== undefined || e.durationMs !== undefined)
    return false;
  if (
    !isAmount(e.durationMs, limits.durationMs) ||
    !isAmount(e.cost, limits.cost)
  )
    return false;
  if (e.tokens !== undefined) {
    if (!Array.isArray(e.tokens) || e.tokens.length > 32) return false;
    for (const t of e.tokens as Record<string, unknown>[]) {
      if (typeof t !== 'object' || t === null || !isText(t.model, 200))
        return false;
      if (!onlyKeys(t, ['model', 'input', 'output', 'cached'])) return false;
      if (
        !isCount(t.input, limits.tokens) ||
        !isCount(t.output, limits.tokens) ||
        !isCount(t.cached, limits.tokens)
      )
        return false;
    }
  }
  if (e.source === undefined || e.source === 'client') {
    return (
      e.consumer === undefined &&
      e.requestBytes === undefined &&
      e.responseBytes === undefined &&
      e.estimatedTokens === undefined
    );
  }
  if (e.source !== 'gateway') return false;
  if (e.tool === undefined || e.tokens !== undefined || e.cost !== undefined)
    return false;
  if (
    !isCount(e.requestBytes, limits.bytes) ||
    !isCount(e.responseBytes, limits.bytes)
  )
    return false;
  if (e.consumer !== undefined) {
    const c = e.consumer as Record<string, unknown>;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) return false;
    if (!onlyKeys(c, ['principal', 'user', 'team'])) return false;
    if (
      !isOptionalText(c.principal, 500) ||
      !isOptionalText(c.user, 500) ||
      !isOptionalText(c.team, 500)
    )
      return false;
  }
  if (e.estimatedTokens !== undefined) {
    const t = e.estimatedTokens as Record<string, unknown>;
    if (typeof t !== 'object' || t === null || Array.isArray(t)) return false;
    if (!onlyKeys(t, ['input', 'output'])) return false;
    if (
      t.input === undefined ||
      t.output === undefined ||
      !isCount(t.input, limits.tokens) ||
      !isCount(t.output, limits.tokens)
    )
      return false;
  }
  return true;
}
