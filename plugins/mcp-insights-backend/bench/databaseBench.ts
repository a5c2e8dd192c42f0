/* eslint-disable no-console */
import {
  formatMs as ms,
  percentile,
  sortedAscending,
} from '@mcp-platform/bench-utils';
import { Knex } from 'knex';
import { startBackend } from './benchBackend';
import { fleetServers, fleetTeams } from './benchOrganisation';
import {
  DAYS,
  department,
  GATEWAY_DAYS,
  REPORT_ROUNDS,
  RESTRICTED_USER,
  ROOT,
  SERVERS,
  SLO_ROUNDS,
  team,
} from './benchSettings';
import { seedGatewayHistory, seedHistory } from './history';
import { benchIngest, IngestResult } from './ingestBench';
import { benchLookups, benchQueries, QueryResult } from './queryBench';
import { gatewayBatches } from './usageEvents';

/** Every figure of the benchmark on one database. */
export interface DatabaseResult {
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

/** The p50 of each path of a set of reads, one line each. */
function printByPath(result: QueryResult) {
  for (const [path, values] of result.byPath) {
    console.log(
      `    ${path.replace('/api/mcp-insights', '').padEnd(60)} p50 ${ms(
        percentile(sortedAscending(values), 50),
      )}`,
    );
  }
}

/**
 * Runs 1 to 5 on one database, printing each figure as it comes: push ingest, the history, the
 * cost reports for three callers, the catalog lookup, SLO status, then gateway metering and the
 * same reads with gateway-observed calls.
 */
export async function benchDatabase(
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
    printByPath(report);
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
    printByPath(restrictedReport);
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
    printByPath(consumerReport);
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
