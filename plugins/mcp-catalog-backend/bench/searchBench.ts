/* eslint-disable no-console */
/**
 * 2. Tool search over the HTTP API: GET /v1/tools through the real router on a database filled
 * with SEARCH_TOOLS tools (searchFill.ts), on SQLite and PostgreSQL. Baseline: as many GET
 * /health requests, the HTTP stack alone. The user may read every catalog entity; the same
 * searches then run as users whom a conditional policy lets see half the servers, or
 * SEARCH_FEW_VISIBLE (the catalog's answer stands in for the catalog).
 */
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  BenchLogger,
  formatMs as ms,
  listenOnLoopback,
  sortedAscending,
} from '@mcp-platform/bench-utils';
import express from 'express';
import { Knex } from 'knex';
import { performance } from 'node:perf_hooks';
import { DatabaseMcpCatalogStore } from '../src/database/DatabaseMcpCatalogStore';
import { migrationConfig } from '../src/database/migrations';
import { DiscoveryScheduler } from '../src/discovery/DiscoveryScheduler';
import { RiskScanner } from '../src/scan/RiskScanner';
import { createRouter } from '../src/service/createRouter';
import { readCatalogConfig } from '../src/service/readCatalogConfig';
import { VisibleMcpServers } from '../src/service/VisibleMcpServers';
import {
  SEARCH_FEW_VISIBLE,
  SEARCH_ROUNDS,
  SEARCH_WARMUP_REQUESTS,
} from './benchSettings';
import { fillStore } from './searchFill';
import {
  QUERY_MIX,
  queryPlans,
  SearchQuery,
  SqlStatement,
  SqlTimes,
  timeSql,
} from './searchQueries';
import {
  catalogDataSource,
  conditionalCatalogRead,
  noAuditing,
  serverEntity,
  serviceAuth,
} from './standIns';

/** The same searches by a user the catalog shows only some servers to. */
export interface VisibilityVariant {
  name: string;
  visibleServers: number;
  search: number[];
  byKind: Map<string, number[]>;
}

/** Figures of the search benchmark on one database. */
export interface SearchResult {
  database: string;
  fillMs: number;
  tools: number;
  servers: number;
  requests: number;
  search: number[];
  health: number[];
  byKind: Map<string, { latencies: number[]; sql: SqlTimes[] }>;
  byQuery: Map<string, number[]>;
  plans: string[];
  variants: VisibilityVariant[];
}

/**
 * Fills the database, then times GET /v1/tools through the real router (the query mix, round
 * after round, one request at a time) against GET /health, first for a user who may read every
 * server, then for users the catalog shows only some servers to.
 */
export async function benchSearch(
  database: string,
  db: Knex,
): Promise<SearchResult> {
  await db.migrate.latest(migrationConfig);
  const fillStart = performance.now();
  const filled = await fillStore(db);
  // A database that has been in use has statistics and a visibility map (autovacuum keeps
  // both); freshly filled PostgreSQL tables have neither yet, and whether autovacuum reaches
  // them during the run is luck. Without the map, index-only scans still visit the table.
  if (db.client.config.client === 'pg') await db.raw('vacuum analyze');
  const fillMs = performance.now() - fillStart;
  console.log(
    `${database}: stored ${filled.tools} tools of ${
      filled.servers
    } servers in ${ms(fillMs)}`,
  );

  const logger = new BenchLogger();
  const config = readCatalogConfig(new ConfigReader({}));
  const store = DatabaseMcpCatalogStore.fromKnex(db);
  const everyEntity = filled.serverNames.map(serverEntity);
  // Never run here; the router only needs it for manual refreshes.
  const scheduler = new DiscoveryScheduler({
    store,
    catalog: catalogDataSource([]),
    auth: serviceAuth(),
    logger,
    fetchFor: () => () =>
      Promise.reject(new Error('no discovery in the search benchmark')),
    scanner: new RiskScanner(),
    settings: config.discovery,
  });
  const routerSeeing = (visibleServers: VisibleMcpServers) =>
    createRouter({
      logger,
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      auditor: noAuditing(),
      store,
      scheduler,
      visibleServers,
      registry: {
        namespace: 'internal.backstage',
        gate: {
          lifecycles: ['production'],
          maxFindingSeverity: 'low',
          requireApprovedTools: true,
        },
      },
    });
  const app = express();
  // The main figures: the user may read every entity (an unconditional allow, as most policies
  // give), so no server is hidden.
  app.use(
    '/api/mcp-catalog',
    await routerSeeing(
      new VisibleMcpServers({
        catalog: catalogDataSource(everyEntity),
        permissions: mockServices.permissions(),
      }),
    ),
  );
  // Variants: a conditional policy under which the catalog shows the user only some servers.
  const variantSpecs = [
    {
      name: 'user sees half the servers',
      entities: everyEntity.filter((_, i) => i % 2 === 0),
    },
    {
      name: `user sees ${SEARCH_FEW_VISIBLE} servers`,
      // Spread over the listing order, as a team's servers would be.
      entities: everyEntity
        .filter(
          (_, i) =>
            i %
              Math.max(
                1,
                Math.floor(everyEntity.length / SEARCH_FEW_VISIBLE),
              ) ===
            0,
        )
        .slice(0, SEARCH_FEW_VISIBLE),
    },
  ].map((spec, i) => ({ ...spec, prefix: `/variant-${i}/api/mcp-catalog` }));
  for (const spec of variantSpecs) {
    app.use(
      spec.prefix,
      await routerSeeing(
        new VisibleMcpServers({
          catalog: catalogDataSource(spec.entities),
          permissions: conditionalCatalogRead(),
        }),
      ),
    );
  }
  app.use(
    MiddlewareFactory.create({ config: new ConfigReader({}), logger }).error(),
  );
  const served = await listenOnLoopback(app);
  const { origin } = served;
  const base = `${origin}/api/mcp-catalog`;
  const headers = { authorization: mockCredentials.user.header() };
  const sql = timeSql(db);

  const get = async (path: string, root = base) => {
    const start = performance.now();
    const response = await fetch(`${root}${path}`, { headers });
    const body = await response.text();
    const elapsed = performance.now() - start;
    if (!response.ok)
      throw new Error(`GET ${path}: ${response.status} ${body.slice(0, 300)}`);
    return { elapsed, body };
  };
  const pathOf = (q: SearchQuery) =>
    `/v1/tools?${new URLSearchParams(q.params).toString()}`;

  try {
    for (let i = 0; i < SEARCH_WARMUP_REQUESTS; i++)
      await get(pathOf(QUERY_MIX[i % QUERY_MIX.length]));
    sql.take();

    const search: number[] = [];
    const byKind = new Map<string, { latencies: number[]; sql: SqlTimes[] }>();
    const byQuery = new Map<string, number[]>();
    let slowest = { elapsed: 0, statements: [] as SqlStatement[] };
    for (let round = 0; round < SEARCH_ROUNDS; round++) {
      for (const query of QUERY_MIX) {
        sql.take();
        const path = pathOf(query);
        const { elapsed } = await get(path);
        const statements = sql.statements();
        const times = sql.take();
        search.push(elapsed);
        const entry = byKind.get(query.kind) ?? { latencies: [], sql: [] };
        entry.latencies.push(elapsed);
        entry.sql.push(times);
        byKind.set(query.kind, entry);
        byQuery.set(path, [...(byQuery.get(path) ?? []), elapsed]);
        if (elapsed > slowest.elapsed) slowest = { elapsed, statements };
      }
    }

    // Baseline: the same number of requests, to the route that does no work.
    for (let i = 0; i < SEARCH_WARMUP_REQUESTS; i++) await get('/health');
    const health: number[] = [];
    for (let i = 0; i < search.length; i++)
      health.push((await get('/health')).elapsed);

    // Query plans of the slowest request, to explain where its time goes.
    const plans = await queryPlans(db, slowest.statements);

    const variants: VisibilityVariant[] = [];
    for (const spec of variantSpecs) {
      const root = `${origin}${spec.prefix}`;
      const visible = new Set(
        spec.entities.map(e => `api:default/${e.metadata.name}`),
      );
      for (let i = 0; i < SEARCH_WARMUP_REQUESTS; i++)
        await get(pathOf(QUERY_MIX[i % QUERY_MIX.length]), root);
      const latencies: number[] = [];
      const variantByKind = new Map<string, number[]>();
      for (let round = 0; round < SEARCH_ROUNDS; round++) {
        for (const query of QUERY_MIX) {
          const { elapsed, body } = await get(pathOf(query), root);
          // Figures of a filter that lets hidden tools through would mean nothing.
          const hidden = (
            JSON.parse(body) as { items: { serverRef: string }[] }
          ).items.find(t => !visible.has(t.serverRef));
          if (hidden)
            throw new Error(
              `${spec.name}: ${pathOf(query)} returned ${
                hidden.serverRef
              }, which the user may not see`,
            );
          latencies.push(elapsed);
          variantByKind.set(query.kind, [
            ...(variantByKind.get(query.kind) ?? []),
            elapsed,
          ]);
        }
      }
      variants.push({
        name: spec.name,
        visibleServers: spec.entities.length,
        search: sortedAscending(latencies),
        byKind: variantByKind,
      });
    }
    return {
      database,
      fillMs,
      tools: filled.tools,
      servers: filled.servers,
      variants,
      requests: search.length,
      search: sortedAscending(search),
      health: sortedAscending(health),
      byKind,
      byQuery,
      plans: [`slowest request ${ms(slowest.elapsed)}`, ...plans],
    };
  } finally {
    await served.close();
  }
}
