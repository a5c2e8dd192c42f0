import { LoggerService } from '@backstage/backend-plugin-api';
import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import {
  ProtocolError,
  SdkError,
  SdkHttpError,
} from '@modelcontextprotocol/client';
import {
  connectUpstream,
  describeUpstreamError,
  EraVerdict,
  SsrfGuard,
  ToolDefinitionHasher,
  UpstreamConnection,
  GuardedRequester,
  UpstreamCredentials,
  UpstreamError,
  withinSignal,
} from '@mcp-platform/plugin-mcp-catalog-node';
import { GatewayUpstreamStatus } from '@mcp-platform/plugin-mcp-gateway-common';
import { GatewayServer } from '../catalog/GatewayCatalog';
import { GatewayMetrics } from '../metrics/GatewayMetrics';
import { BreakerSettings, CircuitBreaker } from './CircuitBreaker';
import { sleep, Slots, withDeadline } from './callLimits';
import { wireCallable, WireSession, wireToolCall } from './wireToolCall';

/** How the gateway introduces itself to upstreams. */
const CLIENT_INFO = { name: 'backstage-mcp-gateway', version: '1.0.0' };

/** The breaker gauge's value per state. */
const BREAKER_GAUGE = { closed: 0, 'half-open': 1, open: 2 } as const;

/** Limits of the calls to one upstream. */
export interface UpstreamSettings {
  callTimeoutMs: number;
  connectTimeoutMs: number;
  maxConcurrency: number;
  maxQueued: number;
  listCacheMs: number;
  /** How long after `listCacheMs` a list is still served while a fresh one is fetched. */
  listStaleMs: number;
  retryAttempts: number;
}

/** An upstream's tools as it lists them now, with the hash of each definition. */
export interface LiveTools {
  tools: Tool[];
  hashes: Map<string, string>;
  fetchedAt: number;
}

/** The upstream cannot be used now: its breaker is open, it is busy, or it failed. */
export class UpstreamUnavailableError extends UpstreamError {
  name = 'UpstreamUnavailableError';
  constructor(
    message: string,
    readonly reason: 'breaker-open' | 'busy' | 'failed',
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Failures that say the upstream (or the way to it) is unhealthy, not that a call was wrong. */
function isTransportFailure(error: unknown): boolean {
  if (error instanceof ProtocolError) return false; // the server answered
  if (error instanceof SdkHttpError)
    return error.status >= 500 || error.status === 404 || error.status === 429;
  return true;
}

/**
 * One upstream MCP server as the gateway uses it: one connected SDK client (in the revision the
 * server speaks; the era verdict is kept across reconnects), its live tool list, a concurrency
 * cap, a circuit breaker and per-call deadlines.
 */
export class Upstream {
  readonly breaker: CircuitBreaker;
  private readonly slots: Slots;
  private connection?: Promise<UpstreamConnection>;
  private verdict?: EraVerdict;
  private live?: LiveTools;
  private listing?: Promise<LiveTools>;
  private lastError?: { message: string; at: number };
  private protocolVersion?: string;
  private readonly send: GuardedRequester;
  private readonly wires = new WeakMap<UpstreamConnection, WireSession>();

  constructor(
    private server: GatewayServer,
    private readonly deps: {
      guard: SsrfGuard;
      credentials: UpstreamCredentials;
      maxResponseBytes: number;
      settings: UpstreamSettings;
      breaker: BreakerSettings;
      metrics: GatewayMetrics;
      logger: LoggerService;
      /** Make plain tool calls with one HTTP request rather than the SDK client (see wireToolCall.ts). */
      directCalls: boolean;
    },
  ) {
    this.send = deps.guard.createRequester({
      credentials: deps.credentials.forEntity(server.ref),
    });
    this.slots = new Slots(
      deps.settings.maxConcurrency,
      deps.settings.maxQueued,
    );
    this.breaker = new CircuitBreaker(deps.breaker, state => {
      deps.metrics.breakerState.set(
        { server: server.ref },
        BREAKER_GAUGE[state],
      );
      deps.logger.info(`MCP gateway: breaker of ${server.ref} is ${state}`);
    });
    deps.metrics.breakerState.set({ server: server.ref }, 0);
  }

  /** Follows catalog changes; a changed remote means a new connection. */
  update(server: GatewayServer) {
    if (server === this.server) return;
    if (
      JSON.stringify(server.remotes) !== JSON.stringify(this.server.remotes)
    ) {
      void this.dropConnection();
      this.verdict = undefined;
      this.live = undefined;
    }
    this.server = server;
  }

  private connect(signal: AbortSignal): Promise<UpstreamConnection> {
    this.connection ??= connectUpstream({
      remotes: this.server.remotes,
      fetch: this.deps.guard.createFetch({
        maxResponseBytes: this.deps.maxResponseBytes,
        credentials: this.deps.credentials.forEntity(this.server.ref),
      }),
      // The connection outlives the request that opened it; the deadline bounds the attempt.
      signal: AbortSignal.any([
        AbortSignal.timeout(this.deps.settings.connectTimeoutMs),
        signal,
      ]),
      timeoutMs: this.deps.settings.connectTimeoutMs,
      prior: this.verdict,
      clientInfo: CLIENT_INFO,
    }).then(
      connection => {
        this.verdict =
          connection.era === 'modern' && connection.discover
            ? { kind: 'modern', discover: connection.discover }
            : { kind: 'legacy' };
        this.protocolVersion = connection.protocolVersion;
        return connection;
      },
      error => {
        this.connection = undefined;
        throw error;
      },
    );
    return withinSignal(this.connection, signal);
  }

  private async dropConnection() {
    const connection = this.connection;
    this.connection = undefined;
    this.live = undefined;
    if (connection) await (await connection.catch(() => undefined))?.close();
  }

  private failed(error: unknown) {
    const message = describeUpstreamError(error);
    this.lastError = { message, at: Date.now() };
    return message;
  }

  /**
   * The tools the upstream lists now; throws when it is unavailable. A list is reused for
   * `listCacheMs`; for `listStaleMs` after that it is still answered while a fresh one is
   * fetched in the background (so a list never waits on an upstream that answers), and
   * beyond that the caller waits for the fresh one.
   */
  async listTools(signal: AbortSignal): Promise<LiveTools> {
    const live = this.live;
    const age = live ? Date.now() - live.fetchedAt : Infinity;
    const { listCacheMs, listStaleMs } = this.deps.settings;
    if (age < listCacheMs) return live!;
    this.listing ??= this.fetchTools().finally(() => {
      this.listing = undefined;
    });
    if (age < listCacheMs + listStaleMs) {
      this.listing.catch(() => {});
      return live!;
    }
    return withinSignal(this.listing, signal);
  }

  /** Connects and lists ahead of the first caller (when the catalog names a new upstream). */
  async warm(): Promise<void> {
    await this.listTools(
      AbortSignal.timeout(this.deps.settings.connectTimeoutMs),
    ).catch(() => {});
  }

  private async fetchTools(): Promise<LiveTools> {
    if (!this.breaker.tryAcquire()) throw this.unavailable();
    const signal = AbortSignal.timeout(this.deps.settings.connectTimeoutMs);
    try {
      const { client } = await this.connect(signal);
      const result = await client.listTools(undefined, {
        signal,
        timeout: this.deps.settings.connectTimeoutMs,
        cacheMode: 'refresh',
      });
      const hashes = new Map(
        result.tools.map(t => [t.name, ToolDefinitionHasher.hash(t)]),
      );
      this.breaker.success();
      this.live = { tools: result.tools, hashes, fetchedAt: Date.now() };
      return this.live;
    } catch (error) {
      this.breaker.failure();
      const message = this.failed(error);
      await this.dropConnection();
      throw new UpstreamUnavailableError(
        `${this.server.ref} could not list its tools: ${message}`,
        'failed',
      );
    }
  }

  private unavailable() {
    const retryAt = this.breaker.retryAt;
    return new UpstreamUnavailableError(
      `${this.server.ref} is failing; the gateway stopped sending it calls${
        retryAt ? ` until ${new Date(retryAt).toISOString()}` : ''
      }${this.lastError ? ` (last error: ${this.lastError.message})` : ''}`,
      'breaker-open',
      retryAt ? Math.max(0, retryAt - Date.now()) : undefined,
    );
  }

  /**
   * Calls a tool. Transport failures of a retryable tool (read-only or idempotent) are retried
   * with backoff within the deadline; the caller's signal cancels the call upstream.
   */
  async callTool(
    name: string,
    args: Record<string, unknown> | undefined,
    options: {
      signal: AbortSignal;
      retryable: boolean;
      /** The live definition: a plain tool's call then goes direct. */
      definition?: Tool;
    },
  ): Promise<CallToolResult> {
    const { settings } = this.deps;
    const deadline = withDeadline(options.signal, settings.callTimeoutMs);
    try {
      return await this.callWithin(name, args, options, deadline.signal);
    } finally {
      deadline.done();
    }
  }

  private async callWithin(
    name: string,
    args: Record<string, unknown> | undefined,
    options: { signal: AbortSignal; retryable: boolean; definition?: Tool },
    signal: AbortSignal,
  ): Promise<CallToolResult> {
    const { settings } = this.deps;
    const attempts = options.retryable
      ? Math.max(1, settings.retryAttempts)
      : 1;
    for (let attempt = 1; ; attempt++) {
      if (!this.breaker.tryAcquire()) throw this.unavailable();
      if (!(await this.slots.acquire(signal))) {
        this.breaker.release();
        throw new UpstreamUnavailableError(
          `${this.server.ref} has ${settings.maxConcurrency} calls in flight and ${settings.maxQueued} waiting; try again shortly`,
          'busy',
          1000,
        );
      }
      try {
        const connection = await this.connect(signal);
        const wire =
          options.definition && wireCallable(name, options.definition)
            ? this.wireOf(connection)
            : undefined;
        const result = wire
          ? await wireToolCall(wire, name, args, options.definition!, signal)
          : ((await connection.client.callTool(
              { name, arguments: args },
              { signal, timeout: settings.callTimeoutMs },
            )) as CallToolResult);
        this.breaker.success();
        return result;
      } catch (error) {
        if (options.signal.aborted) {
          this.breaker.release();
          throw error;
        }
        if (!isTransportFailure(error)) {
          this.breaker.success();
          throw error;
        }
        this.breaker.failure();
        this.failed(error);
        if (!(error instanceof SdkError) || error instanceof SdkHttpError)
          await this.dropConnection();
        if (attempt >= attempts || signal.aborted) throw error;
        await sleep(
          Math.min(2000, 100 * 2 ** (attempt - 1)) * (0.5 + Math.random()),
          signal,
        );
      } finally {
        this.slots.release();
      }
    }
  }

  /** How a connection's plain tool calls go direct, if they can (Streamable HTTP only). */
  private wireOf(connection: UpstreamConnection): WireSession | undefined {
    if (
      !this.deps.directCalls ||
      connection.transport !== 'streamable-http' ||
      !connection.protocolVersion
    )
      return undefined;
    let wire = this.wires.get(connection);
    if (!wire) {
      wire = {
        url: new URL(connection.remote.url),
        era: connection.era,
        protocolVersion: connection.protocolVersion,
        sessionId: connection.sessionId,
        clientInfo: CLIENT_INFO,
        send: this.send,
        maxResponseBytes: this.deps.maxResponseBytes,
      };
      this.wires.set(connection, wire);
    }
    return wire;
  }

  status(): GatewayUpstreamStatus {
    const window = this.breaker.window;
    const retryAt = this.breaker.retryAt;
    return {
      serverRef: this.server.ref,
      alias: this.server.alias,
      breaker: this.breaker.state,
      inFlight: this.slots.inFlight,
      maxConcurrency: this.slots.max,
      recentCalls: window.calls,
      recentFailures: window.failures,
      lastError: this.lastError?.message,
      lastErrorAt: this.lastError
        ? new Date(this.lastError.at).toISOString()
        : undefined,
      retryAt: retryAt ? new Date(retryAt).toISOString() : undefined,
      protocolVersion: this.protocolVersion,
    };
  }

  async close(): Promise<void> {
    await this.dropConnection();
  }
}
