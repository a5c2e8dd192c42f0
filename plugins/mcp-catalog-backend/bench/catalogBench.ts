/* eslint-disable no-console */
/**
 * Benchmark of the MCP catalog backend: discovery of a fleet of MCP servers and tool search over
 * the HTTP API. Run from the repository root with `yarn bench:catalog`.
 *
 * 1. Discovery (discoveryBench.ts): 500 stateless Streamable HTTP MCP servers (40 tools each,
 *    50 ms added to every HTTP response; planServer.ts) hosted by plain node:http servers in two
 *    child processes (fleet.ts, fleetProcess.ts), so the memory and CPU figures of this process
 *    are the backend's alone. Baseline: a sequential crawl with the same client code
 *    (`discoverServer`), measured on a subset and extrapolated. Candidate: the real
 *    `DiscoveryScheduler.run()` with the real store on in-memory SQLite, after one unmeasured
 *    run over the whole fleet (its "cold" figure is printed for reference), so that the compared
 *    runs are those of a backend that has been discovering for a while. Its phases come from
 *    the store's call times (discoveryPhases.ts).
 * 2. Tool search (searchBench.ts): 50 000 tools inserted directly (searchFill.ts), then GET
 *    /v1/tools through the real router on SQLite and (when
 *    `BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING` is set) PostgreSQL. Baseline: the
 *    same number of GET /health requests, i.e. the HTTP stack alone. The user may read every
 *    catalog entity; the same searches then run as users whom a conditional policy lets see
 *    half the servers, or 20 (the catalog's answer stands in for the catalog; standIns.ts).
 *
 * Everything listens on and connects to 127.0.0.1 only. The process stops by itself: a watchdog
 * ends it (and the children) if a stage hangs. Sizes can be reduced for a quick look with
 * MCP_BENCH_SERVERS and MCP_BENCH_SEARCH_TOOLS, the fleet's processes set with
 * MCP_BENCH_FLEET_PROCESSES (benchSettings.ts); MCP_BENCH_SQLITE_FILE (a path that does not
 * exist yet) keeps the filled search database instead of an in-memory one, to study its query
 * plans.
 */
import {
  formatMiB as mib,
  formatMs as ms,
  percentile,
  printTable,
  sqliteDatabase,
  startWatchdog,
  withPostgres,
} from '@mcp-platform/bench-utils';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  FLEET_SERVERS,
  FLEET_TOOLS_PER_SERVER,
  SEARCH_P95_TARGET_MS,
  SEARCH_TOOLS,
  SPEEDUP_TARGET,
  WATCHDOG_MS,
} from './benchSettings';
import { benchDiscovery, DiscoveryResults } from './discoveryBench';
import { Fleet, startFleet } from './fleet';
import { benchSearch, SearchResult } from './searchBench';
import { printSearch } from './searchReport';

function printSummary(discovery: DiscoveryResults, searches: SearchResult[]) {
  console.log('\n== Summary ==');
  const rows: string[][] = [
    ['measurement', 'baseline', 'candidate', 'ratio', 'target', 'met'],
  ];
  const seq = discovery.sequential;
  for (const run of discovery.runs) {
    const speedup = seq.extrapolatedMs / run.wallMs;
    rows.push([
      `discovery ${FLEET_SERVERS}×${FLEET_TOOLS_PER_SERVER}, concurrency ${run.concurrency}`,
      `${ms(seq.extrapolatedMs)} sequential (extrapolated from ${seq.servers})`,
      `${ms(run.wallMs)}, ${((run.succeeded / run.wallMs) * 1000).toFixed(
        1,
      )} servers/s`,
      `${speedup.toFixed(1)}× faster`,
      `≥ ${SPEEDUP_TARGET}×`,
      speedup >= SPEEDUP_TARGET ? 'yes' : 'NO',
    ]);
    rows.push([
      `  backend memory, concurrency ${run.concurrency}`,
      `rss ${mib(run.memory.before.rss)}, heap ${mib(
        run.memory.before.heapUsed,
      )} before`,
      `peak rss ${mib(run.memory.peakRss)}, heap ${mib(
        run.memory.peakHeapUsed,
      )}`,
      '',
      '',
      '',
    ]);
  }
  const cold = discovery.coldRun;
  rows.push([
    `  first run after start (cold), default concurrency`,
    '',
    `${ms(cold.wallMs)}, ${((cold.servers / cold.wallMs) * 1000).toFixed(
      1,
    )} servers/s`,
    `${(seq.extrapolatedMs / cold.wallMs).toFixed(1)}× faster`,
    'for reference',
    '',
  ]);
  for (const s of searches) {
    const p95 = percentile(s.search, 95);
    const healthP95 = percentile(s.health, 95);
    rows.push([
      `tool search p95, ${s.database}, ${s.tools} tools`,
      `${ms(healthP95)} (/health p95)`,
      `${ms(p95)} (p50 ${ms(percentile(s.search, 50))}, p99 ${ms(
        percentile(s.search, 99),
      )})`,
      `${(p95 / healthP95).toFixed(1)}× /health`,
      `p95 ≤ ${SEARCH_P95_TARGET_MS} ms`,
      p95 <= SEARCH_P95_TARGET_MS ? 'yes' : 'NO',
    ]);
    for (const v of s.variants) {
      const variantP95 = percentile(v.search, 95);
      rows.push([
        `  ${v.name} (${v.visibleServers} of ${s.servers})`,
        `${ms(p95)} (everything visible)`,
        `${ms(variantP95)} (p50 ${ms(percentile(v.search, 50))})`,
        `${(variantP95 / p95).toFixed(2)}× all visible`,
        `p95 ≤ ${SEARCH_P95_TARGET_MS} ms`,
        variantP95 <= SEARCH_P95_TARGET_MS ? 'yes' : 'NO',
      ]);
    }
  }
  printTable(rows);
}

async function main() {
  let fleet: Fleet | undefined;
  const watchdog = startWatchdog(WATCHDOG_MS, () => fleet?.stop());
  const started = performance.now();
  console.log(
    `MCP catalog benchmark on Node ${process.version}, ${
      os.cpus().length
    } CPUs`,
  );
  try {
    fleet = await startFleet();
    const discovery = await benchDiscovery(fleet);
    fleet.stop();
    fleet = undefined;

    console.log(
      `\n== 2. Tool search over the HTTP API: ${SEARCH_TOOLS} tools ==`,
    );
    const searches: SearchResult[] = [];
    const sqlite = sqliteDatabase(process.env.MCP_BENCH_SQLITE_FILE);
    try {
      searches.push(await benchSearch('SQLite', sqlite));
      printSearch(searches[searches.length - 1]);
    } finally {
      await sqlite.destroy();
    }
    const pg = await withPostgres('mcp_bench', db =>
      benchSearch('PostgreSQL', db),
    );
    if (pg) {
      searches.push(pg);
      printSearch(pg);
    }

    printSummary(discovery, searches);
    console.log(`\nbenchmark took ${ms(performance.now() - started)}`);
  } finally {
    fleet?.stop();
    watchdog.stop();
  }
}

main().then(
  () => {
    // Everything is closed; should a library keep a handle open, don't wait for it.
    setTimeout(() => process.exit(0), 2000).unref();
  },
  error => {
    console.error(error);
    process.exit(1);
  },
);
