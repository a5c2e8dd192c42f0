import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_DATA_CLASSIFICATION,
  ANNOTATION_GATEWAY_PROFILES,
  findGatewayAliasCollisions,
  FindingSeverity,
  gatewayAliasOf,
  gatewayAliasProblem,
  McpDisablement,
  McpPage,
  McpRemote,
  McpServerDetail,
  McpServerSummary,
  MCP_SERVER_ENTITY_FILTER,
  validateMcpServerSpec,
} from '@mcp-platform/plugin-mcp-catalog-common';
import pLimit from 'p-limit';
import { asPeerRefusal, refusedTokenHint } from '../service/refusedTokenHint';

/** What the gateway knows of a catalogued tool: the facts that gate calls to it. */
export interface GatewayTool {
  name: string;
  title?: string;
  description?: string;
  /** The hash of the definition discovery last saw; live definitions must match it. */
  definitionHash: string;
  approval: 'approved' | 'new' | 'changed';
  maxSeverity?: FindingSeverity;
  readOnly: boolean;
  destructive: boolean;
  /** Calls may be retried: read-only or `idempotentHint`. */
  retryable: boolean;
  /** Set while the tool (or its whole server) is out of service: the kill switch. */
  disabled?: McpDisablement;
}

/** A catalogued MCP server as the gateway routes to it. */
export interface GatewayServer {
  ref: string;
  namespace: string;
  name: string;
  title?: string;
  alias: string;
  /** Why the alias cannot prefix tool names, when it cannot. */
  aliasProblem?: string;
  owner?: string;
  lifecycle?: string;
  dataClassification?: string;
  remotes: McpRemote[];
  profiles: string[];
  discoveryStatus: McpServerSummary['status'];
  /** Set while the whole server is out of service: the kill switch. */
  disabled?: McpDisablement;
  /** Active tools by name. */
  tools: Map<string, GatewayTool>;
  /** Changes when the MCP catalog's data of the server may have changed. */
  version: string;
}

/** Reads of the MCP catalog's REST API (a service of its own, so tests can bring another). */
export interface McpCatalogReader {
  listServers(): Promise<McpServerSummary[]>;
  getServer(ref: string): Promise<McpServerDetail | undefined>;
  /** Asks the catalog to discover a server again (a live definition differed). */
  refresh(ref: string): Promise<void>;
}

/** The MCP catalog backend over HTTP, with the gateway's own service token. */
export class HttpMcpCatalogReader implements McpCatalogReader {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  private async request(path: string, init?: RequestInit) {
    const [base, { token }] = await Promise.all([
      this.deps.discovery.getBaseUrl('mcp-catalog'),
      this.deps.auth.getPluginRequestToken({
        onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
        targetPluginId: 'mcp-catalog',
      }),
    ]);
    return fetch(`${base}${path}`, {
      ...init,
      headers: { ...init?.headers, authorization: `Bearer ${token}` },
    });
  }

  async listServers(): Promise<McpServerSummary[]> {
    const servers: McpServerSummary[] = [];
    for (let offset = 0; ; offset += 500) {
      const response = await this.request(
        `/v1/servers?limit=500&offset=${offset}`,
      );
      if (!response.ok)
        throw new Error(
          `the MCP catalog answered ${
            response.status
          } to its server list${refusedTokenHint(
            'mcp-catalog',
            response.status,
          )}`,
        );
      const page = (await response.json()) as McpPage<McpServerSummary>;
      servers.push(...page.items);
      if (page.items.length < 500 || servers.length >= page.totalCount) break;
    }
    return servers;
  }

  async getServer(ref: string): Promise<McpServerDetail | undefined> {
    const { namespace, name } = parseEntityRef(ref);
    const response = await this.request(
      `/v1/servers/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}`,
    );
    if (response.status === 404) return undefined;
    if (!response.ok)
      throw new Error(
        `the MCP catalog answered ${
          response.status
        } for ${ref}${refusedTokenHint('mcp-catalog', response.status)}`,
      );
    return (await response.json()) as McpServerDetail;
  }

  async refresh(ref: string): Promise<void> {
    const { namespace, name } = parseEntityRef(ref);
    await this.request(
      `/v1/servers/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}/refresh`,
      { method: 'POST' },
    );
  }
}

const SEVERITY_OF_SUMMARY = (s: McpServerDetail['tools'][number]) =>
  s.maxSeverity;

function toolOf(summary: McpServerDetail['tools'][number]): GatewayTool {
  const annotations = (summary.annotations ?? {}) as Record<string, unknown>;
  return {
    name: summary.name,
    title: summary.title,
    description: summary.description,
    definitionHash: summary.definitionHash,
    approval: summary.approval,
    maxSeverity: SEVERITY_OF_SUMMARY(summary),
    readOnly: summary.readOnly,
    destructive: summary.destructive,
    retryable: summary.readOnly || annotations.idempotentHint === true,
    disabled: summary.disabled,
  };
}

/**
 * The catalogued MCP servers and their tools, as the gateway routes calls: the entities (alias,
 * profiles, owner, remotes) from the software catalog, the tools (definition hashes, approval,
 * findings) from the MCP catalog. Refreshed in the background; a server's tools are read again
 * only when the MCP catalog says it changed.
 */
export class GatewayCatalog {
  private servers = new Map<string, GatewayServer>();
  private loaded?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private listeners: (() => void)[] = [];

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      reader: McpCatalogReader;
      logger: LoggerService;
      refreshMs: number;
    },
  ) {}

  /** Starts refreshing in the background. */
  start(): void {
    this.timer ??= setInterval(() => {
      this.refresh().catch(error =>
        this.deps.logger.warn(
          `MCP gateway: could not refresh the catalog: ${error}`,
        ),
      );
    }, this.deps.refreshMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Called after each refresh that changed something. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The servers, loading them on first use. */
  async current(): Promise<Map<string, GatewayServer>> {
    this.loaded ??= this.refresh();
    try {
      await this.loaded;
    } catch (error) {
      this.loaded = undefined; // the next caller tries again
      throw error;
    }
    return this.servers;
  }

  /** Reads entities and MCP catalog data again; only changed servers' tools are fetched. */
  async refresh(): Promise<void> {
    const [entities, summaries] = await Promise.all([
      this.entities(),
      this.deps.reader.listServers(),
    ]);
    const next = new Map<string, GatewayServer>();
    const limit = pLimit(8);
    let changed = false;
    await Promise.all(
      summaries.map(summary =>
        limit(async () => {
          const entity = entities.get(summary.entityRef);
          if (!entity) return;
          const previous = this.servers.get(summary.entityRef);
          let tools = previous?.tools;
          if (!previous || previous.version !== versionOf(summary)) {
            const detail = await this.deps.reader.getServer(summary.entityRef);
            if (!detail) return;
            tools = new Map(
              detail.tools
                .filter(t => t.state === 'active')
                .map(t => [t.name, toolOf(t)]),
            );
            changed = true;
          }
          const server = serverOf(entity, summary, tools ?? new Map());
          if (!changed && previous && !sameRouting(previous, server))
            changed = true;
          next.set(server.ref, server);
        }),
      ),
    );
    // A shared alias withholds the tools of every server that has it, whichever endpoint or
    // profile is asked: the catalog reports the same collision on the entities.
    for (const [ref, problem] of findGatewayAliasCollisions([...next.values()]))
      next.get(ref)!.aliasProblem ??= problem;
    for (const [ref, server] of next) {
      const previous = this.servers.get(ref);
      if (previous && previous.aliasProblem !== server.aliasProblem)
        changed = true;
    }
    if (next.size !== this.servers.size) changed = true;
    this.servers = next;
    if (changed) for (const listener of this.listeners) listener();
  }

  private async entities(): Promise<Map<string, Entity>> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const entities = new Map<string, Entity>();
    let cursor: string | undefined;
    do {
      const page = await this.deps.catalog
        .queryEntities(
          cursor
            ? { cursor, limit: 500 }
            : {
                filter: MCP_SERVER_ENTITY_FILTER,
                limit: 500,
              },
          { credentials },
        )
        .catch(error => {
          throw asPeerRefusal(error, 'catalog');
        });
      for (const entity of page.items)
        entities.set(stringifyEntityRef(entity), entity);
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return entities;
  }
}

function serverOf(
  entity: Entity,
  summary: McpServerSummary,
  tools: Map<string, GatewayTool>,
): GatewayServer {
  const alias = gatewayAliasOf(entity);
  const spec = validateMcpServerSpec(entity.spec);
  const profiles = (
    entity.metadata.annotations?.[ANNOTATION_GATEWAY_PROFILES] ?? ''
  )
    .split(',')
    .map(p => p.trim())
    .filter(Boolean);
  return {
    ref: summary.entityRef,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
    title: entity.metadata.title,
    alias,
    aliasProblem: gatewayAliasProblem(alias),
    owner: summary.owner,
    lifecycle: summary.lifecycle,
    dataClassification:
      summary.dataClassification ??
      entity.metadata.annotations?.[ANNOTATION_DATA_CLASSIFICATION],
    remotes: spec.ok ? spec.spec.remotes : summary.remotes,
    profiles,
    discoveryStatus: summary.status,
    disabled: summary.disabled,
    tools,
    version: versionOf(summary),
  };
}

/**
 * Changes whenever the server's tools may have: a discovery, a tool change, an approval, a use
 * of the kill switch.
 */
function versionOf(summary: McpServerSummary): string {
  return `${summary.updatedAt}|${summary.lastSuccessAt ?? ''}|${
    summary.toolCount
  }|${summary.disabled?.at ?? ''}`;
}

function sameRouting(a: GatewayServer, b: GatewayServer): boolean {
  return (
    a.alias === b.alias &&
    a.owner === b.owner &&
    a.dataClassification === b.dataClassification &&
    a.discoveryStatus === b.discoveryStatus &&
    a.disabled?.at === b.disabled?.at &&
    JSON.stringify(a.remotes) === JSON.stringify(b.remotes) &&
    a.profiles.join() === b.profiles.join()
  );
}
