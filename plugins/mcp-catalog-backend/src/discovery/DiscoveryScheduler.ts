import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_DATA_CLASSIFICATION,
  MCP_SERVER_API_TYPE,
  validateMcpServerSpec,
} from '@mcp-platform/plugin-mcp-catalog-common';
import pLimit from 'p-limit';
import {
  DiscoveryRecord,
  ItemFindings,
  McpCatalogStore,
  ServerSnapshot,
} from '../database/McpCatalogStore';
import { RiskFinding, RiskScanner } from '../scan/RiskScanner';
import { ToolNameIndex } from '../scan/ToolNameIndex';
import {
  HashedDefinition,
  ToolDefinitionHasher,
} from '../tools/ToolDefinitionHasher';
import { DiscoveredServer, discoverServer } from './discoverServer';
import { GuardedFetch } from '@mcp-platform/plugin-mcp-catalog-node';

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
  /** Header values per server entity ref, from config. */
  credentials: Map<string, Record<string, string>>;
}

/** Successful discoveries recorded in one transaction. */
const RECORD_BATCH_SIZE = 50;

/** A discovered server with the findings that depend on its own definitions only. */
interface FetchedServer {
  result: DiscoveredServer;
  definitions: HashedDefinition[];
  contentFindings: { tools: RiskFinding[][]; prompts: RiskFinding[][] };
}

type FetchOutcome =
  | ({ ok: true } & FetchedServer)
  | { ok: false; error: string };

/** What one discovery run did. */
export interface DiscoveryRunSummary {
  servers: number;
  succeeded: number;
  failed: number;
  durationMs: number;
}

/** Turns an entity into the snapshot the MCP catalog keeps, or undefined if its spec is invalid. */
export function snapshotOf(entity: Entity): ServerSnapshot | undefined {
  const validation = validateMcpServerSpec(entity.spec);
  if (!validation.ok) return undefined;
  return {
    entityRef: stringifyEntityRef(entity),
    name: entity.metadata.name,
    title: entity.metadata.title,
    description: entity.metadata.description,
    ownerRef:
      typeof entity.spec?.owner === 'string'
        ? stringifyEntityRef(
            parseEntityRef(entity.spec.owner, {
              defaultKind: 'group',
              defaultNamespace: entity.metadata.namespace ?? 'default',
            }),
          )
        : undefined,
    lifecycle:
      typeof entity.spec?.lifecycle === 'string'
        ? entity.spec.lifecycle
        : undefined,
    dataClassification:
      entity.metadata.annotations?.[ANNOTATION_DATA_CLASSIFICATION],
    remotes: validation.spec.remotes,
  };
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
      fetch: GuardedFetch;
      scanner: RiskScanner;
      settings: DiscoverySettings;
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
              filter: { kind: 'API', 'spec.type': MCP_SERVER_API_TYPE },
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

  /** One scheduled run: sync, then discover every due server. */
  async run(): Promise<DiscoveryRunSummary> {
    const started = Date.now();
    await this.syncFromCatalog();
    const due = await this.deps.store.dueServers(new Date());
    const limit = pLimit(this.deps.settings.concurrency);
    const fetched = await Promise.all(
      due.map(server =>
        limit(async () => ({ server, outcome: await this.fetchOne(server) })),
      ),
    );
    // Shadowing is checked against every tool known after this run, so servers discovered
    // together (as on first start) are checked against each other.
    const toolNames = await this.deps.store.activeToolNames();
    for (const { server, outcome } of fetched) {
      if (outcome.ok)
        toolNames.set(
          server.entityRef,
          outcome.result.tools.map(t => t.name),
        );
    }
    const index = new ToolNameIndex(toolNames);
    let succeeded = 0;
    for (let i = 0; i < fetched.length; i += RECORD_BATCH_SIZE) {
      const batch = fetched.slice(i, i + RECORD_BATCH_SIZE);
      succeeded += await this.record(batch, index);
    }
    const summary = {
      servers: due.length,
      succeeded,
      failed: due.length - succeeded,
      durationMs: Date.now() - started,
    };
    if (due.length) {
      this.deps.logger.info(
        `MCP discovery: ${summary.succeeded} of ${summary.servers} servers discovered in ${summary.durationMs} ms`,
      );
    }
    return summary;
  }

  /** Discovers one server now and records the outcome; never throws for the server's own failures. */
  async discoverOne(
    server: ServerSnapshot,
  ): Promise<{ ok: boolean; error?: string }> {
    const outcome = await this.fetchOne(server);
    await this.record(
      [{ server, outcome }],
      new ToolNameIndex(await this.deps.store.activeToolNames()),
    );
    return outcome.ok ? { ok: true } : { ok: false, error: outcome.error };
  }

  private async fetchOne(server: ServerSnapshot): Promise<FetchOutcome> {
    const { settings, fetch } = this.deps;
    try {
      const result = await discoverServer({
        remotes: server.remotes,
        fetch,
        headers: settings.credentials.get(server.entityRef),
        limits: { timeoutMs: settings.timeoutMs, maxItems: settings.maxItems },
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
      return {
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      };
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
