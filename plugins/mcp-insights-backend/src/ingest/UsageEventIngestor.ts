import {
  createUsageEventSchema,
  DEFAULT_USAGE_EVENT_LIMITS,
  isPlainValidUsageEvent,
  UNALLOCATED_TEAM,
  UsageEvent,
  UsageEventBatchResult,
  UsageEventError,
  UsageEventLimits,
  UsageEventSchema,
} from '@mcp-platform/plugin-mcp-insights-common';
import { z } from 'zod';
import { ComputeCostAccrual } from '../cost/ComputeCostAccrual';
import { CostModel } from '../cost/CostModel';
import { DirectoryStore, UsageRollupStore } from '../database/InsightsStore';
import { InsightsMetrics } from '../metrics/InsightsMetrics';
import { latencyOfCall } from '../rollups/latencyBuckets';
import { TokenIncrement, UsageIncrement } from '../rollups/UsageIncrement';
import { PendingUsageFolder } from './PendingUsageFolder';
import { ServerDirectory, ServerRefError } from './ServerDirectory';
import { UsagePushScope } from './UsagePushScopes';

/** Most events in one pushed batch. */
export const MAX_BATCH_EVENTS = 10_000;
/** Events may be this far in the future (clock skew). */
const MAX_FUTURE_MS = 5 * 60 * 1000;

/** The per-event error of a gateway-observed event pushed by someone who is not a service. */
export const GATEWAY_SOURCE_REFUSAL =
  'source gateway is reserved for service principals such as the MCP gateway: usage you push yourself is client usage (leave source out)';

/** The outer shape of a pushed batch; events are checked one by one. */
export const usageEventBatchSchema = z.object({
  events: z.array(z.unknown()).min(1).max(MAX_BATCH_EVENTS),
});

/**
 * Accepts pushed usage events: checks each on its own (a bad event is reported by position and
 * id, the others are counted), bounds its amounts, refuses servers the caller may not report
 * for (and gateway-observed events from anyone but a service), prices tokens, and stages the
 * batch in one transaction with the event ids, so an id is counted once however often it is
 * sent. Gateway-observed calls are staged for the gateway tables, per consuming team.
 */
export class UsageEventIngestor {
  private readonly limits: UsageEventLimits;
  private readonly eventSchema: UsageEventSchema;

  constructor(
    private readonly deps: {
      store: DirectoryStore & UsageRollupStore;
      costModel: CostModel;
      servers: ServerDirectory;
      folder: PendingUsageFolder;
      metrics: InsightsMetrics;
      eventIdDays: number;
      /**
       * When given, usage marks a server running from the usage's time (its `aliveSince`, also
       * moved back by older usage) and accrues its compute cost from then: it evidently ran.
       */
      computeCosts?: { accrual: ComputeCostAccrual; retentionDays: number };
      /** Maxima of one event; default {@link DEFAULT_USAGE_EVENT_LIMITS}. */
      limits?: UsageEventLimits;
      now?: () => number;
    },
  ) {
    this.limits = deps.limits ?? DEFAULT_USAGE_EVENT_LIMITS;
    this.eventSchema = createUsageEventSchema(this.limits);
  }

  /**
   * Checks and stages a batch. Accepted events are durable when this returns and reach the
   * rollups when the background fold runs, within moments; `wait` waits for that. Events for
   * servers outside `scope` (default: any server) are rejected one by one.
   */
  async ingest(
    events: unknown[],
    options: { wait?: boolean; scope?: UsagePushScope } = {},
  ): Promise<UsageEventBatchResult> {
    const now = (this.deps.now ?? Date.now)();
    const oldest = now - this.deps.eventIdDays * 86_400_000;
    const errors: UsageEventError[] = [];
    const duplicateIds: string[] = [];
    const seen = new Set<string>();
    let valid: { index: number; id: string; increment: UsageIncrement }[] = [];

    const serverRefs = new Map<string, string | ServerRefError>();
    const consumerTeams = new Map<string | undefined, string>();
    const consumerTeamOf = (team: string | undefined) => {
      let ref = consumerTeams.get(team);
      if (ref === undefined) {
        ref = team?.trim().toLocaleLowerCase('en-US') || UNALLOCATED_TEAM;
        consumerTeams.set(team, ref);
      }
      return ref;
    };
    for (let index = 0; index < events.length; index++) {
      const raw = events[index];
      // The common, valid event skips zod; anything else gets zod's field-by-field messages.
      let e: UsageEvent;
      if (isPlainValidUsageEvent(raw, this.limits)) e = raw;
      else {
        const parsed = this.eventSchema.safeParse(raw);
        if (!parsed.success) {
          const rawId = (raw as { id?: unknown })?.id;
          errors.push({
            index,
            id: typeof rawId === 'string' ? rawId : undefined,
            message: parsed.error.issues
              .map(i => `${i.path.join('.') || 'event'} ${i.message}`)
              .join('; '),
          });
          continue;
        }
        e = parsed.data;
      }
      const fromGateway = e.source === 'gateway';
      if (fromGateway && options.scope && !options.scope.gatewaySource) {
        errors.push({ index, id: e.id, message: GATEWAY_SOURCE_REFUSAL });
        continue;
      }
      const at = Date.parse(e.timestamp);
      if (at < oldest) {
        errors.push({
          index,
          id: e.id,
          message: `timestamp is older than ${this.deps.eventIdDays} days, the idempotency window`,
        });
        continue;
      }
      if (at > now + MAX_FUTURE_MS) {
        errors.push({ index, id: e.id, message: 'timestamp is in the future' });
        continue;
      }
      let tokens: TokenIncrement[] | undefined;
      let unknownModel: string | undefined;
      for (const t of e.tokens ?? []) {
        const input = t.input ?? 0;
        const output = t.output ?? 0;
        const cached = t.cached ?? 0;
        const cost = this.deps.costModel.tokenCost(
          t.model,
          input,
          output,
          cached,
        );
        if (cost === undefined) {
          unknownModel = t.model;
          break;
        }
        (tokens ??= []).push({ model: t.model, input, output, cached, cost });
      }
      if (unknownModel !== undefined) {
        errors.push({
          index,
          id: e.id,
          message: `unknown model "${unknownModel}": add it to the price table (mcpInsights.cost.models)`,
        });
        continue;
      }
      let serverRef = serverRefs.get(e.server);
      if (serverRef === undefined) {
        try {
          serverRef = ServerDirectory.normalize(e.server);
        } catch (error) {
          if (!(error instanceof ServerRefError)) throw error;
          serverRef = error;
        }
        serverRefs.set(e.server, serverRef);
      }
      if (serverRef instanceof ServerRefError) {
        errors.push({ index, id: e.id, message: serverRef.message });
        continue;
      }
      if (seen.has(e.id)) {
        duplicateIds.push(e.id);
        continue;
      }
      seen.add(e.id);
      valid.push({
        index,
        id: e.id,
        increment: {
          timestampMs: at,
          serverRef,
          teamRef: '',
          toolName: e.tool,
          calls: e.tool ? 1 : 0,
          errors: e.outcome === 'error' ? 1 : 0,
          durationSumMs: e.durationMs ?? 0,
          latency:
            e.durationMs !== undefined
              ? latencyOfCall(e.durationMs)
              : undefined,
          tokens,
          otherCost: e.cost ?? 0,
          gateway: fromGateway
            ? {
                consumerTeamRef: consumerTeamOf(e.consumer?.team),
                requestBytes: e.requestBytes ?? 0,
                responseBytes: e.responseBytes ?? 0,
                estimatedInputTokens: e.estimatedTokens?.input ?? 0,
                estimatedOutputTokens: e.estimatedTokens?.output ?? 0,
              }
            : undefined,
        },
      });
    }

    const owners = await this.deps.servers.resolveRefs(
      new Set(valid.map(v => v.increment.serverRef)),
    );
    const { scope } = options;
    if (scope) {
      valid = valid.filter(v => {
        const { serverRef } = v.increment;
        if (scope.allows(owners.get(serverRef)!.teamRef)) return true;
        errors.push({
          index: v.index,
          id: v.id,
          message: scope.refusal(serverRef),
        });
        return false;
      });
      errors.sort((a, b) => a.index - b.index);
    }
    // Usage is a sign of life: the earliest of each known server's events, where it is earlier
    // than what insights knew (when it first saw the server, since when it runs).
    const earliest = new Map<string, number>();
    const alive = new Map<string, number>();
    for (const v of valid) {
      const { serverRef, timestampMs } = v.increment;
      const owner = owners.get(serverRef)!;
      v.increment.teamRef = owner.teamRef;
      if (!owner.known) continue;
      if (
        owner.firstSeenAt !== undefined &&
        timestampMs < owner.firstSeenAt &&
        timestampMs < (earliest.get(serverRef) ?? Infinity)
      ) {
        earliest.set(serverRef, timestampMs);
      }
      if (
        timestampMs < (owner.aliveSince ?? Infinity) &&
        timestampMs < (alive.get(serverRef) ?? Infinity)
      ) {
        alive.set(serverRef, timestampMs);
      }
    }

    const fresh = await this.deps.store.stageEvents(valid, now);
    if ((earliest.size || alive.size) && this.deps.computeCosts) {
      await this.backdate(earliest, alive, now, this.deps.computeCosts);
    }
    if (fresh.size) {
      if (options.wait) await this.deps.folder.flush();
      else this.deps.folder.trigger();
    }
    for (const v of valid) if (!fresh.has(v.id)) duplicateIds.push(v.id);
    const { metrics } = this.deps;
    metrics.usageEvents.inc({ result: 'accepted' }, fresh.size);
    metrics.usageEvents.inc({ result: 'duplicate' }, duplicateIds.length);
    metrics.usageEvents.inc({ result: 'rejected' }, errors.length);
    return {
      accepted: fresh.size,
      duplicates: duplicateIds.length,
      rejected: errors.length,
      duplicateIds: duplicateIds.slice(0, 1000),
      errors,
    };
  }

  /**
   * Moves servers back to their earliest usage, marks them running since then and accrues their
   * compute cost since.
   */
  private async backdate(
    earliest: Map<string, number>,
    alive: Map<string, number>,
    now: number,
    compute: { accrual: ComputeCostAccrual; retentionDays: number },
  ) {
    if (earliest.size) {
      const moved = await this.deps.store.backdateServers(
        [...earliest].map(([serverRef, firstSeenAt]) => ({
          serverRef,
          firstSeenAt,
        })),
      );
      for (const server of moved)
        this.deps.servers.noteFirstSeen(server.serverRef, server.firstSeenAt);
    }
    if (!alive.size) return;
    const running = await this.deps.store.markServersAlive(
      [...alive].map(([serverRef, atMs]) => ({ serverRef, atMs })),
    );
    for (const server of running)
      this.deps.servers.noteAlive(server.serverRef, server.aliveSince!);
    if (running.length)
      await compute.accrual.accrueHistory(running, now, compute.retentionDays);
  }
}
