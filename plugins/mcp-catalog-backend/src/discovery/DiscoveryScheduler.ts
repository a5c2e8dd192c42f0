import { McpToolChangeEvent } from '@mcp-platform/plugin-mcp-catalog-common';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { MCP_SERVER_ENTITY_FILTER } from '@mcp-platform/plugin-mcp-catalog-common';
import pLimit from 'p-limit';
import {
  describeUpstreamError,
  GuardedFetch,
} from '@mcp-platform/plugin-mcp-catalog-node';
import {
  DiscoveryRecord,
  DueServer,
  ItemFindings,
  McpCatalogStore,
  ServerSnapshot,
} from '../database/McpCatalogStore';
import { RiskFinding, RiskScanner } from '../scan/RiskScanner';
import { ToolNameIndex } from '../scan/ToolNameIndex';
import {
  HashedDefinition,
  ToolDefinitionHasher,
} from '@mcp-platform/plugin-mcp-catalog-node';
import { DiscoveredServer } from '../model/DiscoveredServer';
import { ArrivalQueue } from './ArrivalQueue';
import { discoverServer } from './discoverServer';
import { snapshotOf } from './snapshotOf';

/** Settings of discovery, from `mcpCatalog.discovery`. */
export interface DiscoverySettings {
  /** Servers discovered at the same time. */
  concurrency: number;
  timeoutMs: number;
  maxItems: number;
  /** How long a successful discovery stays fresh. */
  refreshIntervalMs: number;
  /** First retry delay after a failure; doubles with each further failure up to `maxBackoffMs`. */
  minBackoffMs: number;
  maxBackoffMs: number;
  baselineOnFirstDiscovery: boolean;
  /**
   * How long an era verdict is trusted: a server known to speak only 2025 is probed for
   * 2026-07-28 again after this, and whether a 2026 server still serves 2025 clients too.
   */
  revisionCheckIntervalMs: number;
}

/** Most outcomes recorded in one transaction. */
const RECORD_BATCH_SIZE = 50;

/** A discovered server with the findings that depend on its own definitions only. */
interface FetchedServer {
  result: DiscoveredServer;
  definitions: HashedDefinition[];
  contentFindings: { tools: RiskFinding[][]; prompts: RiskFinding[][] };
}

type FetchOutcome =
  | ({ ok: true } & FetchedServer)
  | { ok: false; error: string; skipped?: boolean };

/** What one discovery run did. */
export interface DiscoveryRunSummary {
  servers: number;
  succeeded: number;
  failed: number;
  durationMs: number;
}

/**
 * Keeps the MCP catalog in step with the software catalog and the servers themselves: copies
 * the `mcp-server` API entities, discovers the due ones with bounded concurrency, scans their
 * definitions and records results, with exponential backoff for failing servers.
 */
export class DiscoveryScheduler {
  constructor(
    private readonly deps: {
      store: McpCatalogStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      /** The guarded fetch for one server: credentials bound to the origins configured for it. */
      fetchFor: (entityRef: string) => GuardedFetch;
      scanner: RiskScanner;
      settings: DiscoverySettings;
      /** Told of servers whose tools changed, so caches of tool facts elsewhere forget them. */
      announce?: (change: McpToolChangeEvent) => Promise<void>;
    },
  ) {}

  /** Copies every valid `mcp-server` API entity from the catalog; invalid ones are the catalog's errors to show. */
  async syncFromCatalog(): Promise<number> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const snapshots: ServerSnapshot[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.catalog.queryEntities(
        cursor
          ? { cursor, limit: 500 }
          : {
              filter: MCP_SERVER_ENTITY_FILTER,
              limit: 500,
            },
        { credentials },
      );
      for (const entity of page.items) {
        const snapshot = snapshotOf(entity);
        if (snapshot) snapshots.push(snapshot);
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    const { added, removed } = await this.deps.store.syncServers(snapshots);
    if (added || removed)
      this.deps.logger.info(
        `MCP catalog: ${added} servers added, ${removed} removed`,
      );
    return snapshots.length;
  }

  /**
   * One scheduled run: sync, then discover every due server. Each outcome is recorded soon after
   * it arrives (a slow or hostile server holds up nobody else's); when `signal` aborts, servers
   * not started yet are left for the next run and the ones in flight fail with the reason.
   */
  async run(signal?: AbortSignal): Promise<DiscoveryRunSummary> {
    const started = Date.now();
    await this.syncFromCatalog();
    const due = await this.deps.store.dueServers(new Date());
    const limit = pLimit(this.deps.settings.concurrency);
    // Shadowing is checked against every tool known: those stored, updated by each result.
    const known = await this.deps.store.activeToolNames();
    const toolNames = new Map(known);
    const arrivals = new ArrivalQueue<{
      server: DueServer;
      outcome: FetchOutcome;
    }>(due.length);
    for (const server of due) {
      limit(async () =>
        arrivals.push({
          server,
          outcome: signal?.aborted
            ? { ok: false, skipped: true, error: 'discovery was stopped' }
            : await this.fetchOne(server, signal),
        }),
      );
    }
    let succeeded = 0;
    let skipped = 0;
    /** Servers recorded while the run still had results to come. */
    const early: { server: DueServer; outcome: FetchedServer }[] = [];
    let grew = false;
    for (;;) {
      const batch = await arrivals.take(RECORD_BATCH_SIZE);
      if (!batch.length) break;
      for (const { server, outcome } of batch) {
        if (!outcome.ok) continue;
        const names = outcome.result.tools.map(t => t.name);
        const before = toolNames.get(server.entityRef);
        if (!before || names.some(n => !before.includes(n))) grew = true;
        toolNames.set(server.entityRef, names);
      }
      succeeded += await this.record(batch, new ToolNameIndex(toolNames));
      skipped += batch.filter(b => !b.outcome.ok && b.outcome.skipped).length;
      if (!arrivals.drained) {
        for (const b of batch)
          if (b.outcome.ok)
            early.push({ server: b.server, outcome: b.outcome });
      }
    }
    // Servers recorded before the others arrived (all of them together on a first start) get
    // their cross-server findings again, against every tool the run found.
    if (grew && early.length) await this.rescanShadowing(early, toolNames);
    const summary = {
      servers: due.length - skipped,
      succeeded,
      failed: due.length - skipped - succeeded,
      durationMs: Date.now() - started,
    };
    if (due.length) {
      this.deps.logger.info(
        `MCP discovery: ${summary.succeeded} of ${
          summary.servers
        } servers discovered in ${summary.durationMs} ms${
          skipped ? `; ${skipped} left for the next run (stopped)` : ''
        }`,
      );
    }
    return summary;
  }

  /**
   * Discovers one server now and records the outcome; never throws for the server's own
   * failures. Its revisions are probed afresh: someone asked because something changed.
   */
  async discoverOne(
    server: ServerSnapshot,
  ): Promise<{ ok: boolean; error?: string }> {
    const outcome = await this.fetchOne({ ...server, verdict: undefined });
    await this.record(
      [{ server, outcome }],
      new ToolNameIndex(await this.deps.store.activeToolNames()),
    );
    return outcome.ok ? { ok: true } : { ok: false, error: outcome.error };
  }

  private async fetchOne(
    server: DueServer,
    signal?: AbortSignal,
  ): Promise<FetchOutcome> {
    const { settings } = this.deps;
    const checkRevisions =
      !server.verdict ||
      !server.revisionsCheckedAt ||
      Date.now() - server.revisionsCheckedAt.getTime() >=
        settings.revisionCheckIntervalMs;
    try {
      const result = await discoverServer({
        remotes: server.remotes,
        fetch: this.deps.fetchFor(server.entityRef),
        limits: { timeoutMs: settings.timeoutMs, maxItems: settings.maxItems },
        revisions: { verdict: server.verdict, checkRevisions },
        signal,
      });
      // Work that needs no other server's tools is done while others are still being fetched:
      // scanning the content (shadowing waits for all servers), and hashing the definitions,
      // which the record carries to the store.
      const { scanner } = this.deps;
      const contentFindings = {
        tools: result.tools.map(t => scanner.scanContent(t)),
        prompts: result.prompts.map(p => scanner.scanContent(p)),
      };
      const definitions = result.tools.map((t, i) =>
        ToolDefinitionHasher.hashWithJson(t, result.toolInputSchemaJson?.[i]),
      );
      return { ok: true, result, definitions, contentFindings };
    } catch (error) {
      return { ok: false, error: describeUpstreamError(error) };
    }
  }

  /** Findings that depend on other servers' tools, again, for servers recorded early in a run. */
  private async rescanShadowing(
    early: { server: DueServer; outcome: FetchedServer }[],
    toolNames: Map<string, string[]>,
  ): Promise<void> {
    const index = new ToolNameIndex(toolNames);
    for (const { server, outcome } of early) {
      await this.deps.store.replaceFindings(
        server.entityRef,
        this.scan(server.entityRef, outcome, index),
      );
    }
  }

  /** Records the outcomes, the successes together in one transaction; returns how many succeeded. */
  private async record(
    outcomes: { server: ServerSnapshot; outcome: FetchOutcome }[],
    toolNames: ToolNameIndex,
  ): Promise<number> {
    const { settings, store } = this.deps;
    const discovered: DiscoveryRecord[] = [];
    for (const { server, outcome } of outcomes) {
      if (!outcome.ok && outcome.skipped) continue;
      if (outcome.ok) {
        discovered.push({
          entityRef: server.entityRef,
          result: outcome.result,
          definitions: outcome.definitions,
          findings: this.scan(server.entityRef, outcome, toolNames),
          now: new Date(),
          nextAttemptAt: new Date(Date.now() + settings.refreshIntervalMs),
          baselineOnFirstDiscovery: settings.baselineOnFirstDiscovery,
        });
        continue;
      }
      await store.recordFailure({
        entityRef: server.entityRef,
        error: outcome.error,
        now: new Date(),
        nextAttemptAt: failures =>
          new Date(
            Date.now() +
              Math.min(
                settings.maxBackoffMs,
                settings.minBackoffMs * 2 ** (failures - 1),
              ),
          ),
      });
      this.deps.logger.warn(
        `MCP discovery of ${server.entityRef} failed: ${outcome.error}`,
      );
    }
    const changes = await store.recordDiscoveries(discovered);
    for (const [
      i,
      { newTools, changedTools, removedTools },
    ] of changes.entries())
      if (newTools.length || changedTools.length || removedTools.length)
        await this.deps.announce?.({
          serverRef: discovered[i].entityRef,
          change: 'discovered',
        });
    changes.forEach(({ newTools, changedTools }, i) => {
      if (newTools.length || changedTools.length) {
        this.deps.logger.info(
          `MCP discovery of ${discovered[i].entityRef}: tools to review: ${[
            ...newTools,
            ...changedTools,
          ].join(', ')}`,
        );
      }
    });
    return discovered.length;
  }

  /** Every finding of a discovery: those of the content, found when it arrived, and shadowing. */
  private scan(
    entityRef: string,
    { result, contentFindings }: FetchedServer,
    toolNames: ToolNameIndex,
  ): ItemFindings[] {
    const { scanner } = this.deps;
    const others = toolNames.othersThan(entityRef);
    const items: ItemFindings[] = [];
    result.tools.forEach((tool, i) => {
      const findings = [
        ...contentFindings.tools[i],
        ...scanner.scanShadowing(tool, others),
      ];
      const collision = toolNames.namespacedCollision(entityRef, tool.name);
      if (collision) findings.push(collision);
      if (findings.length)
        items.push({ itemKind: 'tool', itemName: tool.name, findings });
    });
    result.prompts.forEach((prompt, i) => {
      const findings = [
        ...contentFindings.prompts[i],
        ...scanner.scanShadowing(prompt, others),
      ];
      if (findings.length)
        items.push({ itemKind: 'prompt', itemName: prompt.name, findings });
    });
    return items;
  }
}
