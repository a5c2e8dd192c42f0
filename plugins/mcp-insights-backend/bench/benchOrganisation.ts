/**
 * The organisation the insights benchmark measures: 30 teams under 5 departments under one root
 * group, their servers, and the software catalog they are read from.
 */
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ServerRecord } from '../src/database/InsightsStore';
import {
  DAYS,
  department,
  DEPARTMENTS,
  RESTRICTED_USER,
  restrictedFrom,
  ROOT,
  serverRef,
  SERVERS,
  team,
  TEAMS,
} from './benchSettings';

/** The plugin's configuration in the benchmark: prices of three models, budgets of the root and its teams. */
export const CONFIG = {
  mcpInsights: {
    cost: {
      currency: 'USD',
      models: [
        {
          model: 'gpt-4o-mini',
          inputPerMillion: 0.15,
          outputPerMillion: 0.6,
          cachedInputPerMillion: 0.075,
        },
        {
          model: 'claude-3-5-haiku-20241022',
          inputPerMillion: 0.8,
          outputPerMillion: 4,
        },
        {
          model: 'text-embedding-3-small',
          inputPerMillion: 0.02,
          outputPerMillion: 0,
        },
      ],
      budgets: [
        { team: ROOT, monthly: 50_000 },
        ...Array.from({ length: TEAMS }, (_, t) => ({
          team: team(t),
          monthly: 500 + t * 50,
        })),
      ],
    },
    retention: { eventIdDays: 7 },
  },
};

/** The fleet's servers as the catalog sync stores them, each with availability and latency SLOs. */
export function fleetServers(): ServerRecord[] {
  const firstSeen = Date.now() - (DAYS + 1) * 86_400_000;
  return Array.from({ length: SERVERS }, (_, s) => ({
    serverRef: serverRef(s),
    name: `server-${s}`,
    title: `Server ${s}`,
    teamRef: team(s % TEAMS),
    sloAnnotation: `availability=${s % 3 === 0 ? '99.9' : '99.5'},latency-p95=${
      s % 2 ? 2000 : 1500
    }ms,window=30d`,
    firstSeenAt: firstSeen,
    lastSeenAt: firstSeen,
  }));
}

/** The root group, its departments and the teams under them. */
export function fleetTeams() {
  return [
    { teamRef: ROOT, title: 'Engineering' },
    ...Array.from({ length: DEPARTMENTS }, (_, d) => ({
      teamRef: department(d),
      title: `Department ${d}`,
      parentRef: ROOT,
    })),
    ...Array.from({ length: TEAMS }, (_, t) => ({
      teamRef: team(t),
      title: `Team ${t}`,
      parentRef: department(t % DEPARTMENTS),
    })),
  ];
}

/**
 * The catalog as insights reads it: the fleet's server entities and the benchmark users, members
 * of the root group. The restricted user's queries do not return every tenth server, as the
 * catalog does for a user denied `catalog.entity.read` on them.
 */
export function benchCatalog(): CatalogService {
  const api = (s: number): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: `server-${s}`, namespace: 'default' },
    spec: { type: 'mcp-server', owner: team(s % TEAMS) },
  });
  const user = (name: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {},
    relations: [{ type: 'memberOf', targetRef: ROOT }],
  });
  const users = [user('mock'), user('restricted')];
  const servers = Array.from({ length: SERVERS }, (_, s) => s);
  const catalog = catalogServiceMock({
    entities: [...servers.map(api), ...users],
  });
  const restricted = catalogServiceMock({
    entities: [...servers.filter(s => !restrictedFrom(s)).map(api), ...users],
  });
  const queryAll = catalog.queryEntities.bind(catalog);
  catalog.queryEntities = (request, options) => {
    const principal = (
      options as { credentials?: { principal?: { userEntityRef?: string } } }
    )?.credentials?.principal;
    return principal?.userEntityRef === RESTRICTED_USER
      ? restricted.queryEntities(request, options)
      : queryAll(request, options);
  };
  return catalog;
}
