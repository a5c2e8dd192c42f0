/* eslint-disable no-console */
/**
 * 1. Discovery: the real `DiscoveryScheduler.run()`, with the real store on in-memory SQLite,
 * over the fleet, against a sequential crawl with the same client code (`discoverServer`) on a
 * subset, extrapolated. Every measured run starts on an empty database, as after a first
 * start: no era verdict is known, so each server is asked `server/discover` first and then
 * makes the 2025 handshake (the fleet's servers speak 2025 only).
 */
import { ConfigReader } from '@backstage/config';
import {
  BenchLogger,
  formatMiB as mib,
  formatMs as ms,
  MemoryFigures,
  percentile,
  sampleMemory,
  sortedAscending,
  sqliteDatabase,
} from '@mcp-platform/bench-utils';
import { GuardedFetch, SsrfGuard } from '@mcp-platform/plugin-mcp-catalog-node';
import { Knex } from 'knex';
import { performance } from 'node:perf_hooks';
import { DatabaseMcpCatalogStore } from '../src/database/DatabaseMcpCatalogStore';
import { McpCatalogStore } from '../src/database/McpCatalogStore';
import { migrationConfig } from '../src/database/migrations';
import { DiscoveryScheduler } from '../src/discovery/DiscoveryScheduler';
import { discoverServer } from '../src/discovery/discoverServer';
import { RiskScanner } from '../src/scan/RiskScanner';
import {
  McpCatalogConfig,
  readCatalogConfig,
} from '../src/service/readCatalogConfig';
import {
  EXTRA_CONCURRENCY,
  FLEET_LATENCY_MS,
  FLEET_SERVERS,
  FLEET_TOOLS_PER_SERVER,
  SEQUENTIAL_SUBSET,
  SPEEDUP_TARGET,
} from './benchSettings';
import {
  countingFetch,
  DiscoveryPhases,
  discoveryPhases,
  MethodTiming,
  timedStore,
} from './discoveryPhases';
import { Fleet, fleetEntities } from './fleet';
import { catalogDataSource, serviceAuth } from './standIns';

/** One measured `DiscoveryScheduler.run()`. */
export interface DiscoveryRun {
  concurrency: number;
  /** Whether the concurrency is the configuration's default. */
  configDefault: boolean;
  wallMs: number;
  servers: number;
  succeeded: number;
  toolsStored: number;
  findingsStored: number;
  phases: DiscoveryPhases;
  memory: MemoryFigures;
  backendCpuMs: number;
  /** Share of the run the backend's event loop was busy: near 1, its one thread is the bound. */
  eventLoopUtilization: number;
  fleetCpuMs: number;
  httpRequests: number;
  problems: string[];
}

export interface SequentialCrawl {
  servers: number;
  totalMs: number;
  perServerMs: number[];
  extrapolatedMs: number;
}

export interface DiscoveryResults {
  sequential: SequentialCrawl;
  runs: DiscoveryRun[];
  /** The first scheduler run of the process (the warm-up), config default concurrency. */
  coldRun: { wallMs: number; servers: number };
}

async function migratedSqlite(): Promise<Knex> {
  const db = sqliteDatabase();
  await db.migrate.latest(migrationConfig);
  return db;
}

async function countRows(db: Knex, table: string): Promise<number> {
  const [{ count }] = await db(table).count({ count: '*' });
  return Number(count);
}

/** Reads the configuration of a run: loopback opened for the fleet, nothing else. */
const configFor = (concurrency?: number): McpCatalogConfig =>
  readCatalogConfig(
    new ConfigReader({
      mcpCatalog: {
        discovery: {
          // Private networks stay refused; only loopback is opened, and only for this run.
          allowedCidrs: ['127.0.0.0/8'],
          ...(concurrency ? { concurrency } : {}),
        },
      },
    }),
  );

function printRun(run: DiscoveryRun, sequential: SequentialCrawl) {
  const { phases, memory: m } = run;
  console.log(
    [
      `DiscoveryScheduler.run(), concurrency ${run.concurrency}${
        run.configDefault ? ' (config default)' : ''
      }: ${ms(run.wallMs)} wall, ${(
        (run.succeeded / run.wallMs) *
        1000
      ).toFixed(1)} servers/s, ${run.succeeded}/${run.servers} ok, ${
        run.toolsStored
      } tools stored (mcp_catalog_tools), ${run.findingsStored} findings`,
      // Fetching overlaps everything else, but the backend's work has one thread: its CPU time
      // alone bounds the speed-up, however fast the servers answer.
      `  speed-up vs sequential (extrapolated): ${(
        sequential.extrapolatedMs / run.wallMs
      ).toFixed(
        1,
      )}× (target ≥ ${SPEEDUP_TARGET}×); bound by the backend's CPU time alone: ${(
        sequential.extrapolatedMs / run.backendCpuMs
      ).toFixed(1)}×`,
      `  phases: catalog sync + due ${ms(phases.syncMs)}; discovery ${ms(
        phases.discoverMs,
      )} (fetch, scan and record overlap, each outcome recorded as it arrives; recording ${ms(
        phases.recordMs,
      )} in ${phases.recordCalls} store calls); shadowing re-check of ${
        phases.recheckedServers
      } servers recorded early ${ms(phases.recheckMs)}`,
      `  HTTP requests ${run.httpRequests} (${(
        run.httpRequests / Math.max(1, run.servers)
      ).toFixed(
        1,
      )}/server: server/discover, then the 2025 handshake); CPU: backend ${ms(
        run.backendCpuMs,
      )} (event loop busy ${(run.eventLoopUtilization * 100).toFixed(
        0,
      )} % of the run), fleet ${ms(run.fleetCpuMs)}`,
      `  backend memory: rss ${mib(m.before.rss)} → ${mib(
        m.after.rss,
      )} (peak ${mib(m.peakRss)}), heapUsed ${mib(m.before.heapUsed)} → ${mib(
        m.after.heapUsed,
      )} (peak ${mib(m.peakHeapUsed)})`,
      ...(run.problems.length
        ? [
            `  ${run.problems.length} warnings, first: ${run.problems
              .slice(0, 3)
              .join(' | ')}`,
          ]
        : []),
    ].join('\n'),
  );
}

export async function benchDiscovery(fleet: Fleet): Promise<DiscoveryResults> {
  console.log(
    `\n== 1. Discovery: ${FLEET_SERVERS} MCP servers × ${FLEET_TOOLS_PER_SERVER} tools, +${FLEET_LATENCY_MS} ms per HTTP response, served by ${fleet.processes} process(es) ==`,
  );
  const catalog = catalogDataSource(fleetEntities(fleet));
  const auth = serviceAuth();
  const defaults = configFor();
  const limits = {
    timeoutMs: defaults.discovery.timeoutMs,
    maxItems: defaults.discovery.maxItems,
  };
  /** The scheduler as the plugin builds it, on a given store and fetch. */
  const schedulerFor = (
    config: McpCatalogConfig,
    store: McpCatalogStore,
    fetch: GuardedFetch,
    logger: BenchLogger,
  ) =>
    new DiscoveryScheduler({
      store,
      catalog,
      auth,
      logger,
      fetchFor: () => fetch,
      scanner: new RiskScanner({
        extraRules: config.riskRules,
        maxDescriptionLength: config.maxDescriptionLength,
      }),
      settings: config.discovery,
    });
  const remotesOf = (index: number) => [
    { type: 'streamable-http' as const, url: fleet.urlOf(index) },
  ];

  // Warm-up (not measured): JIT of client, server and SDK code on both sides.
  {
    const guard = new SsrfGuard(defaults.network);
    const fetch = guard.createFetch({
      maxResponseBytes: defaults.maxResponseBytes,
    });
    for (let i = FLEET_SERVERS - 3; i < FLEET_SERVERS; i++)
      await discoverServer({
        remotes: remotesOf(Math.max(0, i)),
        fetch,
        limits,
      });
    await guard.close();
  }

  // Warm-up of the backend side (not measured): one scheduler run over the whole fleet into a
  // throwaway database, so that the measured runs see what a backend discovering every minute
  // sees: JIT-compiled code and a heap grown to the work (the baseline's client code is warm
  // too). Its figure is printed: the first discovery after a backend starts is that much slower.
  let coldRun: DiscoveryResults['coldRun'];
  {
    const db = await migratedSqlite();
    const warmGuard = new SsrfGuard(defaults.network);
    const scheduler = schedulerFor(
      defaults,
      DatabaseMcpCatalogStore.fromKnex(db),
      warmGuard.createFetch({ maxResponseBytes: defaults.maxResponseBytes }),
      new BenchLogger(),
    );
    const start = performance.now();
    const summary = await scheduler.run();
    const wallMs = performance.now() - start;
    coldRun = { wallMs, servers: summary.servers };
    console.log(
      `first run after start (cold JIT and heap; warm-up, not compared): DiscoveryScheduler.run() over ${
        summary.servers
      } servers: ${ms(wallMs)}, ${((summary.servers / wallMs) * 1000).toFixed(
        1,
      )} servers/s, ${summary.succeeded}/${summary.servers} ok`,
    );
    await warmGuard.close();
    await db.destroy();
  }

  // Baseline: the same client code, one server after another.
  const guard = new SsrfGuard(defaults.network);
  const fetch = guard.createFetch({
    maxResponseBytes: defaults.maxResponseBytes,
  });
  const perServerMs: number[] = [];
  const sequentialStart = performance.now();
  for (let i = 0; i < SEQUENTIAL_SUBSET; i++) {
    const start = performance.now();
    const result = await discoverServer({
      remotes: remotesOf(i),
      fetch,
      limits,
    });
    if (result.tools.length !== FLEET_TOOLS_PER_SERVER)
      throw new Error(
        `server ${i} listed ${result.tools.length} tools, expected ${FLEET_TOOLS_PER_SERVER}`,
      );
    perServerMs.push(performance.now() - start);
  }
  const sequentialMs = performance.now() - sequentialStart;
  await guard.close();
  const sequential: SequentialCrawl = {
    servers: SEQUENTIAL_SUBSET,
    totalMs: sequentialMs,
    perServerMs,
    extrapolatedMs: (sequentialMs / SEQUENTIAL_SUBSET) * FLEET_SERVERS,
  };
  const sortedPerServer = sortedAscending(perServerMs);
  console.log(
    `sequential crawl (baseline): ${SEQUENTIAL_SUBSET} servers in ${ms(
      sequentialMs,
    )}, per server p50 ${ms(percentile(sortedPerServer, 50))} / max ${ms(
      sortedPerServer[sortedPerServer.length - 1],
    )}; extrapolated linearly to ${FLEET_SERVERS} servers: ${ms(
      sequential.extrapolatedMs,
    )}`,
  );

  const runs: DiscoveryRun[] = [];
  for (const concurrency of [undefined, EXTRA_CONCURRENCY]) {
    const config = configFor(concurrency);
    const db = await migratedSqlite();
    const runGuard = new SsrfGuard(config.network);
    const counter = { requests: 0 };
    const timings = new Map<string, MethodTiming>();
    const logger = new BenchLogger();
    const scheduler = schedulerFor(
      config,
      timedStore(DatabaseMcpCatalogStore.fromKnex(db), timings),
      countingFetch(
        runGuard.createFetch({ maxResponseBytes: config.maxResponseBytes }),
        counter,
      ),
      logger,
    );
    const fleetBefore = await fleet.stats();
    const cpuBefore = process.cpuUsage();
    const memory = sampleMemory();
    const eluBefore = performance.eventLoopUtilization();
    const start = performance.now();
    const summary = await scheduler.run();
    const end = performance.now();
    const eventLoopUtilization =
      performance.eventLoopUtilization(eluBefore).utilization;
    const memoryFigures = memory.stop();
    const cpu = process.cpuUsage(cpuBefore);
    const fleetAfter = await fleet.stats();
    const run: DiscoveryRun = {
      concurrency: config.discovery.concurrency,
      configDefault: concurrency === undefined,
      wallMs: end - start,
      servers: summary.servers,
      succeeded: summary.succeeded,
      toolsStored: await countRows(db, 'mcp_catalog_tools'),
      findingsStored: await countRows(db, 'mcp_catalog_findings'),
      phases: discoveryPhases(timings, start, end),
      memory: memoryFigures,
      backendCpuMs: (cpu.user + cpu.system) / 1000,
      eventLoopUtilization,
      fleetCpuMs: fleetAfter.cpuMs - fleetBefore.cpuMs,
      httpRequests: counter.requests,
      problems: logger.problems,
    };
    runs.push(run);
    await runGuard.close();
    await db.destroy();
    printRun(run, sequential);
  }
  return { sequential, runs, coldRun };
}
