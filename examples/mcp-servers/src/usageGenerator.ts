import {
  Client,
  ProtocolError,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { demoCallers, demoRefusedCalls } from './demoConsumers';
import { ExampleServerDefinition, RunningExampleServer } from './exampleServer';
import { ExampleTool } from './exampleTool';

/** A tool call the generator makes, with how often relative to the server's other calls. */
interface TrafficCall {
  tool: string;
  weight: number;
  args: (random: () => number) => Record<string, unknown>;
  /** Calls that fail on purpose (unknown ids), as real clients' mistakes do. */
  fails?: boolean;
  /**
   * Through the gateway, the consumer that makes this call (the owning team's service, for a
   * tool that is not read-only); else one of the server's {@link demoCallers}.
   */
  by?: string;
}

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];

/** Realistic call mixes per example server: mostly reads, some writes, some mistakes. */
export const exampleTraffic: Record<string, TrafficCall[]> = {
  'payments-ledger': [
    {
      tool: 'get_account_balance',
      weight: 30,
      args: r => ({ accountId: `acc_${100 + Math.floor(r() * 6)}` }),
    },
    {
      tool: 'list_transactions',
      weight: 25,
      args: r => ({ accountId: `acc_${100 + Math.floor(r() * 6)}` }),
    },
    {
      tool: 'get_payment',
      weight: 30,
      args: r => ({ paymentId: `pay_${1001 + Math.floor(r() * 60)}` }),
    },
    {
      tool: 'get_payment',
      weight: 0.03,
      args: () => ({ paymentId: 'pay_9999' }),
      fails: true,
    },
    {
      tool: 'flag_transaction_for_review',
      weight: 3,
      by: 'finance-reconciler',
      args: r => ({
        paymentId: `pay_${1001 + Math.floor(r() * 60)}`,
        note: 'Unusual amount for this merchant',
      }),
    },
  ],
  'analytics-warehouse': [
    { tool: 'list_tables', weight: 10, args: () => ({}) },
    {
      tool: 'describe_table',
      weight: 15,
      args: r => ({ table: pick(r, ['growth.signups', 'finance.revenue']) }),
    },
    {
      tool: 'aggregate_metric',
      weight: 40,
      args: r =>
        pick(r, [
          {
            table: 'growth.signups',
            column: 'signups',
            aggregation: 'sum',
            groupBy: 'region',
          },
          {
            table: 'finance.revenue',
            column: 'revenue_eur',
            aggregation: 'avg',
            groupBy: 'plan',
          },
        ]),
    },
    {
      tool: 'describe_table',
      weight: 0.15,
      args: () => ({ table: 'sales.pipeline' }),
      fails: true,
    },
  ],
  'support-desk': [
    {
      tool: 'search_tickets',
      weight: 35,
      args: r => ({
        query: pick(r, ['refund', 'login', 'invoice', '']),
        limit: 10,
      }),
    },
    {
      tool: 'get_ticket',
      weight: 30,
      args: r => ({ ticketId: `T-${2000 + Math.floor(r() * 20)}` }),
    },
    {
      tool: 'get_ticket',
      weight: 0.1,
      args: () => ({ ticketId: 'T-9999' }),
      fails: true,
    },
    {
      tool: 'create_ticket',
      weight: 5,
      by: 'support-assistant',
      args: r => ({
        customerEmail: `customer${Math.floor(r() * 100)}@example.com`,
        subject: 'Cannot download my invoice',
        body: 'The download button does nothing.',
      }),
    },
  ],
  'model-gateway': [
    { tool: 'list_models', weight: 5, args: () => ({}) },
    {
      tool: 'classify_text',
      weight: 35,
      args: r => ({
        text: pick(r, [
          'My card was charged twice for the same order, please refund one.',
          'How do I reset my password? The email never arrives.',
          'Your new dashboard is great, thanks!',
        ]),
        labels: ['billing', 'account', 'feedback'],
      }),
    },
    {
      tool: 'summarize_text',
      weight: 30,
      args: r => ({
        text: 'The quarterly review covered revenue growth in EMEA. Churn fell for the third quarter. '.repeat(
          1 + Math.floor(r() * 20),
        ),
        maxSentences: 2,
      }),
    },
    {
      tool: 'embed_text',
      weight: 30,
      args: r => ({
        texts: Array.from(
          { length: 1 + Math.floor(r() * 8) },
          (_, i) => `document ${i} about payments and refunds`,
        ),
      }),
    },
  ],
};

/** Injected faults: a share of slow calls and of internal failures. */
export interface InjectedFaults {
  /** Share of calls delayed by `slowMs` (0..1). */
  slowShare: number;
  slowMs: [number, number];
  /** Share of calls that fail with an internal error (0..1). */
  failureShare: number;
  /** Every call waits this long at least, like a real backend round trip. */
  baseLatencyMs?: [number, number];
  random?: () => number;
}

/**
 * Default faults per example server, so each SLO shows a different state: the payments ledger
 * and the model gateway well within budget, the analytics warehouse with little budget left
 * (slow queries), the support desk paging after an error burst in the last hour.
 */
export const exampleFaults: Record<string, InjectedFaults> = {
  'payments-ledger': {
    slowShare: 0.01,
    slowMs: [2100, 2600],
    failureShare: 0.0002,
    baseLatencyMs: [5, 60],
  },
  'analytics-warehouse': {
    slowShare: 0.045,
    slowMs: [3100, 4500],
    failureShare: 0.001,
    baseLatencyMs: [40, 600],
  },
  'support-desk': {
    slowShare: 0.03,
    slowMs: [1600, 2200],
    failureShare: 0.002,
    baseLatencyMs: [10, 300],
  },
  'model-gateway': {
    slowShare: 0.02,
    slowMs: [5200, 6000],
    failureShare: 0.004,
    baseLatencyMs: [80, 900],
  },
};

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const between = (random: () => number, [min, max]: [number, number]) =>
  min + random() * (max - min);

/**
 * Wraps a server definition's tools so that some calls are slow and some fail inside the
 * handler, as real backends do. The failures and delays happen inside the instrumented handler,
 * so they show in the server's own metrics exactly like real ones.
 */
export function withInjectedFaults(
  definition: ExampleServerDefinition,
  faults: InjectedFaults,
): ExampleServerDefinition {
  const random = faults.random ?? Math.random;
  const wrap = (tool: ExampleTool): ExampleTool => ({
    ...tool,
    handler: async (args, ctx) => {
      let delay = faults.baseLatencyMs
        ? between(random, faults.baseLatencyMs)
        : 0;
      if (random() < faults.slowShare) delay = between(random, faults.slowMs);
      if (delay > 0) await sleep(delay);
      if (random() < faults.failureShare) {
        throw new Error(`upstream of ${tool.name} timed out`);
      }
      return tool.handler(args, ctx);
    },
  });
  return { ...definition, tools: definition.tools.map(wrap) };
}

/**
 * A connected MCP client for calling one example server's tools. It probes with
 * `server/discover` and speaks 2026-07-28 where the server does, else the 2025 handshake.
 */
export class ExampleToolClient {
  private client?: Promise<Client>;

  /** `headers` go with every request, e.g. the gateway's `Authorization`. */
  constructor(
    private readonly url: string,
    private readonly headers?: Record<string, string>,
  ) {}

  /** Calls a tool; resolves to whether the result was an error. */
  async call(
    tool: string,
    args: Record<string, unknown>,
  ): Promise<{ isError: boolean }> {
    this.client ??= this.connect().catch(error => {
      this.client = undefined;
      throw error;
    });
    const client = await this.client;
    const result = await client.callTool({ name: tool, arguments: args });
    return { isError: Boolean(result.isError) };
  }

  private async connect(): Promise<Client> {
    const client = new Client(
      { name: 'mcp-usage-generator', version: '1.0.0' },
      { versionNegotiation: { mode: 'auto' } },
    );
    await client.connect(
      new StreamableHTTPClientTransport(new URL(this.url), {
        requestInit: this.headers ? { headers: this.headers } : undefined,
      }),
    );
    // As an agent does: the tools' definitions tell the client which arguments to mirror into
    // Mcp-Param-* headers (2026-07-28), which servers and the gateway check.
    await client.listTools();
    return client;
  }

  async close() {
    const client = this.client;
    this.client = undefined;
    await (await client?.catch(() => undefined))?.close().catch(() => {});
  }
}

/** A deterministic pseudo-random generator (mulberry32), so generated history is repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weightedBy<T>(
  random: () => number,
  items: T[],
  weightOf: (item: T) => number,
): T | undefined {
  const total = items.reduce((s, c) => s + weightOf(c), 0);
  let x = random() * total;
  for (const c of items) {
    x -= weightOf(c);
    if (x <= 0) return c;
  }
  return items[items.length - 1];
}

function weighted(random: () => number, calls: TrafficCall[]): TrafficCall {
  return weightedBy(random, calls, c => c.weight)!;
}

/** A running traffic generator. */
export interface UsageGenerator {
  /** Calls made so far per server and tool, with errors. */
  readonly counts: Map<string, { calls: number; errors: number }>;
  stop(): Promise<void>;
}

/**
 * Where the generator's calls go when they go through the MCP gateway: its aggregate endpoint,
 * each call made by one of the consumers with its own token and named `<server>__<tool>` (the
 * example entities have no alias annotation).
 */
export interface GatewayRoute {
  /** The aggregate endpoint, e.g. `http://localhost:7007/api/mcp-gateway/v1/mcp`. */
  url: string;
  /** The token of each consumer by subject. */
  tokens: Record<string, string>;
  /** Who calls each server, with weights; default {@link demoCallers}. */
  callers?: Record<string, { subject: string; weight: number }[]>;
  /** Calls the policy refuses, made now and then; default {@link demoRefusedCalls}. */
  refusedCalls?: typeof demoRefusedCalls;
}

/** One call the generator is about to make, and the client it goes through. */
interface PlannedCall {
  key: string;
  client: ExampleToolClient;
  name: string;
  args: Record<string, unknown>;
}

/**
 * Calls the example servers' tools over MCP at about `callsPerMinute` per server, with each
 * server's realistic call mix (reads, writes, mistaken ids). Combined with
 * {@link withInjectedFaults} on the servers, dashboards see errors and slow calls. With a
 * `gateway`, the calls go through the MCP gateway as the demo's consumers (see
 * {@link GatewayRoute}), so the gateway decides and meters them by consuming team; counts are
 * then kept per `<server>#<tool>#<subject>`.
 */
export function startUsageGenerator(options: {
  servers: Pick<RunningExampleServer, 'name' | 'url'>[];
  callsPerMinute?: number;
  random?: () => number;
  onError?: (error: Error) => void;
  gateway?: GatewayRoute;
}): UsageGenerator {
  const random = options.random ?? Math.random;
  const perMinute = options.callsPerMinute ?? 60;
  const counts = new Map<string, { calls: number; errors: number }>();
  const clients = new Map<string, ExampleToolClient>();
  const clientFor = (key: string, url: string, token?: string) => {
    let client = clients.get(key);
    if (!client) {
      client = new ExampleToolClient(
        url,
        token ? { authorization: `Bearer ${token}` } : undefined,
      );
      clients.set(key, client);
    }
    return client;
  };
  const { gateway } = options;
  const plan = (
    server: Pick<RunningExampleServer, 'name' | 'url'>,
  ): PlannedCall => {
    const call = weighted(random, exampleTraffic[server.name]);
    if (!gateway) {
      return {
        key: `${server.name}#${call.tool}`,
        client: clientFor(server.name, server.url),
        name: call.tool,
        args: call.args(random),
      };
    }
    const refused = (gateway.refusedCalls ?? demoRefusedCalls).find(
      r => r.server === server.name && random() < r.share,
    );
    const callers = (gateway.callers ?? demoCallers)[server.name] ?? [];
    const subject =
      refused?.subject ??
      call.by ??
      weightedBy(random, callers, c => c.weight)?.subject;
    const token = subject && gateway.tokens[subject];
    if (!subject || !token)
      throw new Error(
        `no consumer with a token calls ${server.name} through the gateway`,
      );
    const tool = refused?.tool ?? call.tool;
    return {
      key: `${server.name}#${tool}#${subject}`,
      // A client per loop and consumer: a loop that closes its client after a failure does not
      // cut the other loops' calls.
      client: clientFor(`${server.name}#${subject}`, gateway.url, token),
      name: `${server.name}__${tool}`,
      args: refused ? refused.args(random) : call.args(random),
    };
  };
  let stopped = false;
  const reported = new Set<string>();
  const loops = options.servers
    .filter(s => exampleTraffic[s.name])
    .map(async server => {
      while (!stopped) {
        let planned: PlannedCall | undefined;
        try {
          planned = plan(server);
          const { isError } = await planned.client.call(
            planned.name,
            planned.args,
          );
          const c = counts.get(planned.key) ?? { calls: 0, errors: 0 };
          c.calls++;
          if (isError) c.errors++;
          counts.set(planned.key, c);
        } catch (error) {
          if (planned && error instanceof ProtocolError) {
            // An answer with a JSON-RPC error (an unknown tool, a rate limit, a header the
            // gateway wants): a failed call on a working connection, reported once per message.
            const c = counts.get(planned.key) ?? { calls: 0, errors: 0 };
            c.calls++;
            c.errors++;
            counts.set(planned.key, c);
            if (!reported.has(error.message)) {
              reported.add(error.message);
              options.onError?.(error);
            }
          } else {
            options.onError?.(error as Error);
            await planned?.client.close();
            await sleep(1000);
          }
        }
        // Exponential gaps give bursty, Poisson-like traffic.
        await sleep((-Math.log(1 - random()) * 60_000) / perMinute);
      }
    });
  return {
    counts,
    async stop() {
      stopped = true;
      await Promise.all(loops);
      await Promise.all([...clients.values()].map(c => c.close()));
    },
  };
}

/** An event of the insights push API (`POST /api/mcp-insights/v1/usage/events`). */
export interface PushedUsageEvent {
  id: string;
  timestamp: string;
  server: string;
  tool?: string;
  outcome?: 'success' | 'error';
  durationMs?: number;
  tokens?: {
    model: string;
    input?: number;
    output?: number;
    cached?: number;
  }[];
  cost?: number;
}

const HOUR_MS = 3_600_000;

/** The model each model-gateway tool meters, as in modelGateway.ts. */
const GATEWAY_MODELS: Record<string, string> = {
  classify_text: 'gpt-4o-mini',
  summarize_text: 'claude-3-5-haiku-20241022',
  embed_text: 'text-embedding-3-small',
};

/** Calls per hour of each server at the daily peak. */
const HISTORY_VOLUME: Record<string, number> = {
  'payments-ledger': 90,
  'analytics-warehouse': 60,
  'support-desk': 70,
  'model-gateway': 120,
};

/**
 * Generates past usage of the example servers as push events: office-hours traffic with a weekly
 * rhythm, each server's faults (errors, slow calls), tokens for the model gateway, a payment-API
 * fee on refunds, a fivefold traffic (and token spend) spike three days ago on the model gateway and an error burst in the last hour
 * on the support desk. Ids are derived from server, hour and index, so pushing the same history
 * twice counts it once.
 */
export function generateUsageHistory(options: {
  days: number;
  now?: number;
  seed?: number;
}): PushedUsageEvent[] {
  const now = options.now ?? Date.now();
  const random = seededRandom(options.seed ?? 42);
  const events: PushedUsageEvent[] = [];
  const firstHour = Math.floor(now / HOUR_MS) - options.days * 24;
  const spikeDay = Math.floor(now / 86_400_000) - 3;
  for (let hour = firstHour; hour < Math.floor(now / HOUR_MS); hour++) {
    const date = new Date(hour * HOUR_MS);
    const hourOfDay = date.getUTCHours();
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const office = Math.exp(-((hourOfDay - 13) ** 2) / 18);
    for (const [server, peak] of Object.entries(HISTORY_VOLUME)) {
      let volume = peak * (0.15 + 0.85 * office) * (weekend ? 0.35 : 1);
      if (server === 'model-gateway' && Math.floor(hour / 24) === spikeDay)
        volume *= 5;
      const calls = Math.round(volume * (0.8 + 0.4 * random()));
      const faults = exampleFaults[server];
      const burst =
        server === 'support-desk' && hour === Math.floor(now / HOUR_MS) - 1;
      for (let i = 0; i < calls; i++) {
        const call = weighted(random, exampleTraffic[server]);
        const slow = random() < faults.slowShare;
        const failed =
          call.fails ||
          random() < faults.failureShare ||
          (burst && random() < 0.3);
        const durationMs = Math.round(
          slow
            ? between(random, faults.slowMs)
            : between(random, faults.baseLatencyMs ?? [5, 50]),
        );
        const event: PushedUsageEvent = {
          id: `demo-${server}-${hour}-${i}`,
          timestamp: new Date(
            hour * HOUR_MS + Math.floor(random() * HOUR_MS),
          ).toISOString(),
          server,
          tool: call.tool,
          outcome: failed ? 'error' : 'success',
          durationMs,
        };
        if (server === 'model-gateway' && call.tool !== 'list_models') {
          const model = GATEWAY_MODELS[call.tool] ?? 'text-embedding-3-small';
          const input = 400 + Math.floor(random() * 6000);
          event.tokens = [
            {
              model,
              input,
              output:
                model === 'text-embedding-3-small'
                  ? 0
                  : 50 + Math.floor(random() * 600),
              cached: model === 'gpt-4o-mini' ? Math.floor(input * 0.3) : 0,
            },
          ];
        }
        if (
          server === 'payments-ledger' &&
          call.tool === 'flag_transaction_for_review'
        ) {
          event.cost = 0.05;
        }
        events.push(event);
      }
    }
  }
  return events;
}

/**
 * Pushes events to the insights backend in batches, with a Backstage token: `token`, or in
 * development a guest token from the guest auth provider.
 */
export async function pushUsageEvents(options: {
  backstageUrl: string;
  events: PushedUsageEvent[];
  token?: string;
  batchSize?: number;
}): Promise<{ accepted: number; duplicates: number; rejected: number }> {
  const base = options.backstageUrl.replace(/\/$/, '');
  const token = options.token ?? (await guestToken(base));
  const totals = { accepted: 0, duplicates: 0, rejected: 0 };
  const size = options.batchSize ?? 5000;
  for (let i = 0; i < options.events.length; i += size) {
    const response = await fetch(`${base}/api/mcp-insights/v1/usage/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ events: options.events.slice(i, i + size) }),
    });
    if (!response.ok) {
      throw new Error(
        `push failed with HTTP ${response.status}: ${(
          await response.text()
        ).slice(0, 300)}`,
      );
    }
    const result = (await response.json()) as typeof totals;
    totals.accepted += result.accepted;
    totals.duplicates += result.duplicates;
    totals.rejected += result.rejected;
  }
  return totals;
}

/** A token of the development guest user (auth.providers.guest). */
export async function guestToken(backstageUrl: string): Promise<string> {
  const response = await fetch(`${backstageUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!response.ok) {
    throw new Error(
      `no guest token from ${backstageUrl} (HTTP ${response.status}): pass a token or enable auth.providers.guest`,
    );
  }
  const body = (await response.json()) as {
    backstageIdentity?: { token?: string };
  };
  const token = body.backstageIdentity?.token;
  if (!token)
    throw new Error('the guest auth provider answered without a token');
  return token;
}

/** Waits until the insights backend answers and knows the example servers from the catalog. */
export async function waitForInsights(options: {
  backstageUrl: string;
  servers: string[];
  timeoutMs?: number;
}): Promise<string> {
  const base = options.backstageUrl.replace(/\/$/, '');
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  let lastProblem = 'not started';
  while (Date.now() < deadline) {
    try {
      const token = await guestToken(base);
      const response = await fetch(`${base}/api/mcp-insights/v1/slo/servers`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.ok) {
        const body = (await response.json()) as { items: { name: string }[] };
        const known = new Set(body.items.map(i => i.name));
        if (options.servers.every(s => known.has(s))) return token;
        lastProblem = 'the catalog has not synced the example servers yet';
      } else lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await sleep(3000);
  }
  throw new Error(`MCP insights at ${base} not ready: ${lastProblem}`);
}

/**
 * Waits until the MCP catalog lists `tool` of `server` (a name in the default namespace) with its
 * current definition approved: discovery has seen the server and taken the tool as its baseline.
 */
/**
 * Waits until the MCP catalog at `backstageUrl` has discovered a server (it answered), polling
 * its server API as the guest.
 */
export async function waitForDiscoveredServer(options: {
  backstageUrl: string;
  server: string;
  timeoutMs?: number;
}): Promise<void> {
  const base = options.backstageUrl.replace(/\/$/, '');
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  let lastProblem = 'not started';
  while (Date.now() < deadline) {
    try {
      const token = await guestToken(base);
      const response = await fetch(
        `${base}/api/mcp-catalog/v1/servers/default/${encodeURIComponent(
          options.server,
        )}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (response.ok) {
        const body = (await response.json()) as {
          status: string;
          firstSuccessAt?: string;
        };
        if (body.firstSuccessAt) return;
        lastProblem = `its discovery status is ${body.status}`;
      } else lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await sleep(3000);
  }
  throw new Error(
    `${options.server} not discovered by the MCP catalog at ${base}: ${lastProblem}`,
  );
}

/** Asks the MCP catalog to discover a server again now (as the guest, a platform-team member). */
export async function refreshDiscovery(options: {
  backstageUrl: string;
  server: string;
}): Promise<void> {
  const base = options.backstageUrl.replace(/\/$/, '');
  const response = await fetch(
    `${base}/api/mcp-catalog/v1/servers/default/${encodeURIComponent(
      options.server,
    )}/refresh`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${await guestToken(base)}` },
    },
  );
  if (!response.ok)
    throw new Error(
      `the MCP catalog answered ${response.status} to a refresh of ${options.server}`,
    );
}

export async function waitForApprovedTool(options: {
  backstageUrl: string;
  server: string;
  tool: string;
  timeoutMs?: number;
}): Promise<void> {
  const base = options.backstageUrl.replace(/\/$/, '');
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  let lastProblem = 'not started';
  while (Date.now() < deadline) {
    try {
      const token = await guestToken(base);
      const response = await fetch(
        `${base}/api/mcp-catalog/v1/servers/default/${encodeURIComponent(
          options.server,
        )}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (response.ok) {
        const body = (await response.json()) as {
          tools: { name: string; state: string; approval: string }[];
        };
        const tool = body.tools.find(
          t => t.name === options.tool && t.state === 'active',
        );
        if (tool?.approval === 'approved') return;
        lastProblem = tool
          ? `${options.tool} is ${tool.approval}`
          : `discovery has not found ${options.tool} yet`;
      } else lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await sleep(3000);
  }
  throw new Error(
    `${options.tool} of ${options.server} not approved in the MCP catalog at ${base}: ${lastProblem}`,
  );
}
