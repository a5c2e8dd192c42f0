/* eslint-disable no-console */
/**
 * Benchmark of the MCP insights backend over its HTTP API, on SQLite (in memory) and, when
 * `BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING` is set, PostgreSQL (a fresh database on
 * loopback, dropped afterwards). Run from the repository root with `yarn bench:insights`.
 *
 * 1. Push ingest: batches of 5 000 usage events (500 servers with Zipf-like popularity, 4 tools
 *    each, 20 % with tokens) POSTed to /v1/usage/events by 2 clients, plus two batches sent
 *    again (a client retrying after a timeout: all duplicates, none counted); the figure is
 *    events in the rollups per second, the background fold included. The pushing user is a
 *    member of the root group, so each request looks the user up in the catalog and each
 *    event's server is checked against the user's teams. Baseline: the same requests to a
 *    route that only parses the JSON body (the HTTP + JSON ceiling here).
 * 2. Team cost report: 500 servers × 90 days of hourly rollups (2 tools per server, tokens on
 *    a fifth of them, compute rows) for 30 teams under 5 departments under one root group;
 *    GET /v1/cost/report for the root, departments and teams, and GET /v1/cost/teams, by a
 *    user who can read every server in the catalog, by a service principal (no catalog lookup:
 *    the cost of reading before read filtering) and by a user who cannot read every tenth
 *    server (those are left out of every sum), interleaved. Baseline: GET /health.
 * 3. SLO status of the 500 servers (each with availability and latency objectives):
 *    GET /v1/slo/servers. Baseline: GET /health.
 * 4. The catalog lookup behind 2 (which servers a user may read), uncached. The catalog here
 *    is an in-process stand-in (catalogServiceMock): a real catalog adds its HTTP round trip
 *    and SQL query, measured by the catalog's own benchmark, not here.
 * 5. MCP gateway metering: as many events as in 1, as the gateway's meter sends them
 *    (`source: gateway`, consuming team, bytes, estimated tokens) with a service token, into
 *    the gateway tables; then 30 days of gateway-observed calls for every fifth server (the
 *    same calls their metrics counted) and 2 and 3 again, where calls are counted once per
 *    server and bucket (the gateway's where it relayed any), plus spend by consuming team
 *    (GET /v1/cost/consumers and a team's consumer report).
 *
 * Sizes can be reduced for a quick look: MCP_BENCH_SERVERS, MCP_BENCH_DAYS, MCP_BENCH_EVENTS.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Registry } from 'prom-client';
import { ServerVisibility } from '../src/access/ServerVisibility';
import { CatalogSync } from '../src/collection/CatalogSync';
import { MetricsEndpointReader } from '../src/collection/MetricsEndpointReader';
import { MetricsScraper } from '../src/collection/MetricsScraper';
import { UsageCollector } from '../src/collection/UsageCollector';
import { readInsightsConfig } from '../src/config/readInsightsConfig';
import {
  ComputeCostAccrual,
  computeCostRows,
} from '../src/cost/ComputeCostAccrual';
import { CostModel } from '../src/cost/CostModel';
import { CostReporter } from '../src/cost/CostReporter';
import { DatabaseInsightsStore } from '../src/database/DatabaseInsightsStore';
import { ServerRecord } from '../src/database/InsightsStore';
import { migrationConfig } from '../src/database/migrations';
import { PendingUsageFolder } from '../src/ingest/PendingUsageFolder';
import { ServerDirectory } from '../src/ingest/ServerDirectory';
import { UsageEventIngestor } from '../src/ingest/UsageEventIngestor';
import { UsagePushScopes } from '../src/ingest/UsagePushScopes';
import { InsightsMetrics } from '../src/metrics/InsightsMetrics';
import { emptyLatency, latencyOfCall } from '../src/rollups/latencyBuckets';
import { UsageIncrement } from '../src/rollups/UsageIncrement';
import { createRouter } from '../src/service/createRouter';
import { SloEvaluator } from '../src/slo/SloEvaluator';

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

const SERVERS = envInt('MCP_BENCH_SERVERS', 500);
/** Days of gateway-observed history for every fifth server. */
const GATEWAY_DAYS = 30;
const DAYS = envInt('MCP_BENCH_DAYS', 90);
const INGEST_EVENTS = envInt('MCP_BENCH_EVENTS', 300_000);
const BATCH = 5000;
const INGEST_CLIENTS = envInt('MCP_BENCH_CLIENTS', 2);
const REPORT_ROUNDS = 8;
const LOOKUP_ROUNDS = 20;
const SLO_ROUNDS = 10;
const TEAMS = 30;
const DEPARTMENTS = 5;

const TARGETS = { ingestPerSecond: 50_000, reportP95Ms: 300, sloMaxMs: 1000 };
const WATCHDOG_MS = 40 * 60_000;

/** mulberry32: a small seeded PRNG, so every run measures the same data. */
function random(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ms(value: number): string {
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

class BenchLogger implements LoggerService {
  error(message: string) {
    console.log(`  logger error: ${message}`);
  }
  warn(message: string) {
    console.log(`  logger warn: ${message}`);
  }
  info() {}
  debug() {}
  child(): LoggerService {
    return this;
  }
}

// ---------------------------------------------------------------------------------------------
// The fleet: servers, teams, tools
// ---------------------------------------------------------------------------------------------

const ROOT = 'group:default/engineering';
const department = (d: number) => `group:default/department-${d}`;
const team = (t: number) => `group:default/team-${t}`;
const serverRef = (s: number) => `api:default/server-${s}`;
const TOOLS = ['search', 'get', 'create', 'summarize'];
const MODELS = [
  'gpt-4o-mini',
  'claude-3-5-haiku-20241022',
  'text-embedding-3-small',
];

const CONFIG = {
  mcpInsights: {
    cost: {
      currency: 'USD',
      models: [
        {
          model: 'gpt-4o-mini',
          inputPerMillion: 0.15,
          outputPerMillion: 0.6,
          cachedInputPerMillion: 0.075,
        },
        {
          model: 'claude-3-5-haiku-20241022',
          inputPerMillion: 0.8,
          outputPerMillion: 4,
        },
        {
          model: 'text-embedding-3-small',
          inputPerMillion: 0.02,
          outputPerMillion: 0,
        },
      ],
      budgets: [
        { team: ROOT, monthly: 50_000 },
        ...Array.from({ length: TEAMS }, (_, t) => ({
          team: team(t),
          monthly: 500 + t * 50,
        })),
      ],
    },
    retention: { eventIdDays: 7 },
  },
};

function fleetServers(): ServerRecord[] {
  const firstSeen = Date.now() - (DAYS + 1) * 86_400_000;
  return Array.from({ length: SERVERS }, (_, s) => ({
    serverRef: serverRef(s),
    name: `server-${s}`,
    title: `Server ${s}`,
    teamRef: team(s % TEAMS),
    sloAnnotation: `availability=${s % 3 === 0 ? '99.9' : '99.5'},latency-p95=${
      s % 2 ? 2000 : 1500
    }ms,window=30d`,
    firstSeenAt: firstSeen,
    aliveSince: firstSeen,
    lastSeenAt: firstSeen,
  }));
}

function fleetTeams() {
  return [
    { teamRef: ROOT, title: 'Engineering' },
    ...Array.from({ length: DEPARTMENTS }, (_, d) => ({
      teamRef: department(d),
      title: `Department ${d}`,
      parentRef: ROOT,
    })),
    ...Array.from({ length: TEAMS }, (_, t) => ({
      teamRef: team(t),
      title: `Team ${t}`,
      parentRef: department(t % DEPARTMENTS),
    })),
  ];
}

/** The user who cannot read every tenth server. */
const RESTRICTED_USER = 'user:default/restricted';
const restrictedFrom = (s: number) => s % 10 === 0;

/**
 * The catalog as insights reads it: the fleet's server entities and the benchmark users, members
 * of the root group. The restricted user's queries do not return every tenth server, as the
 * catalog does for a user denied `catalog.entity.read` on them.
 */
function benchCatalog(): CatalogService {
  const api = (s: number): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: `server-${s}`, namespace: 'default' },
    spec: { type: 'mcp-server', owner: team(s % TEAMS) },
  });
  const user = (name: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {},
    relations: [{ type: 'memberOf', targetRef: ROOT }],
  });
  const users = [user('mock'), user('restricted')];
  const servers = Array.from({ length: SERVERS }, (_, s) => s);
  const catalog = catalogServiceMock({
    entities: [...servers.map(api), ...users],
  });
  const restricted = catalogServiceMock({
    entities: [...servers.filter(s => !restrictedFrom(s)).map(api), ...users],
  });
  const queryAll = catalog.queryEntities.bind(catalog);
  catalog.queryEntities = (request, options) => {
    const principal = (
      options as { credentials?: { principal?: { userEntityRef?: string } } }
    )?.credentials?.principal;
    return principal?.userEntityRef === RESTRICTED_USER
      ? restricted.queryEntities(request, options)
      : queryAll(request, options);
  };
  return catalog;
}

// ---------------------------------------------------------------------------------------------
// The backend under test: the real router on a real HTTP server
// ---------------------------------------------------------------------------------------------

interface Backend {
  base: string;
  store: DatabaseInsightsStore;
  folder: PendingUsageFolder;
  catalog: CatalogService;
  close(): Promise<void>;
}

async function startBackend(db: Knex): Promise<Backend> {
  await db.migrate.latest(migrationConfig);
  const settings = readInsightsConfig(new ConfigReader(CONFIG));
  const store = DatabaseInsightsStore.fromKnex(db);
  const costModel = new CostModel(settings.cost);
  const metrics = new InsightsMetrics(new Registry());
  const logger = new BenchLogger();
  const fineRetentionMs = settings.retention.fiveMinuteHours * 3_600_000;
  const collector = new UsageCollector({
    store,
    catalogSync: new CatalogSync({
      catalog: undefined as never,
      auth: undefined as never,
      store,
    }),
    scraper: new MetricsScraper({
      store,
      costModel,
      metrics,
      settings: { ...settings.collection, fineRetentionMs },
      reader: new MetricsEndpointReader(settings.collection),
    }),
    computeCosts: new ComputeCostAccrual({ store, costModel }),
    retentionDays: settings.retention.dailyDays,
    metrics,
    logger,
  });
  const folder = new PendingUsageFolder({ store, logger, fineRetentionMs });
  const catalog = benchCatalog();
  const auth = mockServices.auth();
  const app = express();
  app.post('/echo', express.json({ limit: '8mb' }), (req, res) => {
    res.json({ received: (req.body as { events: unknown[] }).events.length });
  });
  app.use(
    '/api/mcp-insights',
    await createRouter({
      logger,
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      scheduler: mockServices.scheduler(),
      store,
      collector,
      ingestor: new UsageEventIngestor({
        store,
        costModel,
        servers: new ServerDirectory(store),
        folder,
        metrics,
        eventIdDays: settings.retention.eventIdDays,
      }),
      costs: new CostReporter({ store, costModel, alerts: settings.alerts }),
      slos: new SloEvaluator({ store, settings: settings.slo }),
      settings,
      visibility: new ServerVisibility({ catalog, store }),
      pushScopes: new UsagePushScopes({
        catalog,
        auth,
        store,
        pushForAnyServer: [],
      }),
    }),
  );
  app.use(
    (
      error: Error,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      res
        .status(500)
        .json({ error: { name: error.name, message: error.message } });
    },
  );
  const server = await new Promise<http.Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    store,
    folder,
    catalog,
    close: async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

/** A caller: a user entity ref, or `service` (a service principal: no catalog lookup). */
const headersOf = (caller = 'user:default/mock') => ({
  authorization:
    caller === 'service'
      ? mockCredentials.service.header()
      : mockCredentials.user.header(caller),
  'content-type': 'application/json',
});

async function timed(
  url: string,
  init?: RequestInit & { user?: string },
  retried = false,
): Promise<{ elapsed: number; text: string }> {
  const start = performance.now();
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: headersOf(init?.user) });
  } catch (error) {
    // A kept-alive socket the server closed while the benchmark was filling the database.
    if (retried) throw error;
    return timed(url, init, true);
  }
  const text = await response.text();
  const elapsed = performance.now() - start;
  if (!response.ok)
    throw new Error(
      `${url}: ${response.status} ${text.slice(0, 200)} … ${text.slice(-300)}`,
    );
  return { elapsed, text };
}

// ---------------------------------------------------------------------------------------------
// 1. Push ingest
// ---------------------------------------------------------------------------------------------

/** Picks servers with Zipf-like popularity: server k gets weight 1/(k+1). */
function serverPicker(rand: () => number): () => number {
  const weights = Array.from({ length: SERVERS }, (_, k) => 1 / (k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
  const pickServer = () => {
    const x = rand();
    let lo = 0;
    let hi = SERVERS - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return pickServer;
}

function eventBatches(): string[] {
  const rand = random(7);
  const pickServer = serverPicker(rand);
  const now = Date.now();
  const batches: string[] = [];
  for (let b = 0; b * BATCH < INGEST_EVENTS; b++) {
    const events = [];
    for (let i = 0; i < BATCH; i++) {
      const n = b * BATCH + i;
      const id = `ev-${n}`;
      const s = pickServer();
      const event: Record<string, unknown> = {
        id,
        timestamp: new Date(now - Math.floor(rand() * 300_000)).toISOString(),
        server: `server-${s}`,
        tool: TOOLS[Math.floor(rand() * TOOLS.length)],
        outcome: rand() < 0.01 ? 'error' : 'success',
        durationMs: Math.round(20 + rand() * rand() * 3000),
      };
      if (s % 5 === 0) {
        event.tokens = [
          {
            model: MODELS[s % 3],
            input: 200 + Math.floor(rand() * 3000),
            output: Math.floor(rand() * 500),
          },
        ];
      }
      events.push(event);
    }
    batches.push(JSON.stringify({ events }));
  }
  // Retries of two earlier batches: idempotency must hold under load.
  batches.push(batches[3], batches[Math.floor(batches.length / 2)]);
  return batches;
}

/**
 * What the gateway's meter sends: the same number of calls as in 1, to servers of the same
 * popularity, each with its consuming team (one of three per server), pushed by a service.
 */
function gatewayBatches(): string[] {
  const rand = random(13);
  const pickServer = serverPicker(rand);
  const now = Date.now();
  const batches: string[] = [];
  for (let b = 0; b * BATCH < INGEST_EVENTS; b++) {
    const events = [];
    for (let i = 0; i < BATCH; i++) {
      const s = pickServer();
      const requestBytes = 100 + Math.floor(rand() * 2000);
      const responseBytes = 200 + Math.floor(rand() * 20_000);
      events.push({
        id: `gw-${b * BATCH + i}`,
        timestamp: new Date(now - Math.floor(rand() * 300_000)).toISOString(),
        server: serverRef(s),
        tool: TOOLS[Math.floor(rand() * TOOLS.length)],
        outcome: rand() < 0.01 ? 'error' : 'success',
        durationMs: Math.round((20 + rand() * rand() * 3000) * 1000) / 1000,
        consumer: {
          principal: `user:default/user-${i % 50}`,
          user: `user:default/user-${i % 50}`,
          team: team((s + (i % 3)) % TEAMS),
        },
        requestBytes,
        responseBytes,
        estimatedTokens: {
          input: Math.ceil(requestBytes / 4),
          output: Math.ceil(responseBytes / 4),
        },
        source: 'gateway',
      });
    }
    batches.push(JSON.stringify({ events }));
  }
  batches.push(batches[1], batches[Math.floor(batches.length / 2)]);
  return batches;
}

interface IngestResult {
  events: number;
  accepted: number;
  duplicates: number;
  wallMs: number;
  /** Until the last push was answered, before the final fold. */
  pushedMs: number;
  baselineMs: number;
}

async function benchIngest(
  backend: Backend,
  batches: string[],
  /** Who pushes (`service` for the gateway) and the table the events land in. */
  options: { user?: string; table: 'usage_hourly' | 'gateway_hourly' } = {
    table: 'usage_hourly',
  },
): Promise<IngestResult> {
  const post = (path: string) => async (body: string) =>
    JSON.parse(
      (
        await timed(`${backend.base}${path}`, {
          method: 'POST',
          body,
          user: options.user,
        })
      ).text,
    );
  const run = async (
    send: (body: string) => Promise<Record<string, number>>,
  ) => {
    let next = 0;
    const results: Record<string, number>[] = [];
    const start = performance.now();
    await Promise.all(
      Array.from({ length: INGEST_CLIENTS }, async () => {
        for (let i = next++; i < batches.length; i = next++)
          results.push(await send(batches[i]));
      }),
    );
    const pushedMs = performance.now() - start;
    // Counted means in the rollups: wait for the last batches to be folded.
    await backend.folder.flush();
    return { wallMs: performance.now() - start, pushedMs, results };
  };
  // Warm-up on the echo route only (no data written twice).
  await run(post('/echo'));
  const baseline = await run(post('/echo'));
  const candidate = await run(post('/api/mcp-insights/v1/usage/events'));
  const sum = (key: string) =>
    candidate.results.reduce((s, r) => s + (r[key] ?? 0), 0);
  const pending = await backend.store.pendingUsage();
  const [rolled] = await backend.store.sumUsage({
    table: options.table,
    from: 0,
    tools: 'all',
    groupBy: [],
  });
  if (sum('duplicates') !== 2 * BATCH) {
    throw new Error(
      `the retried batches were not all duplicates: ${sum('duplicates')}`,
    );
  }
  if (sum('rejected')) {
    throw new Error(
      `${sum('rejected')} events were rejected: ${JSON.stringify(
        candidate.results.find(r => r.rejected),
      ).slice(0, 500)}`,
    );
  }
  if (pending.events || rolled.calls !== sum('accepted')) {
    throw new Error(
      `ingest lost events: ${rolled.calls} in the rollups, ${sum(
        'accepted',
      )} accepted, ${pending.events} pending`,
    );
  }
  return {
    events: batches.length * BATCH,
    accepted: sum('accepted'),
    duplicates: sum('duplicates'),
    wallMs: candidate.wallMs,
    pushedMs: candidate.pushedMs,
    baselineMs: baseline.wallMs,
  };
}

// ---------------------------------------------------------------------------------------------
// 2 and 3. Rollup history, cost report and SLO status
// ---------------------------------------------------------------------------------------------

async function seedHistory(
  backend: Backend,
): Promise<{ rows: number; ms: number }> {
  const start = performance.now();
  const { store } = backend;
  const servers = fleetServers();
  await store.syncServers(servers, servers[0].firstSeenAt);
  await store.syncTeams(fleetTeams());
  const rand = random(11);
  const costModel = new CostModel(
    readInsightsConfig(new ConfigReader(CONFIG)).cost,
  );
  const fast = latencyOfCall(80);
  const slow = latencyOfCall(2600);
  const nowHour = Math.floor(Date.now() / 3_600_000);
  const firstHour = nowHour - DAYS * 24;
  let increments = 0;
  for (let dayStart = firstHour; dayStart <= nowHour; dayStart += 24) {
    const batch: UsageIncrement[] = [];
    for (
      let hour = dayStart;
      hour < Math.min(dayStart + 24, nowHour + 1);
      hour++
    ) {
      const office = Math.exp(-(((hour % 24) - 13) ** 2) / 18);
      for (let s = 0; s < SERVERS; s++) {
        for (const tool of TOOLS.slice(0, 2)) {
          const calls = Math.round((5 + 60 * office) * (0.5 + rand()));
          const errors = rand() < 0.2 ? Math.round(calls * 0.02 * rand()) : 0;
          const slowCalls = Math.round(calls * 0.02 * rand());
          const latency = emptyLatency();
          for (let i = 0; i < latency.length; i++) {
            latency[i] = fast[i] * (calls - slowCalls) + slow[i] * slowCalls;
          }
          const increment: UsageIncrement = {
            timestampMs: hour * 3_600_000 + 1000,
            serverRef: serverRef(s),
            teamRef: team(s % TEAMS),
            toolName: tool,
            calls,
            errors,
            durationSumMs: calls * 120,
            latency,
            otherCost: 0,
          };
          if (s % 5 === 0) {
            const model = MODELS[s % 3];
            const input = calls * 1500;
            const output = calls * 200;
            increment.tokens = [
              {
                model,
                input,
                output,
                cached: 0,
                cost: costModel.tokenCost(model, input, output, 0)!,
              },
            ];
          }
          batch.push(increment);
        }
      }
    }
    increments += batch.length;
    await store.recordUsage(batch, Date.now() - 8 * 3_600_000);
  }
  // Compute cost rows for every day, as daily collection runs would have left them.
  const computeRows = [];
  for (let day = 0; day <= DAYS; day++) {
    const at = Date.now() - day * 86_400_000;
    const dayTs = Math.floor(at / 86_400_000) * 86_400;
    computeRows.push(
      ...computeCostRows(servers, at, costModel).filter(r => r.dayTs === dayTs),
    );
  }
  await store.upsertComputeCosts(computeRows);
  return { rows: increments, ms: performance.now() - start };
}

/**
 * 30 days of calls relayed by the gateway for every fifth server, for two consuming teams: the
 * calls of the first tool the server's own metrics counted (seedHistory), as the gateway saw
 * them (a little slower).
 */
async function seedGatewayHistory(
  backend: Backend,
): Promise<{ rows: number; ms: number }> {
  const start = performance.now();
  const rand = random(17);
  const seen = latencyOfCall(95);
  const nowHour = Math.floor(Date.now() / 3_600_000);
  let increments = 0;
  for (let day = GATEWAY_DAYS; day >= 0; day--) {
    const batch: UsageIncrement[] = [];
    for (
      let hour = nowHour - day * 24 - 23;
      hour <= nowHour - day * 24;
      hour++
    ) {
      const office = Math.exp(-(((hour % 24) - 13) ** 2) / 18);
      for (let s = 1; s < SERVERS; s += 5) {
        for (const c of [1, 2]) {
          const calls = Math.round((5 + 30 * office) * (0.5 + rand()));
          batch.push({
            timestampMs: hour * 3_600_000 + 1000,
            serverRef: serverRef(s),
            teamRef: team(s % TEAMS),
            toolName: TOOLS[0],
            calls,
            errors: rand() < 0.2 ? 1 : 0,
            durationSumMs: calls * 140,
            latency: seen.map(v => v * calls),
            otherCost: 0,
            gateway: {
              consumerTeamRef: team((s + c) % TEAMS),
              requestBytes: calls * 400,
              responseBytes: calls * 4000,
              estimatedInputTokens: calls * 100,
              estimatedOutputTokens: calls * 1000,
            },
          });
        }
      }
    }
    increments += batch.length;
    await backend.store.recordUsage(batch, Date.now() - 8 * 3_600_000);
  }
  return { rows: increments, ms: performance.now() - start };
}

interface QueryResult {
  latencies: number[];
  baseline: number[];
  byPath: Map<string, number[]>;
}

/**
 * Times each path for each caller, interleaved (round by round, path by path, caller by
 * caller), so every caller meets the same load and the callers' figures compare fairly.
 */
async function benchQueries(
  backend: Backend,
  paths: string[],
  rounds: number,
  callers: string[] = ['user:default/mock'],
): Promise<QueryResult[]> {
  for (const path of paths) {
    for (const user of callers) await timed(`${backend.base}${path}`, { user }); // warm-up
  }
  const results = callers.map(() => ({
    latencies: [] as number[],
    baseline: [] as number[],
    byPath: new Map<string, number[]>(),
  }));
  for (let r = 0; r < rounds; r++) {
    for (const path of paths) {
      for (const [i, user] of callers.entries()) {
        const { elapsed } = await timed(`${backend.base}${path}`, { user });
        const { latencies, byPath } = results[i];
        latencies.push(elapsed);
        byPath.set(path, [...(byPath.get(path) ?? []), elapsed]);
      }
    }
  }
  for (const result of results) {
    for (let i = 0; i < result.latencies.length; i++) {
      result.baseline.push(
        (await timed(`${backend.base}/api/mcp-insights/health`)).elapsed,
      );
    }
    result.latencies.sort((a, b) => a - b);
    result.baseline.sort((a, b) => a - b);
  }
  return results;
}

interface DatabaseResult {
  database: string;
  ingest: IngestResult;
  gatewayIngest: IngestResult;
  /** Reports and SLO status again, with gateway-observed calls for every fifth server. */
  gatewayReport: QueryResult;
  consumerReport: QueryResult;
  gatewaySlo: QueryResult;
  seed: { rows: number; ms: number };
  report: QueryResult;
  /** The same reports for a service principal: no catalog lookup, as before read filtering. */
  serviceReport: QueryResult;
  restrictedReport: QueryResult;
  slo: QueryResult;
  /** Uncached lookups of the servers a user may not see, sorted. */
  lookups: number[];
}

/** Times the catalog lookup of the servers a user may not see, without the 10 s cache. */
async function benchLookups(backend: Backend): Promise<number[]> {
  const credentials = mockCredentials.user(RESTRICTED_USER);
  const times: number[] = [];
  for (let i = 0; i <= LOOKUP_ROUNDS; i++) {
    // A new instance has an empty cache.
    const visibility = new ServerVisibility({
      catalog: backend.catalog,
      store: backend.store,
    });
    const start = performance.now();
    const hidden = await visibility.hiddenFrom(credentials);
    if (i > 0) times.push(performance.now() - start);
    if (hidden.refs.size !== SERVERS / 10) {
      throw new Error(
        `expected ${SERVERS / 10} hidden, got ${hidden.refs.size}`,
      );
    }
  }
  return times.sort((a, b) => a - b);
}

async function benchDatabase(
  database: string,
  db: Knex,
  batches: string[],
): Promise<DatabaseResult> {
  console.log(`\n== ${database} ==`);
  const backend = await startBackend(db);
  try {
    await backend.store.syncServers(
      fleetServers(),
      Date.now() - (DAYS + 1) * 86_400_000,
    );
    await backend.store.syncTeams(fleetTeams());
    const ingest = await benchIngest(backend, batches);
    console.log(
      `${database}: push ingest ${ingest.events} events in ${ms(
        ingest.wallMs,
      )}: ${Math.round(
        (ingest.accepted / ingest.wallMs) * 1000,
      )} events/s into the rollups (${ingest.accepted} counted, ${
        ingest.duplicates
      } duplicates; last answer after ${ms(
        ingest.pushedMs,
      )}); JSON-only baseline ${ms(ingest.baselineMs)}`,
    );
    const gatewayIngest = await benchIngest(backend, gatewayBatches(), {
      user: 'service',
      table: 'gateway_hourly',
    });
    console.log(
      `${database}: gateway push ingest ${gatewayIngest.events} events in ${ms(
        gatewayIngest.wallMs,
      )}: ${Math.round(
        (gatewayIngest.accepted / gatewayIngest.wallMs) * 1000,
      )} events/s into the gateway rollups (${
        gatewayIngest.accepted
      } counted, ${
        gatewayIngest.duplicates
      } duplicates); JSON-only baseline ${ms(gatewayIngest.baselineMs)}`,
    );
    // Start the history on clean tables, so the figures below are the history's alone.
    for (const table of [
      'mcp_insights_usage_5m',
      'mcp_insights_usage_hourly',
      'mcp_insights_usage_daily',
      'mcp_insights_tokens_hourly',
      'mcp_insights_tokens_daily',
      'mcp_insights_gateway_5m',
      'mcp_insights_gateway_hourly',
      'mcp_insights_gateway_daily',
    ]) {
      await db(table).delete();
    }
    const seed = await seedHistory(backend);
    if (db.client.config.client === 'pg') await db.raw('analyze');
    const hourly = await db('mcp_insights_usage_hourly').count({ n: '*' });
    console.log(
      `${database}: stored ${seed.rows} hourly tool increments (${Number(
        hourly[0].n,
      )} hourly rows) for ${SERVERS} servers × ${DAYS} days in ${ms(seed.ms)}`,
    );
    const reportPaths = [
      `/api/mcp-insights/v1/cost/report?team=${encodeURIComponent(ROOT)}`,
      `/api/mcp-insights/v1/cost/report?team=${encodeURIComponent(
        department(1),
      )}`,
      `/api/mcp-insights/v1/cost/report?team=${encodeURIComponent(team(7))}`,
      '/api/mcp-insights/v1/cost/teams',
    ];
    const [report, serviceReport, restrictedReport] = await benchQueries(
      backend,
      reportPaths,
      REPORT_ROUNDS,
      ['user:default/mock', 'service', RESTRICTED_USER],
    );
    console.log(
      `${database}: cost report p50 ${ms(
        percentile(report.latencies, 50),
      )}, p95 ${ms(percentile(report.latencies, 95))}; /health p95 ${ms(
        percentile(report.baseline, 95),
      )}`,
    );
    for (const [path, values] of report.byPath) {
      const sorted = [...values].sort((a, b) => a - b);
      console.log(
        `    ${path.replace('/api/mcp-insights', '').padEnd(60)} p50 ${ms(
          percentile(sorted, 50),
        )}`,
      );
    }
    console.log(
      `${database}: the same as a service principal (no catalog lookup) p50 ${ms(
        percentile(serviceReport.latencies, 50),
      )}, p95 ${ms(percentile(serviceReport.latencies, 95))}`,
    );
    console.log(
      `${database}: cost report without every tenth server (user who may not read them) p50 ${ms(
        percentile(restrictedReport.latencies, 50),
      )}, p95 ${ms(percentile(restrictedReport.latencies, 95))}`,
    );
    for (const [path, values] of restrictedReport.byPath) {
      const sorted = [...values].sort((a, b) => a - b);
      console.log(
        `    ${path.replace('/api/mcp-insights', '').padEnd(60)} p50 ${ms(
          percentile(sorted, 50),
        )}`,
      );
    }
    const lookups = await benchLookups(backend);
    console.log(
      `${database}: servers hidden from a user (catalog stand-in query + stored servers, uncached) p50 ${ms(
        percentile(lookups, 50),
      )}, p95 ${ms(percentile(lookups, 95))}`,
    );
    const [slo] = await benchQueries(
      backend,
      ['/api/mcp-insights/v1/slo/servers'],
      SLO_ROUNDS,
    );
    console.log(
      `${database}: SLO status of ${SERVERS} servers p50 ${ms(
        percentile(slo.latencies, 50),
      )}, max ${ms(slo.latencies[slo.latencies.length - 1])}`,
    );
    const gatewaySeed = await seedGatewayHistory(backend);
    if (db.client.config.client === 'pg') await db.raw('analyze');
    console.log(
      `${database}: stored ${
        gatewaySeed.rows
      } hourly gateway increments (${Math.ceil(
        SERVERS / 5,
      )} servers × ${GATEWAY_DAYS} days × 2 consuming teams) in ${ms(
        gatewaySeed.ms,
      )}`,
    );
    const [gatewayReport] = await benchQueries(
      backend,
      reportPaths,
      REPORT_ROUNDS,
    );
    const [consumerReport] = await benchQueries(
      backend,
      [
        '/api/mcp-insights/v1/cost/consumers',
        `/api/mcp-insights/v1/cost/consumers/report?team=${encodeURIComponent(
          department(1),
        )}`,
        `/api/mcp-insights/v1/cost/consumers/report?team=${encodeURIComponent(
          team(7),
        )}`,
      ],
      REPORT_ROUNDS,
    );
    const [gatewaySlo] = await benchQueries(
      backend,
      ['/api/mcp-insights/v1/slo/servers'],
      SLO_ROUNDS,
    );
    console.log(
      `${database}: with gateway-observed calls: cost report p50 ${ms(
        percentile(gatewayReport.latencies, 50),
      )}, p95 ${ms(
        percentile(gatewayReport.latencies, 95),
      )}; spend by consuming team p50 ${ms(
        percentile(consumerReport.latencies, 50),
      )}, p95 ${ms(
        percentile(consumerReport.latencies, 95),
      )}; SLO status p50 ${ms(percentile(gatewaySlo.latencies, 50))}, max ${ms(
        gatewaySlo.latencies[gatewaySlo.latencies.length - 1],
      )}`,
    );
    for (const [path, values] of consumerReport.byPath) {
      const sorted = [...values].sort((a, b) => a - b);
      console.log(
        `    ${path.replace('/api/mcp-insights', '').padEnd(60)} p50 ${ms(
          percentile(sorted, 50),
        )}`,
      );
    }
    return {
      database,
      ingest,
      gatewayIngest,
      gatewayReport,
      consumerReport,
      gatewaySlo,
      seed,
      report,
      serviceReport,
      restrictedReport,
      slo,
      lookups,
    };
  } finally {
    await backend.close();
  }
}

/** A fresh PostgreSQL database for the run, dropped afterwards; undefined with a note to skip. */
async function withPostgres<T>(
  fn: (db: Knex) => Promise<T>,
): Promise<T | undefined> {
  const connectionString =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!connectionString) {
    console.log(
      '\nPostgreSQL: skipped, BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set ' +
        '(e.g. postgresql://postgres:postgres@localhost:5432)',
    );
    return undefined;
  }
  const url = new URL(connectionString);
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  if (!/^127\.\d+\.\d+\.\d+$/.test(url.hostname)) {
    console.log(
      `\nPostgreSQL: skipped, ${url.hostname} is not a loopback address`,
    );
    return undefined;
  }
  const name = `mcp_insights_bench_${Date.now()}`;
  const admin = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 0, max: 1 },
  });
  try {
    await admin.raw('create database ??', [name]);
    const dbUrl = new URL(url.toString());
    dbUrl.pathname = `/${name}`;
    const db = knexFactory({ client: 'pg', connection: dbUrl.toString() });
    try {
      return await fn(db);
    } finally {
      await db.destroy();
    }
  } finally {
    await admin
      .raw('drop database if exists ?? with (force)', [name])
      .catch(error =>
        console.log(`PostgreSQL: could not drop ${name}: ${error}`),
      );
    await admin.destroy();
  }
}

function printTable(rows: string[][]) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map(r => r[c].length)));
  rows.forEach((row, i) => {
    console.log(
      row
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    );
    if (i === 0) console.log(widths.map(w => '-'.repeat(w)).join('  '));
  });
}

function printSummary(results: DatabaseResult[]) {
  console.log('\n== Summary ==');
  const rows: string[][] = [
    ['measurement', 'baseline', 'candidate', 'ratio', 'target', 'met'],
  ];
  for (const r of results) {
    const rate = (r.ingest.accepted / r.ingest.wallMs) * 1000;
    const baseRate = (r.ingest.accepted / r.ingest.baselineMs) * 1000;
    rows.push([
      `push ingest, ${r.database}`,
      `${Math.round(baseRate)} events/s (JSON only)`,
      `${Math.round(rate)} events/s`,
      `${(rate / baseRate).toFixed(2)}× of JSON-only`,
      `≥ ${TARGETS.ingestPerSecond} events/s`,
      rate >= TARGETS.ingestPerSecond ? 'yes' : 'NO',
    ]);
    const p95 = percentile(r.report.latencies, 95);
    const healthP95 = percentile(r.report.baseline, 95);
    rows.push([
      `cost report p95, ${r.database}, ${SERVERS}×${DAYS}d`,
      `${ms(healthP95)} (/health p95)`,
      `${ms(p95)} (p50 ${ms(percentile(r.report.latencies, 50))})`,
      `${(p95 / healthP95).toFixed(1)}× /health`,
      `p95 ≤ ${TARGETS.reportP95Ms} ms`,
      p95 <= TARGETS.reportP95Ms ? 'yes' : 'NO',
    ]);
    const serviceP95 = percentile(r.serviceReport.latencies, 95);
    rows.push([
      `cost report p95, ${r.database}, read filter, all visible`,
      `${ms(serviceP95)} (no catalog lookup p95)`,
      `${ms(p95)}`,
      `${(p95 / serviceP95).toFixed(2)}× no lookup`,
      `p95 ≤ ${TARGETS.reportP95Ms} ms`,
      p95 <= TARGETS.reportP95Ms ? 'yes' : 'NO',
    ]);
    const restrictedP95 = percentile(r.restrictedReport.latencies, 95);
    rows.push([
      `cost report p95, ${r.database}, 10 % of servers hidden`,
      `${ms(p95)} (all visible p95)`,
      `${ms(restrictedP95)} (p50 ${ms(
        percentile(r.restrictedReport.latencies, 50),
      )})`,
      `${(restrictedP95 / p95).toFixed(2)}× all visible`,
      `p95 ≤ ${TARGETS.reportP95Ms} ms`,
      restrictedP95 <= TARGETS.reportP95Ms ? 'yes' : 'NO',
    ]);
    const max = r.slo.latencies[r.slo.latencies.length - 1];
    const sloHealth = percentile(r.slo.baseline, 95);
    rows.push([
      `SLO status, ${r.database}, ${SERVERS} servers`,
      `${ms(sloHealth)} (/health p95)`,
      `${ms(max)} max (p50 ${ms(percentile(r.slo.latencies, 50))})`,
      `${(max / sloHealth).toFixed(1)}× /health`,
      `≤ ${TARGETS.sloMaxMs} ms`,
      max <= TARGETS.sloMaxMs ? 'yes' : 'NO',
    ]);
    const gwRate = (r.gatewayIngest.accepted / r.gatewayIngest.wallMs) * 1000;
    const gwBase =
      (r.gatewayIngest.accepted / r.gatewayIngest.baselineMs) * 1000;
    rows.push([
      `gateway push ingest, ${r.database}`,
      `${Math.round(gwBase)} events/s (JSON only)`,
      `${Math.round(gwRate)} events/s`,
      `${(gwRate / gwBase).toFixed(2)}× of JSON-only`,
      `≥ ${TARGETS.ingestPerSecond} events/s`,
      gwRate >= TARGETS.ingestPerSecond ? 'yes' : 'NO',
    ]);
    const gwP95 = percentile(r.gatewayReport.latencies, 95);
    rows.push([
      `cost report p95, ${r.database}, gateway calls on 1/5 servers`,
      `${ms(p95)} (no gateway calls p95)`,
      `${ms(gwP95)} (p50 ${ms(percentile(r.gatewayReport.latencies, 50))})`,
      `${(gwP95 / p95).toFixed(2)}× no gateway`,
      `p95 ≤ ${TARGETS.reportP95Ms} ms`,
      gwP95 <= TARGETS.reportP95Ms ? 'yes' : 'NO',
    ]);
    const consumerP95 = percentile(r.consumerReport.latencies, 95);
    rows.push([
      `spend by consuming team p95, ${r.database}`,
      `${ms(gwP95)} (owning view p95)`,
      `${ms(consumerP95)} (p50 ${ms(
        percentile(r.consumerReport.latencies, 50),
      )})`,
      `${(consumerP95 / gwP95).toFixed(2)}× owning view`,
      `p95 ≤ ${TARGETS.reportP95Ms} ms`,
      consumerP95 <= TARGETS.reportP95Ms ? 'yes' : 'NO',
    ]);
    const gwMax = r.gatewaySlo.latencies[r.gatewaySlo.latencies.length - 1];
    rows.push([
      `SLO status, ${r.database}, gateway calls on 1/5 servers`,
      `${ms(max)} max (no gateway calls)`,
      `${ms(gwMax)} max (p50 ${ms(percentile(r.gatewaySlo.latencies, 50))})`,
      `${(gwMax / max).toFixed(2)}× no gateway`,
      `≤ ${TARGETS.sloMaxMs} ms`,
      gwMax <= TARGETS.sloMaxMs ? 'yes' : 'NO',
    ]);
  }
  printTable(rows);
}

async function main() {
  const watchdog = setTimeout(() => {
    console.error(
      `\nbenchmark: still running after ${WATCHDOG_MS / 60_000} min, stopping`,
    );
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();
  const started = performance.now();
  console.log(
    `MCP insights benchmark on Node ${process.version}, ${
      os.cpus().length
    } CPUs: ${SERVERS} servers, ${DAYS} days, ${INGEST_EVENTS} pushed events`,
  );
  const batches = eventBatches();
  const results: DatabaseResult[] = [];
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  try {
    results.push(await benchDatabase('SQLite', sqlite, batches));
  } finally {
    await sqlite.destroy();
  }
  const pg = await withPostgres(db => benchDatabase('PostgreSQL', db, batches));
  if (pg) results.push(pg);
  printSummary(results);
  console.log(`\nbenchmark took ${ms(performance.now() - started)}`);
  clearTimeout(watchdog);
}

main().then(
  () => setTimeout(() => process.exit(0), 1000).unref(),
  error => {
    console.error(error);
    process.exit(1);
  },
);
