import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_METRICS_URL,
  ANNOTATION_MONTHLY_BUDGET,
  ANNOTATION_RESOURCES,
  ANNOTATION_SLO,
  MCP_SERVER_ENTITY_FILTER,
} from '@mcp-platform/plugin-mcp-catalog-common';
import { UNALLOCATED_TEAM } from '@mcp-platform/plugin-mcp-insights-common';
import {
  InsightsStore,
  ServerSnapshot,
  TeamRecord,
} from '../database/InsightsStore';

const lower = (s: string) => s.toLocaleLowerCase('en-US');

/** The entity ref of an owner or parent, lower-cased, or undefined. */
function refOf(
  value: unknown,
  defaultKind: string,
  namespace: string,
): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return lower(
      stringifyEntityRef(
        parseEntityRef(value, { defaultKind, defaultNamespace: namespace }),
      ),
    );
  } catch {
    return undefined;
  }
}

/** `<origin>/metrics` of the first remote with an http(s) URL. */
function metricsUrlFromRemotes(spec: Entity['spec']): string | undefined {
  const remotes = Array.isArray(spec?.remotes) ? spec.remotes : [];
  for (const remote of remotes) {
    const url = (remote as { url?: unknown })?.url;
    if (typeof url !== 'string') continue;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
        return `${parsed.origin}/metrics`;
      }
    } catch {
      // not a URL; try the next remote
    }
  }
  return undefined;
}

/**
 * Copies what insights needs from the catalog: `mcp-server` APIs (owner, SLO, resources, own
 * budget, where their metrics are) and groups (hierarchy, budgets). The metrics URL is the API's
 * `mcp-platform.io/metrics-url`, else that of a Component providing the API, else the first
 * remote's origin + `/metrics`.
 */
export class CatalogSync {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      store: InsightsStore;
    },
  ) {}

  async sync(nowMs: number): Promise<{ servers: number; teams: number }> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const apis = await this.queryAll(MCP_SERVER_ENTITY_FILTER, credentials);
    const providerRefs = new Set<string>();
    for (const api of apis) {
      if (api.metadata.annotations?.[ANNOTATION_METRICS_URL]) continue;
      for (const relation of api.relations ?? []) {
        if (relation.type === 'apiProvidedBy')
          providerRefs.add(relation.targetRef);
      }
    }
    const providerUrls = new Map<string, string>();
    if (providerRefs.size) {
      const { items } = await this.deps.catalog.getEntitiesByRefs(
        {
          entityRefs: [...providerRefs],
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.annotations',
          ],
        },
        { credentials },
      );
      for (const component of items) {
        const url = component?.metadata.annotations?.[ANNOTATION_METRICS_URL];
        if (component && url) {
          providerUrls.set(lower(stringifyEntityRef(component)), url);
        }
      }
    }

    const snapshots: ServerSnapshot[] = apis.map(api => {
      const namespace = api.metadata.namespace ?? 'default';
      const annotations = api.metadata.annotations ?? {};
      const providerUrl = (api.relations ?? [])
        .filter(r => r.type === 'apiProvidedBy')
        .map(r => providerUrls.get(lower(r.targetRef)))
        .find(Boolean);
      return {
        serverRef: lower(stringifyEntityRef(api)),
        name: api.metadata.name,
        title: api.metadata.title,
        teamRef: refOf(api.spec?.owner, 'group', namespace) ?? UNALLOCATED_TEAM,
        sloAnnotation: annotations[ANNOTATION_SLO],
        resourcesAnnotation: annotations[ANNOTATION_RESOURCES],
        budgetAnnotation: annotations[ANNOTATION_MONTHLY_BUDGET],
        metricsUrl:
          annotations[ANNOTATION_METRICS_URL] ??
          providerUrl ??
          metricsUrlFromRemotes(api.spec),
      };
    });
    await this.deps.store.syncServers(snapshots, nowMs);

    const groups = await this.queryAll({ kind: 'Group' }, credentials);
    const teams: TeamRecord[] = groups.map(group => {
      const namespace = group.metadata.namespace ?? 'default';
      const profile = group.spec?.profile as
        | { displayName?: string }
        | undefined;
      return {
        teamRef: lower(stringifyEntityRef(group)),
        title: profile?.displayName ?? group.metadata.title,
        parentRef: refOf(group.spec?.parent, 'group', namespace),
        budgetAnnotation:
          group.metadata.annotations?.[ANNOTATION_MONTHLY_BUDGET],
      };
    });
    await this.deps.store.syncTeams(teams);
    return { servers: snapshots.length, teams: teams.length };
  }

  private async queryAll(
    filter: Readonly<Record<string, string>>,
    credentials: Awaited<ReturnType<AuthService['getOwnServiceCredentials']>>,
  ): Promise<Entity[]> {
    const entities: Entity[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.catalog.queryEntities(
        cursor ? { cursor, limit: 500 } : { filter, limit: 500 },
        { credentials },
      );
      entities.push(...page.items);
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return entities;
  }
}
