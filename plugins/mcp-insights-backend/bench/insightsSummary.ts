/* eslint-disable no-console */
import {
  formatMs as ms,
  percentile,
  printTable,
} from '@mcp-platform/bench-utils';
import { DAYS, SERVERS, TARGETS } from './benchSettings';
import type { DatabaseResult } from './databaseBench';

/** The summary table: each figure against its baseline and target, per database. */
export function printSummary(results: DatabaseResult[]) {
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
