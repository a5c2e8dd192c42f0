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
  ANNOTATION_DATA_CLASSIFICATION,
  McpToolDetail,
} from '@mcp-platform/plugin-mcp-catalog-common';
import {
  MCP_APPROVED_GROUPS_ANNOTATION,
  ToolCallServerFacts,
  ToolCallToolFacts,
} from '@mcp-platform/plugin-mcp-policy-common';
import {
  PolicyContextProvider,
  PolicyContextRequest,
} from '@mcp-platform/plugin-mcp-policy-node';
import { unknownServerFacts, unknownToolFacts } from '../engine/completeInput';
import { TtlCache } from './TtlCache';

/** Annotation that names a server's environment when its lifecycle does not. */
export const ANNOTATION_ENVIRONMENT = 'mcp-platform.io/environment';

const NEGATIVE_TTL_MS = 2000;

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
    approvedGroups: (annotations[MCP_APPROVED_GROUPS_ANNOTATION] ?? '')
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
 * Catalog data for policies, as `context.catalog`: the server entity with its owner's parent
 * groups and the tool's discovered definition (`server`, `tool` in tool-call and permission
 * rules), the owner and name of a deployment, and the groups of a user. Answers are cached
 * briefly: a decision must not wait on the catalog each time.
 */
export class CatalogContextProvider implements PolicyContextProvider {
  readonly name = 'catalog';
  private readonly cache: TtlCache<Record<string, unknown>>;
  /** A group's parent (`childOf`), or null for none: shared by every server the group owns. */
  private readonly parents: TtlCache<string | null>;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      discovery: DiscoveryService;
      cacheTtlMs?: number;
    },
  ) {
    this.cache = new TtlCache(deps.cacheTtlMs ?? 30_000, 10_000);
    this.parents = new TtlCache(deps.cacheTtlMs ?? 30_000, 10_000);
  }

  async provide(
    request: PolicyContextRequest,
  ): Promise<Record<string, unknown>> {
    const key = JSON.stringify([
      request.kind,
      request.serverRef,
      request.toolName,
      request.ownerRef,
      request.userRef,
    ]);
    return this.cache.getOrCompute(
      key,
      () => this.lookUp(request),
      // Something missing may appear any moment (a new entity, a first discovery): recheck soon.
      value => {
        const c = value as CatalogContext;
        const missing =
          c.owner?.exists === false ||
          c.server?.exists === false ||
          c.user?.exists === false ||
          c.tool?.known === false;
        return missing ? NEGATIVE_TTL_MS : Number.POSITIVE_INFINITY;
      },
    );
  }

  private async lookUp(
    request: PolicyContextRequest,
  ): Promise<Record<string, unknown>> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const refs = [request.serverRef, request.ownerRef, request.userRef].filter(
      (r): r is string => Boolean(r),
    );
    const { items } = refs.length
      ? await this.deps.catalog.getEntitiesByRefs(
          { entityRefs: refs },
          { credentials },
        )
      : { items: [] as (Entity | undefined)[] };
    const byRef = new Map(refs.map((r, i) => [r, items[i]]));
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
    if (request.serverRef && request.toolName) {
      result.tool = await this.toolFacts(request.serverRef, request.toolName);
    }
    return result as Record<string, unknown>;
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
      const { items } = await this.deps.catalog.getEntitiesByRefs(
        { entityRefs: [groupRef], fields: ['relations'] },
        { credentials: await this.deps.auth.getOwnServiceCredentials() },
      );
      return items[0]
        ? relationTargets(items[0], RELATION_CHILD_OF)[0] ?? null
        : null;
    });
  }

  private async toolFacts(
    serverRef: string,
    toolName: string,
  ): Promise<ToolCallToolFacts> {
    const { namespace, name } = parseEntityRef(serverRef);
    const baseUrl = await this.deps.discovery.getBaseUrl('mcp-catalog');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'mcp-catalog',
    });
    const response = await fetch(
      `${baseUrl}/v1/tools/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}/${encodeURIComponent(toolName)}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (response.status === 404) return unknownToolFacts(serverRef, toolName);
    if (!response.ok) {
      throw new Error(
        `the MCP catalog answered ${response.status} for tool ${toolName} of ${serverRef}`,
      );
    }
    const tool = (await response.json()) as McpToolDetail;
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
}
