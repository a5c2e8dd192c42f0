import { ANNOTATION_METRICS_URL } from '@mcp-platform/plugin-mcp-catalog-common';
import { CostModel } from '../cost/CostModel';
import {
  CollectionStateStore,
  DirectoryStore,
  ServerRecord,
} from '../database/InsightsStore';
import { InsightsMetrics } from '../metrics/InsightsMetrics';
import { FIVE_MINUTES } from '../rollups/time';
import { PROCESS_START_KEY, scrapeDeltas, seriesKey } from './counterDeltas';
import {
  COUNTER_NAMES,
  incrementsFromDeltas,
  MCP_METRICS,
} from './incrementsFromDeltas';
import { MetricsEndpointReader } from './MetricsEndpointReader';
import {
  parsePrometheusText,
  PrometheusTextError,
} from './parsePrometheusText';
import { CollectionError } from './readLimited';

/** Settings of scraping, from `mcpInsights.collection`. */
export interface ScrapeSettings {
  concurrency: number;
  countExistingOnFirstScrape: boolean;
  /** 5-minute rollups are written for increments newer than this many ms. */
  fineRetentionMs: number;
}

/** Outcome of scraping one server. */
export type ScrapeOutcome =
  | { ok: true; series: number; reset: boolean; warnings: string[] }
  | { ok: false; error: string };

/**
 * The embedded collection source: reads each server's `/metrics` (Prometheus text format),
 * turns the golden-path counters into deltas against the last scrape (restarts handled) and
 * adds them to the rollups. A server that fails is recorded and skipped; the others go on.
 */
export class MetricsScraper {
  constructor(
    private readonly deps: {
      store: DirectoryStore & CollectionStateStore;
      costModel: CostModel;
      metrics: InsightsMetrics;
      settings: ScrapeSettings;
      /** Reads `/metrics` through the SSRF guard. */
      reader: Pick<MetricsEndpointReader, 'read'>;
    },
  ) {}

  /**
   * Scrapes every server, `concurrency` at a time. A server whose metrics answer for the first
   * time is marked running from now (its compute cost starts; see ComputeCostAccrual).
   */
  async scrapeAll(
    servers: ServerRecord[],
    nowMs: number,
  ): Promise<Map<string, ScrapeOutcome>> {
    const outcomes = new Map<string, ScrapeOutcome>();
    const queue = [...servers];
    const worker = async () => {
      for (let server = queue.shift(); server; server = queue.shift()) {
        outcomes.set(server.serverRef, await this.scrape(server, nowMs));
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(this.deps.settings.concurrency, servers.length) },
        worker,
      ),
    );
    await this.deps.store.pruneTargets(servers.map(s => s.serverRef));
    const firstAnswers = servers.filter(
      s => s.aliveSince === undefined && outcomes.get(s.serverRef)?.ok,
    );
    if (firstAnswers.length)
      await this.deps.store.markServersAlive(
        firstAnswers.map(s => ({ serverRef: s.serverRef, atMs: nowMs })),
      );
    return outcomes;
  }

  /** Scrapes one server and records the outcome; never throws for the server's own faults. */
  async scrape(server: ServerRecord, nowMs: number): Promise<ScrapeOutcome> {
    const { store, settings } = this.deps;
    const target = server.serverRef;
    const url = server.metricsUrl;
    if (!url) {
      return this.fail(
        target,
        '',
        nowMs,
        `no metrics URL: set the ${ANNOTATION_METRICS_URL} annotation or an http(s) remote`,
      );
    }
    let text: string;
    try {
      text = await this.deps.reader.read(url);
    } catch (error) {
      return this.fail(
        target,
        url,
        nowMs,
        error instanceof CollectionError
          ? error.message
          : `cannot read ${url}: ${(error as Error).name}`,
      );
    }
    let parsed: ReturnType<typeof parsePrometheusText>;
    try {
      parsed = parsePrometheusText(text);
    } catch (error) {
      // The line number and a fixed reason: the text itself may be anything, even a secret.
      const where =
        error instanceof PrometheusTextError
          ? ` at line ${error.line}: ${error.reason}`
          : '';
      return this.fail(
        target,
        url,
        nowMs,
        `the response of ${url} is not Prometheus text format${where}`,
      );
    }
    const warnings: string[] = [];
    if (
      !parsed.types.has(MCP_METRICS.invocations.replace(/_total$/, '')) &&
      !parsed.types.has(MCP_METRICS.invocations) &&
      !parsed.samples.some(s => s.name === MCP_METRICS.invocations)
    ) {
      warnings.push(
        `${url} exports no ${MCP_METRICS.invocations}: is the server instrumented like the golden path?`,
      );
    }
    const observations = parsed.samples
      .filter(s => COUNTER_NAMES.has(s.name))
      .map(sample => ({ key: seriesKey(sample), sample, timestampMs: nowMs }));
    const processStart = parsed.samples.find(
      s => s.name === PROCESS_START_KEY,
    )?.value;

    const previous = await store.getSeriesState(target);
    const { deltas, state, reset } = scrapeDeltas({
      observations,
      previous,
      processStartSeconds: processStart,
      countFirstSeen: settings.countExistingOnFirstScrape,
      timestampMs: nowMs,
    });
    const { increments, warnings: deltaWarnings } = incrementsFromDeltas(
      deltas,
      () => ({ serverRef: server.serverRef, teamRef: server.teamRef }),
      this.deps.costModel,
    );
    warnings.push(...deltaWarnings);
    await store.recordCollection({
      increments,
      fineSinceMs: nowMs - settings.fineRetentionMs + FIVE_MINUTES * 1000,
      state,
      attempt: {
        target,
        url,
        atMs: nowMs,
        warnings,
        seriesCount: observations.length,
      },
    });
    return { ok: true, series: observations.length, reset, warnings };
  }

  private async fail(
    target: string,
    url: string,
    nowMs: number,
    error: string,
  ): Promise<ScrapeOutcome> {
    this.deps.metrics.targetFailures.inc({ target });
    await this.deps.store.recordTargetFailure({
      target,
      url,
      atMs: nowMs,
      error,
    });
    return { ok: false, error };
  }
}
