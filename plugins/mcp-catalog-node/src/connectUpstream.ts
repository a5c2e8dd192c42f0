import {
  Client,
  DiscoverResult,
  PriorDiscovery,
  SSEClientTransport,
  StreamableHTTPClientTransport,
  Transport,
} from '@modelcontextprotocol/client';
import type { jsonSchemaValidator } from '@modelcontextprotocol/client';
import { McpRemote } from '@mcp-platform/plugin-mcp-catalog-common';
import { describeUpstreamError, UpstreamError } from './describeUpstreamError';
import { GuardedFetch } from './guardedHttp';

/**
 * The protocol revision of the 2026 era; earlier revisions are the 2025 ("legacy") era.
 *
 * @public
 */
export const MODERN_REVISION = '2026-07-28';

/**
 * Which era a server spoke on a connection: `modern` is 2026-07-28, `legacy` 2025-11-25 and before.
 *
 * @public
 */
export type ProtocolEra = 'modern' | 'legacy';

/**
 * What the platform remembers of a server's era between connections (a cached verdict).
 *
 * @public
 */
export type EraVerdict = PriorDiscovery;

/**
 * A connected SDK client and what the connection found out.
 *
 * @public
 */
export interface UpstreamConnection {
  client: Client;
  /** The remote that answered, and over which transport. */
  remote: McpRemote;
  transport: 'streamable-http' | 'sse';
  era: ProtocolEra;
  /** The negotiated revision, e.g. `2026-07-28` or `2025-11-25`. */
  protocolVersion?: string;
  /** The server's `server/discover` answer (modern era), cache hints included. */
  discover?: DiscoverResult & { ttlMs?: number; cacheScope?: string };
  /**
   * The session the server assigned (`Mcp-Session-Id`, 2025-era Streamable HTTP servers that
   * keep sessions), read at each call since a transport renews it; undefined over SSE.
   */
  sessionId?: () => string | undefined;
  /** Closes the client and its transport; never throws. */
  close(): Promise<void>;
}

/**
 * One failed attempt to connect, described in the platform's own words.
 *
 * @public
 */
export interface ConnectAttempt {
  url: string;
  transport: string;
  error: string;
}

/**
 * Connecting failed on every remote; `attempts` says why for each.
 *
 * @public
 */
export class UpstreamConnectError extends UpstreamError {
  name = 'UpstreamConnectError';
  constructor(readonly attempts: ConnectAttempt[]) {
    super(attempts.map(a => `${a.transport} ${a.url}: ${a.error}`).join('; '));
  }
}

/**
 * Options of {@link connectUpstream}.
 *
 * @public
 */
export interface ConnectUpstreamOptions {
  /** The server's remotes; Streamable HTTP ones are tried first. */
  remotes: McpRemote[];
  /** The guarded fetch (SSRF policy, size cap, credentials bound to origins). */
  fetch: GuardedFetch;
  /**
   * The fetch for POSTs of Streamable HTTP, when it should differ from `fetch` (discovery reads
   * event streams its own way); defaults to `fetch`.
   */
  streamableFetch?: GuardedFetch;
  /** Ends the connection attempt (its requests too); connecting fails with its reason. */
  signal: AbortSignal;
  /**
   * Ends every request of the connection, including after it was established (a discovery's
   * deadline). Without it, a connection outlives `signal` (the gateway's pooled connections).
   */
  lifetimeSignal?: AbortSignal;
  /** Per-request timeout of the SDK client. */
  timeoutMs: number;
  /**
   * A cached era verdict: `{ kind: 'legacy' }` skips the `server/discover` probe,
   * `{ kind: 'modern', discover }` skips the round trip altogether. Without one the client probes.
   */
  prior?: EraVerdict;
  clientInfo?: { name: string; version: string };
  jsonSchemaValidator?: jsonSchemaValidator;
}

const defaultClientInfo = { name: 'backstage-mcp-platform', version: '1.0.0' };

/** Rejects when the signal aborts, with its reason. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () =>
      reject(
        signal.reason instanceof Error
          ? signal.reason
          : new UpstreamError('aborted'),
      );
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/** A fetch whose requests also end when `signal` aborts. */
function abortingWith(fetch: GuardedFetch, signal: AbortSignal): GuardedFetch {
  return (url, init) =>
    fetch(url, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
    });
}

/**
 * Races `work` against the signal: a transport that waits for something that never comes (an
 * SSE `endpoint` event, say) cannot hold the caller past its deadline.
 *
 * @public
 */
export async function withinSignal<T>(
  work: Promise<T>,
  signal: AbortSignal,
): Promise<T> {
  work.catch(() => {}); // settled after an abort: nobody listens any more
  return Promise.race([work, whenAborted(signal)]);
}

/**
 * Connects an MCP SDK v2 client to a server over the first remote that answers, speaking the
 * revision the server speaks: it probes with `server/discover` (2026-07-28) and falls back to
 * the 2025 `initialize` handshake, unless a cached verdict says which. Streamable HTTP remotes
 * come first; one that fails is retried with the deprecated HTTP+SSE transport on the same URL,
 * as the spec's backwards-compatibility section says. SSE is a 2025-era transport only.
 *
 * Every wait is bounded by `signal`; failures are {@link UpstreamConnectError}s whose text holds
 * nothing the server chose.
 *
 * @public
 */
export async function connectUpstream(
  options: ConnectUpstreamOptions,
): Promise<UpstreamConnection> {
  const { signal, timeoutMs, lifetimeSignal } = options;
  // The attempt's signal bounds the requests made while connecting, except a stream a
  // transport opens to keep (closed with the transport if connecting fails); the lifetime
  // signal bounds every request.
  let connecting = true;
  const bounded = (base: GuardedFetch): GuardedFetch => {
    const forLife = lifetimeSignal ? abortingWith(base, lifetimeSignal) : base;
    const forAttempt = abortingWith(forLife, signal);
    return (url, init) =>
      connecting && (init?.method ?? 'GET').toUpperCase() !== 'GET'
        ? forAttempt(url, init)
        : forLife(url, init);
  };
  const fetch = bounded(options.fetch);
  const streamableFetch = bounded(options.streamableFetch ?? options.fetch);
  const ordered = [
    ...options.remotes.filter(r => r.type === 'streamable-http'),
    ...options.remotes.filter(r => r.type === 'sse'),
  ];
  const attempts: ConnectAttempt[] = [];
  for (const remote of ordered) {
    const kinds: ('streamable-http' | 'sse')[] =
      remote.type === 'streamable-http' ? ['streamable-http', 'sse'] : ['sse'];
    for (const kind of kinds) {
      if (signal.aborted) break;
      const transport: Transport =
        kind === 'streamable-http'
          ? new StreamableHTTPClientTransport(new URL(remote.url), {
              fetch: streamableFetch,
              reconnectionOptions: {
                maxRetries: 0,
                initialReconnectionDelay: 1000,
                maxReconnectionDelay: 1000,
                reconnectionDelayGrowFactor: 1,
              },
            })
          : new SSEClientTransport(new URL(remote.url), { fetch });
      // SSE serves the 2025 era only: a probe there would only cost a round trip.
      const prior: EraVerdict | undefined =
        kind === 'sse' ? { kind: 'legacy' } : options.prior;
      const client = new Client(options.clientInfo ?? defaultClientInfo, {
        capabilities: {},
        versionNegotiation: {
          mode: 'auto',
          probe: { timeoutMs, maxRetries: 0 },
        },
        jsonSchemaValidator: options.jsonSchemaValidator,
      });
      const close = async () => {
        await client.close().catch(() => {});
        await transport.close().catch(() => {});
      };
      try {
        await withinSignal(
          client.connect(transport, { signal, timeout: timeoutMs, prior }),
          signal,
        );
        connecting = false;
        const era = (client.getProtocolEra() ?? 'legacy') as ProtocolEra;
        return {
          client,
          remote,
          transport: kind,
          era,
          protocolVersion: client.getNegotiatedProtocolVersion(),
          discover: client.getDiscoverResult(),
          sessionId:
            transport instanceof StreamableHTTPClientTransport
              ? () => transport.sessionId
              : undefined,
          close,
        };
      } catch (error) {
        await close();
        attempts.push({
          url: remote.url,
          transport: kind,
          error: signal.aborted
            ? describeAbort(signal)
            : describeUpstreamError(error),
        });
        // A stale modern verdict fails loudly: the next transport (or run) probes afresh.
      }
    }
  }
  if (signal.aborted && !attempts.length)
    attempts.push({ url: '', transport: '', error: describeAbort(signal) });
  throw new UpstreamConnectError(attempts);
}

/**
 * The reason of an aborted signal, in the platform's words.
 *
 * @public
 */
export function describeAbort(signal: AbortSignal): string {
  const reason = signal.reason;
  return reason instanceof UpstreamError ? reason.message : 'aborted';
}

/**
 * Whether a Streamable HTTP endpoint that speaks 2026-07-28 also serves 2025-era clients: one
 * plain `initialize` handshake. Returns the revision it negotiated, or undefined when refused.
 *
 * @public
 */
export async function probeLegacyServing(options: {
  url: string;
  fetch: GuardedFetch;
  signal: AbortSignal;
  timeoutMs: number;
  clientInfo?: { name: string; version: string };
}): Promise<string | undefined> {
  const transport = new StreamableHTTPClientTransport(new URL(options.url), {
    fetch: abortingWith(options.fetch, options.signal),
    reconnectionOptions: {
      maxRetries: 0,
      initialReconnectionDelay: 1000,
      maxReconnectionDelay: 1000,
      reconnectionDelayGrowFactor: 1,
    },
  });
  const client = new Client(options.clientInfo ?? defaultClientInfo, {
    capabilities: {},
  });
  try {
    await withinSignal(
      client.connect(transport, {
        signal: options.signal,
        timeout: options.timeoutMs,
      }),
      options.signal,
    );
    return client.getNegotiatedProtocolVersion();
  } catch {
    return undefined;
  } finally {
    // A sessionful server gets its session ended rather than left to expire.
    await transport.terminateSession().catch(() => {});
    await client.close().catch(() => {});
  }
}
