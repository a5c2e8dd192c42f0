import { UNALLOCATED_TEAM } from '@mcp-platform/plugin-mcp-insights-common';
import { CostModel } from '../cost/CostModel';
import {
  AlertStateStore,
  CollectionStateStore,
  DirectoryStore,
  ServerRecord,
} from '../database/InsightsStore';
import { InsightsMetrics } from '../metrics/InsightsMetrics';
import { sampleSeriesDeltas, seriesKey } from './counterDeltas';
import { COUNTER_NAMES, incrementsFromDeltas } from './incrementsFromDeltas';
import { PrometheusSample } from './parsePrometheusText';
import { createOriginBoundFetch, fetchText } from './readLimited';

/** Settings of the Prometheus source, from `mcpInsights.prometheus` and `collection`. */
export interface PrometheusSourceSettings {
  baseUrl: string;
  serverLabel: string;
  backfillHours: number;
  maxCatchUpHours: number;
  headers: Record<string, string>;
  timeoutMs: number;
  maxResponseBytes: number;
  countExistingOnFirstScrape: boolean;
  fineRetentionMs: number;
}

/** Target name of the Prometheus server in collection status. */
export const PROMETHEUS_TARGET = 'prometheus';
const WATERMARK_KEY = 'prometheus.watermarkMs';
/** Samples before a window's start are read too, so each series has its previous value. */
const LOOKBACK_MS = 10 * 60 * 1000;
const CHUNK_MS = 60 * 60 * 1000;
/** Series state is forgotten after a day without samples. */
const STATE_TTL_MS = 24 * 60 * 60 * 1000;

interface MatrixResult {
  metric: Record<string, string>;
  values: [number, string][];
}

/**
 * Collection from a Prometheus server: reads the raw samples of the golden-path counters through
 * the HTTP API (`/api/v1/query` with a range selector, an hour at a time) and computes the deltas
 * itself, so each increase lands in the hour it happened, resets are handled per series, and
 * nothing is extrapolated. A watermark and per-series state in the database let any replica
 * continue where the last run stopped; after an outage it catches up to `maxCatchUpHours`.
 */
export class PrometheusSource {
  constructor(
    private readonly deps: {
      store: DirectoryStore & CollectionStateStore & AlertStateStore;
      costModel: CostModel;
      metrics: InsightsMetrics;
      settings: PrometheusSourceSettings;
    },
  ) {}

  // Prometheus is the administrator's own server: not SSRF-guarded, but its configured headers
  // (credentials) never follow a redirect to another origin.
  private readonly fetch = createOriginBoundFetch();

  /** Reads everything since the watermark; throws after recording a failure. */
  async collect(
    servers: ServerRecord[],
    nowMs: number,
  ): Promise<{ chunks: number; series: number; warnings: string[] }> {
    const { store, settings } = this.deps;
    await store.pruneTargets([PROMETHEUS_TARGET]);
    const watermark = Number(await store.getMeta(WATERMARK_KEY)) || undefined;
    let from = watermark ?? nowMs - settings.backfillHours * 60 * 60 * 1000;
    from = Math.max(from, nowMs - settings.maxCatchUpHours * 60 * 60 * 1000);

    const byName = new Map<string, ServerRecord>();
    for (const s of servers) {
      // Names can repeat across namespaces: the default namespace wins.
      if (!byName.has(s.name) || s.serverRef.startsWith('api:default/')) {
        byName.set(s.name, s);
      }
    }

    let chunks = 0;
    let series = 0;
    const warnings = new Set<string>();
    for (let start = from; start < nowMs; start += CHUNK_MS) {
      const end = Math.min(start + CHUNK_MS, nowMs);
      let results: MatrixResult[];
      try {
        results = await this.querySamples(start - LOOKBACK_MS, end);
      } catch (error) {
        const message = (error as Error).message;
        this.deps.metrics.targetFailures.inc({ target: PROMETHEUS_TARGET });
        await store.recordTargetFailure({
          target: PROMETHEUS_TARGET,
          url: settings.baseUrl,
          atMs: nowMs,
          error: message,
        });
        throw new Error(`Prometheus at ${settings.baseUrl}: ${message}`);
      }
      const previous = await store.getSeriesState(PROMETHEUS_TARGET);
      const seriesList = results
        .filter(r => COUNTER_NAMES.has(r.metric.__name__))
        .map(r => {
          const { __name__: name, ...labels } = r.metric;
          const sample: PrometheusSample = { name, labels, value: 0 };
          return {
            key: seriesKey(sample),
            sample,
            samples: r.values.map(([t, v]) => ({
              timestampMs: Math.round(t * 1000),
              value: Number(v),
            })),
          };
        });
      const { deltas, state } = sampleSeriesDeltas({
        series: seriesList,
        previous,
        countFirstSeen: settings.countExistingOnFirstScrape,
      });
      const { increments, warnings: w } = incrementsFromDeltas(
        deltas,
        d => {
          const name = d.sample.labels[settings.serverLabel];
          if (!name) {
            warnings.add(
              `series ${d.sample.name} without a "${settings.serverLabel}" label were skipped`,
            );
            return undefined;
          }
          const server = byName.get(name);
          return server
            ? { serverRef: server.serverRef, teamRef: server.teamRef }
            : {
                serverRef: `api:default/${name.toLocaleLowerCase('en-US')}`,
                teamRef: UNALLOCATED_TEAM,
              };
        },
        this.deps.costModel,
      );
      w.forEach(x => warnings.add(x));
      await this.markReporting(byName, seriesList);
      for (const [key, s] of state) {
        if (s.sampleMs < nowMs - STATE_TTL_MS) state.delete(key);
      }
      await store.recordCollection({
        increments,
        fineSinceMs: nowMs - settings.fineRetentionMs,
        state,
        attempt: {
          target: PROMETHEUS_TARGET,
          url: settings.baseUrl,
          atMs: nowMs,
          warnings: [...warnings],
          seriesCount: seriesList.length,
        },
      });
      await store.setMeta(WATERMARK_KEY, String(end));
      chunks++;
      series = seriesList.length;
    }
    return { chunks, series, warnings: [...warnings] };
  }

  /**
   * A catalogued server with series in Prometheus reports metrics, so it runs: it is marked
   * running from its earliest sample (its compute cost starts; see ComputeCostAccrual).
   */
  private async markReporting(
    byName: Map<string, ServerRecord>,
    seriesList: {
      sample: PrometheusSample;
      samples: { timestampMs: number }[];
    }[],
  ) {
    const earliest = new Map<string, number>();
    for (const s of seriesList) {
      const server = byName.get(
        s.sample.labels[this.deps.settings.serverLabel] ?? '',
      );
      if (!server || !s.samples.length) continue;
      const first = Math.min(...s.samples.map(x => x.timestampMs));
      if (
        first < (server.aliveSince ?? Infinity) &&
        first < (earliest.get(server.serverRef) ?? Infinity)
      )
        earliest.set(server.serverRef, first);
    }
    if (!earliest.size) return;
    const changed = await this.deps.store.markServersAlive(
      [...earliest].map(([serverRef, atMs]) => ({ serverRef, atMs })),
    );
    // Later chunks of this run compare with what is stored now.
    for (const server of changed) byName.set(server.name, server);
  }

  /** Raw samples of the golden-path counters in (fromMs, toMs]. */
  private async querySamples(
    fromMs: number,
    toMs: number,
  ): Promise<MatrixResult[]> {
    const { settings } = this.deps;
    const rangeSeconds = Math.max(1, Math.ceil((toMs - fromMs) / 1000));
    const names = [...COUNTER_NAMES].join('|');
    const query = `{__name__=~"${names}"}[${rangeSeconds}s]`;
    const url = `${settings.baseUrl}/api/v1/query?${new URLSearchParams({
      query,
      time: (toMs / 1000).toFixed(3),
    })}`;
    const text = await fetchText(url, {
      timeoutMs: settings.timeoutMs,
      maxBytes: settings.maxResponseBytes * 20,
      maxBytesKey: '20 × mcpInsights.collection.maxResponseBytes',
      headers: settings.headers,
      fetch: this.fetch,
    });
    let body: {
      status?: string;
      errorType?: unknown;
      data?: { resultType?: string; result?: MatrixResult[] };
    };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(
        'answered something that is not JSON: is baseUrl a Prometheus server?',
      );
    }
    if (body.status !== 'success' || body.data?.resultType !== 'matrix') {
      // Prometheus' errorType is one of a few fixed words; its error text is not repeated.
      const type =
        typeof body.errorType === 'string' &&
        /^[a-z_]{1,32}$/.test(body.errorType)
          ? ` (${body.errorType})`
          : '';
      throw new Error(
        `query failed${type}: Prometheus did not answer with a matrix`,
      );
    }
    return body.data.result ?? [];
  }
}
