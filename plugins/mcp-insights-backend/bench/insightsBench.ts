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
 * The backend is the plugin's own wiring (`createInsightsServices`) behind its real router
 * (benchBackend.ts); the organisation and its catalog are in benchOrganisation.ts, the pushed
 * events in usageEvents.ts, the rollup history in history.ts. Sizes can be reduced for a quick
 * look: MCP_BENCH_SERVERS, MCP_BENCH_DAYS, MCP_BENCH_EVENTS (benchSettings.ts).
 */

import {
  formatMs as ms,
  sqliteDatabase,
  startWatchdog,
  withPostgres,
} from '@mcp-platform/bench-utils';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { DAYS, INGEST_EVENTS, SERVERS, WATCHDOG_MS } from './benchSettings';
import { benchDatabase, DatabaseResult } from './databaseBench';
import { printSummary } from './insightsSummary';
import { eventBatches } from './usageEvents';

async function main() {
  const watchdog = startWatchdog(WATCHDOG_MS);
  const started = performance.now();
  console.log(
    `MCP insights benchmark on Node ${process.version}, ${
      os.cpus().length
    } CPUs: ${SERVERS} servers, ${DAYS} days, ${INGEST_EVENTS} pushed events`,
  );
  const batches = eventBatches();
  const results: DatabaseResult[] = [];
  const sqlite = sqliteDatabase();
  try {
    results.push(await benchDatabase('SQLite', sqlite, batches));
  } finally {
    await sqlite.destroy();
  }
  const pg = await withPostgres(
    'mcp_insights_bench',
    db => benchDatabase('PostgreSQL', db, batches),
    line => console.log(`\n${line}`),
  );
  if (pg) results.push(pg);
  printSummary(results);
  console.log(`\nbenchmark took ${ms(performance.now() - started)}`);
  watchdog.stop();
}

main().then(
  () => setTimeout(() => process.exit(0), 1000).unref(),
  error => {
    console.error(error);
    process.exit(1);
  },
);
