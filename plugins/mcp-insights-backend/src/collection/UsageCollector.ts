import { LoggerService } from '@backstage/backend-plugin-api';
import { CollectionStatusResponse } from '@mcp-platform/plugin-mcp-insights-common';
import { HiddenServers, NOTHING_HIDDEN } from '../access/ServerVisibility';
import { ComputeCostAccrual } from '../cost/ComputeCostAccrual';
import {
  AlertStateStore,
  CollectionStateStore,
  DirectoryStore,
} from '../database/InsightsStore';
import { InsightsMetrics } from '../metrics/InsightsMetrics';
import { CatalogSync } from './CatalogSync';
import { DiscoveryAnswers } from './DiscoveryAnswers';
import { MetricsScraper } from './MetricsScraper';
import { PrometheusSource } from './PrometheusSource';

/** What one collection run did. */
export interface CollectionRunSummary {
  source: 'scrape' | 'prometheus';
  servers: number;
  failedTargets: string[];
  durationMs: number;
}

const LAST_RUN_KEY = 'collection.lastRun';

/**
 * One scheduled collection run: copy servers and teams from the catalog, note which servers run
 * (answered MCP catalog discovery, answer metrics), read usage (from Prometheus when configured,
 * else each server's `/metrics`), accrue compute cost. Runs under
 * the Backstage scheduler, which keeps a global task on one replica at a time: per-target state
 * in the database is never read by two runs at once.
 */
export class UsageCollector {
  constructor(
    private readonly deps: {
      store: DirectoryStore & CollectionStateStore & AlertStateStore;
      catalogSync: CatalogSync;
      scraper: MetricsScraper;
      prometheus?: PrometheusSource;
      computeCosts: ComputeCostAccrual;
      /** When servers first answered MCP catalog discovery; none without the MCP catalog. */
      discoveryAnswers?: Pick<DiscoveryAnswers, 'firstAnswers'>;
      /** Days of daily rollups kept: how far back a server found running is costed. */
      retentionDays: number;
      metrics: InsightsMetrics;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  get source(): 'scrape' | 'prometheus' {
    return this.deps.prometheus ? 'prometheus' : 'scrape';
  }

  async run(): Promise<CollectionRunSummary> {
    const { store, logger, metrics } = this.deps;
    const now = this.deps.now ?? Date.now;
    const started = now();
    const source = this.source;
    const stopTimer = metrics.collectionDuration.startTimer({ source });
    const failedTargets: string[] = [];
    try {
      try {
        await this.deps.catalogSync.sync(started);
      } catch (error) {
        // The stored copy of the catalog keeps collection going while the catalog is away.
        logger.warn(
          `MCP insights: catalog sync failed, using the last known servers: ${
            (error as Error).message
          }`,
        );
      }
      const servers = await store.listServers();
      await this.noteDiscoveryAnswers(servers);
      if (this.deps.prometheus) {
        try {
          await this.deps.prometheus.collect(servers, now());
        } catch (error) {
          failedTargets.push('prometheus');
          logger.warn(`MCP insights: ${(error as Error).message}`);
        }
      } else {
        const outcomes = await this.deps.scraper.scrapeAll(servers, now());
        for (const [target, outcome] of outcomes) {
          if (!outcome.ok) failedTargets.push(target);
        }
      }
      // Servers found running in this run are costed from then, days before the open ones too.
      const before = new Map(servers.map(s => [s.serverRef, s.aliveSince]));
      const runningNow = (await store.listServers()).filter(
        s =>
          s.aliveSince !== undefined &&
          s.aliveSince !== before.get(s.serverRef),
      );
      if (runningNow.length)
        await this.deps.computeCosts.accrueHistory(
          runningNow,
          now(),
          this.deps.retentionDays,
        );
      await this.deps.computeCosts.accrue(now());
      const summary: CollectionRunSummary = {
        source,
        servers: servers.length,
        failedTargets,
        durationMs: now() - started,
      };
      await store.setMeta(
        LAST_RUN_KEY,
        JSON.stringify({ at: started, durationMs: summary.durationMs }),
      );
      let outcome: 'ok' | 'partial' | 'failed' = 'partial';
      if (failedTargets.length === 0) outcome = 'ok';
      else if (failedTargets.length >= Math.max(1, servers.length)) {
        outcome = 'failed';
      }
      metrics.collectionRuns.inc({ source, outcome });
      if (outcome === 'ok') metrics.markSuccess(started);
      if (failedTargets.length) {
        logger.info(
          `MCP insights: collected from ${
            servers.length - failedTargets.length
          } of ${servers.length} targets; failing: ${failedTargets.join(', ')}`,
        );
      }
      return summary;
    } catch (error) {
      metrics.collectionRuns.inc({ source, outcome: 'failed' });
      throw error;
    } finally {
      stopTimer();
    }
  }

  /** Marks running the servers that answered MCP catalog discovery, from their first answer. */
  private async noteDiscoveryAnswers(
    servers: { serverRef: string; aliveSince?: number }[],
  ) {
    const answers = await this.deps.discoveryAnswers?.firstAnswers();
    if (!answers) return;
    const updates = servers.flatMap(s => {
      const at = answers.get(s.serverRef);
      return at !== undefined && at < (s.aliveSince ?? Infinity)
        ? [{ serverRef: s.serverRef, atMs: at }]
        : [];
    });
    if (updates.length) await this.deps.store.markServersAlive(updates);
  }

  /** Collection state for `GET /v1/collection/status`, without the targets of `hidden` servers. */
  async status(
    hidden: HiddenServers = NOTHING_HIDDEN,
  ): Promise<CollectionStatusResponse> {
    const { store } = this.deps;
    const lastRun = await store.getMeta(LAST_RUN_KEY);
    const parsed = lastRun
      ? (JSON.parse(lastRun) as { at: number; durationMs: number })
      : undefined;
    const iso = (ms?: number) =>
      ms === undefined ? undefined : new Date(ms).toISOString();
    return {
      source: this.source,
      lastRunAt: iso(parsed?.at),
      lastRunDurationMs: parsed?.durationMs,
      targets: (await store.listTargets())
        .filter(t => !hidden.has(t.target))
        .map(t => ({
          target: t.target,
          url: t.url,
          lastAttemptAt: iso(t.lastAttemptAt),
          lastSuccessAt: iso(t.lastSuccessAt),
          lastError: t.lastError,
          warnings: t.warnings,
          consecutiveFailures: t.consecutiveFailures,
          seriesCount: t.seriesCount,
        })),
    };
  }
}
