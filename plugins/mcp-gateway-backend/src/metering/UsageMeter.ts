import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { GatewayServer } from '../catalog/GatewayCatalog';
import { GatewayStore, OutboxEvent } from '../database/GatewayStore';
import type { GatewayCaller } from '../gateway/GatewayCaller';

/** One metered call, as the gateway saw it. */
export interface GatewayUsageEvent {
  id: string;
  timestamp: string;
  server: string;
  tool: string;
  outcome: 'success' | 'error';
  durationMs: number;
  /** Who called: the principal, the user decided for, and the consuming team. */
  consumer: { principal: string; user: string; team?: string };
  requestBytes: number;
  responseBytes: number;
  /** Tokens the call's arguments and result put into a model's context (about 4 bytes each). */
  estimatedTokens: { input: number; output: number };
  source: 'gateway';
}

/** Where metered calls go: mcp-insights. */
export interface UsageSink {
  /** Sends events; returns the ids the sink now holds (accepted or already known). */
  send(events: GatewayUsageEvent[]): Promise<{ settled: string[] }>;
}

const FLUSH_MS = 250;
const FLUSH_EVENTS = 200;
const SHIP_MS = 1_000;
const SHIP_BATCH = 1_000;
const MAX_ATTEMPTS = 50;

/**
 * Meters every call through the gateway. Events are buffered briefly, written to the outbox table
 * (so a restart loses at most the last quarter second, and nothing on a graceful shutdown), and
 * shipped to mcp-insights in batches; insights counts an event id once, so a replay after a
 * crash between sending and acknowledging does not count twice.
 */
export class UsageMeter {
  private buffer: OutboxEvent[] = [];
  private flushTimer?: NodeJS.Timeout;
  private shipTimer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private shipping?: Promise<void>;

  constructor(
    private readonly deps: {
      store: GatewayStore;
      sink?: UsageSink;
      logger: LoggerService;
    },
  ) {}

  record(call: {
    caller: GatewayCaller;
    server: GatewayServer;
    tool: string;
    outcome: 'ok' | 'tool_error' | 'upstream_error';
    durationMs: number;
    requestBytes: number;
    responseBytes: number;
  }): void {
    const event: GatewayUsageEvent = {
      id: `gw-${randomUUID()}`,
      timestamp: new Date().toISOString(),
      server: call.server.ref,
      tool: call.tool,
      outcome: call.outcome === 'ok' ? 'success' : 'error',
      durationMs: Math.round(call.durationMs * 1000) / 1000,
      consumer: {
        principal: call.caller.principal,
        user: call.caller.userRef,
        team: call.caller.team,
      },
      requestBytes: call.requestBytes,
      responseBytes: call.responseBytes,
      estimatedTokens: {
        input: Math.ceil(call.requestBytes / 4),
        output: Math.ceil(call.responseBytes / 4),
      },
      source: 'gateway',
    };
    this.buffer.push({
      eventId: event.id,
      event: event as unknown as Record<string, unknown>,
    });
    if (this.buffer.length >= FLUSH_EVENTS) void this.flush();
    else
      this.flushTimer ??= setTimeout(() => {
        this.flushTimer = undefined;
        void this.flush();
      }, FLUSH_MS);
  }

  /** Writes buffered events to the outbox. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => this.flush());
    if (!this.buffer.length) return Promise.resolve();
    const events = this.buffer;
    this.buffer = [];
    this.flushing = this.deps.store
      .enqueueUsage(events)
      .catch(error => {
        // Kept in memory for the next try rather than lost.
        this.buffer.unshift(...events);
        this.deps.logger.warn(
          `MCP gateway: could not write usage events: ${error}`,
        );
      })
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  /** Sends waiting outbox events to insights. */
  ship(): Promise<void> {
    const { sink, store, logger } = this.deps;
    if (!sink) return Promise.resolve();
    this.shipping ??= (async () => {
      try {
        for (;;) {
          const pending = await store.pendingUsage(SHIP_BATCH);
          if (!pending.length) return;
          try {
            const { settled } = await sink.send(
              pending.map(p => p.event as unknown as GatewayUsageEvent),
            );
            await store.acknowledgeUsage(settled);
            const unsettled = pending
              .map(p => p.eventId)
              .filter(id => !settled.includes(id));
            if (unsettled.length) {
              const dropped = await store.deferUsage(unsettled, MAX_ATTEMPTS);
              if (dropped)
                logger.error(
                  `MCP gateway: dropped ${dropped} usage events mcp-insights refused ${MAX_ATTEMPTS} times`,
                );
              return;
            }
            if (pending.length < SHIP_BATCH) return;
          } catch (error) {
            logger.warn(`MCP gateway: could not ship usage events: ${error}`);
            return;
          }
        }
      } finally {
        this.shipping = undefined;
      }
    })();
    return this.shipping;
  }

  start(): void {
    this.shipTimer ??= setInterval(() => void this.ship(), SHIP_MS);
    this.shipTimer.unref?.();
  }

  /** Flushes and ships what is left; for shutdown. */
  async stop(): Promise<void> {
    if (this.shipTimer) clearInterval(this.shipTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.shipTimer = undefined;
    await this.flush();
    await this.ship();
  }
}
