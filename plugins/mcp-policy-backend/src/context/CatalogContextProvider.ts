import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_CHILD_OF,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_APPROVED_GROUPS,
  ANNOTATION_DATA_CLASSIFICATION,
  ANNOTATION_ENVIRONMENT,
  McpPage,
  McpServerDetail,
  McpToolDetail,
  McpToolSummary,
} from '@mcp-platform/plugin-mcp-catalog-common';
import {
  ToolCallServerFacts,
  ToolCallToolFacts,
} from '@mcp-platform/plugin-mcp-policy-common';
import {
  PolicyContextProvider,
  PolicyContextRequest,
} from '@mcp-platform/plugin-mcp-policy-node';
import { unknownServerFacts, unknownToolFacts } from '../engine/completeInput';
import { TtlCache } from './TtlCache';

const NEGATIVE_TTL_MS = 2000;
/**
 * A tool's approval, state and findings change when someone approves it or discovery finds a new
 * definition, and every replica's decisions must follow within moments (an approved tool
 * callable, a changed one refused): they are reused only this briefly, enough for a burst.
 */
const TOOL_FACTS_TTL_MS = 2000;

/** A server's tools for the full lifetime; none found (not discovered yet) rechecked soon. */
const serverToolsTtl = (found: Map<string, unknown>) =>
  found.size ? Number.POSITIVE_INFINITY : NEGATIVE_TTL_MS;

/** Servers named in one batched tools read (keeps the query string short). */
const SERVERS_PER_READ = 40;
/** The catalog's largest page of tools. */
const TOOLS_PAGE = 500;

/** Deeper org charts are cut here: a parent loop in the catalog must not spin. */
const MAX_GROUP_DEPTH = 16;

/** What the catalog provider answers, under `context.catalog`. */
export interface CatalogContext {
  owner?: { ref: string; exists: boolean };
  server?: ToolCallServerFacts & { exists: boolean };
  tool?: ToolCallToolFacts;
  user?: { ref: string; exists: boolean; groups: string[] };
}

function relationTargets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef)
    .sort();
}

/** The facts of a server entity that rules see as `server`. */
export function serverFacts(
  ref: string,
  entity: Entity | undefined,
): ToolCallServerFacts & { exists: boolean } {
  if (!entity) return { ...unknownServerFacts(ref), exists: false };
  const annotations = entity.metadata.annotations ?? {};
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const lifecycle = typeof spec.lifecycle === 'string' ? spec.lifecycle : '';
  const owner =
    relationTargets(entity, RELATION_OWNED_BY)[0] ??
    (typeof spec.owner === 'string'
      ? stringifyEntityRef(
          parseEntityRef(spec.owner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        )
      : '');
  return {
    ref,
    name: entity.metadata.name,
    known: true,
    exists: true,
    owner,
    // Filled in by the provider, which walks the owner's parents in the catalog.
    ownerAncestors: [],
    lifecycle,
    environment: annotations[ANNOTATION_ENVIRONMENT] ?? lifecycle,
    dataClassification: annotations[ANNOTATION_DATA_CLASSIFICATION] ?? '',
    system: typeof spec.system === 'string' ? spec.system : '',
    tags: entity.metadata.tags ?? [],
    approvedGroups: (annotations[ANNOTATION_APPROVED_GROUPS] ?? '')
      .split(',')
      .map(g => g.trim())
      .filter(Boolean)
      .map(g =>
        stringifyEntityRef(
          parseEntityRef(g, {
            defaultKind: 'group',
            defaultNamespace: 'default',
          }),
        ),
      ),
  };
}

/**
 * Catalog data for policies, as `context.catalog`: the server entity and the tool's discovered
 * definition (`server`, `tool` in tool-call rules), the owner and name of a deployment, and the
 * groups of a user; a server's facts include its owner's parent groups. Answers are cached, so a decision does not wait on the catalog each time:
 * entities for `cacheTtlMs` (30 s), a tool's facts for 2 s (see TOOL_FACTS_TTL_MS).
 */
export class CatalogContextProvider implements PolicyContextProvider {
  readonly name = 'catalog';
  private readonly cache: TtlCache<CatalogContext>;
  // Entities and the tools of a server are cached apart from whole answers: deciding about
  // every tool of a tools/list asks about the same servers and user many times over.
  private readonly entities: TtlCache<Entity | undefined>;
  private readonly serverTools: TtlCache<Map<string, ToolCallToolFacts>>;
  private readonly singleTools: TtlCache<ToolCallToolFacts>;
  /** A group's parent (`childOf`), or null for none: shared by every server the group owns. */
  private readonly parents: TtlCache<string | null>;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      discovery: DiscoveryService;
      cacheTtlMs?: number;
      toolFactsTtlMs?: number;
    },
  ) {
    const toolTtl = deps.toolFactsTtlMs ?? TOOL_FACTS_TTL_MS;
    this.cache = new TtlCache(deps.cacheTtlMs ?? 30_000, 10_000);
    this.entities = new TtlCache(deps.cacheTtlMs ?? 30_000, 10_000);
    this.serverTools = new TtlCache(toolTtl, 1_000);
    this.singleTools = new TtlCache(toolTtl, 10_000);
    this.parents = new TtlCache(deps.cacheTtlMs ?? 30_000, 10_000);
  }

  /**
   * Forgets what is cached about the tools of a server (after an approval or a kill switch, see
   * `MCP_TOOL_CHANGES_TOPIC`), so that the next decision sees the change at once.
   */
  forgetTools(serverRef: string): void {
    this.serverTools.forget(key => key === serverRef);
    const prefix = JSON.stringify([serverRef, '']).slice(0, -3);
    this.singleTools.forget(key => key.startsWith(prefix));
  }

  /**
   * Before a batch of tool-call decisions (a `tools/list` over many servers): the tools of every
   * server the batch names whose facts are not cached, read in one go from the catalog's tool
   * list instead of one server read each. A server the batched read does not cover (no tools,
   * a failed read) is read alone when its decision asks, as without a batch.
   */
  async prepare(requests: PolicyContextRequest[]): Promise<void> {
    const missing = new Set<string>();
    for (const r of requests)
      if (
        r.kind === 'tool-call' &&
        r.serverRef &&
        r.toolName &&
        !this.serverTools.has(r.serverRef)
      )
        missing.add(r.serverRef);
    if (!missing.size) return;
    const batch = this.fetchToolsOfServers([...missing]).catch(
      () => new Map<string, Map<string, ToolCallToolFacts>>(),
    );
    await Promise.allSettled(
      [...missing].map(serverRef =>
        this.serverTools.getOrCompute(
          serverRef,
          () =>
            batch.then(
              byServer =>
                byServer.get(serverRef) ?? this.fetchServerTools(serverRef),
            ),
          serverToolsTtl,
        ),
      ),
    );
  }

  /** One entity by ref (undefined when missing, rechecked soon). */
  private entity(ref: string): Promise<Entity | undefined> {
    return this.entities.getOrCompute(
      ref,
      async () => {
        const { items } = await this.deps.catalog.getEntitiesByRefs(
          { entityRefs: [ref] },
          { credentials: await this.deps.auth.getOwnServiceCredentials() },
        );
        return items[0] ?? undefined;
      },
      entity => (entity ? Number.POSITIVE_INFINITY : NEGATIVE_TTL_MS),
    );
  }

  async provide(
    request: PolicyContextRequest,
  ): Promise<Record<string, unknown>> {
    const { serverRef, toolName } = request;
    const key = JSON.stringify([
      request.kind,
      serverRef,
      request.ownerRef,
      request.userRef,
    ]);
    const [entities, tool] = await Promise.all([
      this.cache.getOrCompute(
        key,
        () => this.lookUp(request),
        // Something missing may appear any moment (a new entity): recheck soon.
        c =>
          c.owner?.exists === false ||
          c.server?.exists === false ||
          c.user?.exists === false
            ? NEGATIVE_TTL_MS
            : Number.POSITIVE_INFINITY,
      ),
      serverRef && toolName ? this.toolFacts(serverRef, toolName) : undefined,
    ]);
    const result: CatalogContext = tool ? { ...entities, tool } : entities;
    return result as Record<string, unknown>;
  }

  /** The entities' part of the context: owner, server and user. */
  private async lookUp(request: PolicyContextRequest): Promise<CatalogContext> {
    const refs = [request.serverRef, request.ownerRef, request.userRef].filter(
      (r): r is string => Boolean(r),
    );
    const entities = await Promise.all(refs.map(ref => this.entity(ref)));
    const byRef = new Map(refs.map((r, i) => [r, entities[i]]));
    const result: CatalogContext = {};
    if (request.ownerRef) {
      result.owner = {
        ref: request.ownerRef,
        exists: byRef.get(request.ownerRef) !== undefined,
      };
    }
    if (request.serverRef) {
      result.server = serverFacts(
        request.serverRef,
        byRef.get(request.serverRef),
      );
      if (result.server.owner.startsWith('group:')) {
        result.server.ownerAncestors = await this.ancestorsOf(
          result.server.owner,
        );
      }
    }
    if (request.userRef) {
      const user = byRef.get(request.userRef);
      result.user = {
        ref: request.userRef,
        exists: user !== undefined,
        groups: [
          request.userRef,
          ...(user ? relationTargets(user, RELATION_MEMBER_OF) : []),
        ],
      };
    }
    return result;
  }

  /** The group's parent groups, nearest first, following `childOf` relations. */
  private async ancestorsOf(groupRef: string): Promise<string[]> {
    const ancestors: string[] = [];
    let current = groupRef;
    for (let depth = 0; depth < MAX_GROUP_DEPTH; depth++) {
      const parent = await this.parentOf(current);
      if (!parent || parent === groupRef || ancestors.includes(parent)) break;
      ancestors.push(parent);
      current = parent;
    }
    return ancestors;
  }

  private parentOf(groupRef: string): Promise<string | null> {
    return this.parents.getOrCompute(groupRef, async () => {
      const group = await this.entity(groupRef);
      return group
        ? relationTargets(group, RELATION_CHILD_OF)[0] ?? null
        : null;
    });
  }

  private async toolFacts(
    serverRef: string,
    toolName: string,
  ): Promise<ToolCallToolFacts> {
    const tools = await this.serverTools.getOrCompute(
      serverRef,
      () => this.fetchServerTools(serverRef),
      serverToolsTtl,
    );
    // A tool the server's current list lacks (removed, or not discovered yet) is looked up
    // alone: the catalog still knows removed tools.
    return (
      tools.get(toolName) ??
      this.singleTools.getOrCompute(JSON.stringify([serverRef, toolName]), () =>
        this.fetchTool(serverRef, toolName),
      )
    );
  }

  private async catalogGet(path: string): Promise<Response> {
    const baseUrl = await this.deps.discovery.getBaseUrl('mcp-catalog');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'mcp-catalog',
    });
    return fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  }

  /** The facts of every tool of a server, from one read of the server. */
  private async fetchServerTools(
    serverRef: string,
  ): Promise<Map<string, ToolCallToolFacts>> {
    const { namespace, name } = parseEntityRef(serverRef);
    const response = await this.catalogGet(
      `/v1/servers/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}`,
    );
    if (response.status === 404) return new Map();
    if (!response.ok)
      throw new Error(
        `the MCP catalog answered ${response.status} for server ${serverRef}`,
      );
    const server = (await response.json()) as McpServerDetail;
    return new Map(
      server.tools.map(tool => [tool.name, toolFactsOf(serverRef, tool)]),
    );
  }

  /**
   * The facts of every tool (removed ones included, as a server read gives them) of the given
   * servers, from the catalog's tool list, a page of up to 500 tools per read.
   */
  private async fetchToolsOfServers(
    serverRefs: string[],
  ): Promise<Map<string, Map<string, ToolCallToolFacts>>> {
    const byServer = new Map<string, Map<string, ToolCallToolFacts>>();
    for (let i = 0; i < serverRefs.length; i += SERVERS_PER_READ) {
      const server = serverRefs.slice(i, i + SERVERS_PER_READ).join(',');
      for (let offset = 0; ; offset += TOOLS_PAGE) {
        const query = new URLSearchParams({
          server,
          includeRemoved: 'true',
          limit: String(TOOLS_PAGE),
          offset: String(offset),
        });
        const response = await this.catalogGet(`/v1/tools?${query}`);
        if (!response.ok)
          throw new Error(
            `the MCP catalog answered ${response.status} to a read of the tools of ${serverRefs.length} servers`,
          );
        const page = (await response.json()) as McpPage<McpToolSummary>;
        for (const tool of page.items) {
          let tools = byServer.get(tool.serverRef);
          if (!tools) byServer.set(tool.serverRef, (tools = new Map()));
          tools.set(tool.name, toolFactsOf(tool.serverRef, tool));
        }
        if (page.items.length < TOOLS_PAGE) break;
      }
    }
    return byServer;
  }

  private async fetchTool(
    serverRef: string,
    toolName: string,
  ): Promise<ToolCallToolFacts> {
    const { namespace, name } = parseEntityRef(serverRef);
    const response = await this.catalogGet(
      `/v1/tools/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}/${encodeURIComponent(toolName)}`,
    );
    if (response.status === 404) return unknownToolFacts(serverRef, toolName);
    if (!response.ok) {
      throw new Error(
        `the MCP catalog answered ${response.status} for tool ${toolName} of ${serverRef}`,
      );
    }
    return toolFactsOf(serverRef, (await response.json()) as McpToolDetail);
  }
}

/** The facts of a catalogued tool that rules see as `tool`. */
function toolFactsOf(
  serverRef: string,
  tool: McpToolSummary,
): ToolCallToolFacts {
  return {
    name: tool.name,
    server: serverRef,
    known: true,
    title: tool.title ?? '',
    readOnly: tool.readOnly,
    destructive: tool.destructive,
    approval: tool.approval,
    state: tool.state,
    maxSeverity: tool.maxSeverity ?? 'none',
    annotations: tool.annotations ?? {},
  };
}
