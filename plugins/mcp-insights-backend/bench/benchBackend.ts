/**
 * The insights backend under test: the plugin's services as the plugin wires them
 * (`createInsightsServices`) behind its real router, on a real HTTP server of 127.0.0.1, plus an
 * `/echo` route that only parses the JSON body (the HTTP + JSON ceiling, the ingest baseline).
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { BenchLogger, listenOnLoopback } from '@mcp-platform/bench-utils';
import express from 'express';
import { Knex } from 'knex';
import { performance } from 'node:perf_hooks';
import { Registry } from 'prom-client';
import { readInsightsConfig } from '../src/config/readInsightsConfig';
import { DatabaseInsightsStore } from '../src/database/DatabaseInsightsStore';
import { InsightsStore } from '../src/database/InsightsStore';
import { migrationConfig } from '../src/database/migrations';
import { PendingUsageFolder } from '../src/ingest/PendingUsageFolder';
import { InsightsMetrics } from '../src/metrics/InsightsMetrics';
import { createInsightsServices } from '../src/service/createInsightsServices';
import { createRouter } from '../src/service/createRouter';
import { benchCatalog, CONFIG } from './benchOrganisation';

/** A running backend of the benchmark. */
export interface Backend {
  base: string;
  store: InsightsStore;
  folder: PendingUsageFolder;
  catalog: CatalogService;
  close(): Promise<void>;
}

export async function startBackend(db: Knex): Promise<Backend> {
  await db.migrate.latest(migrationConfig);
  const settings = readInsightsConfig(new ConfigReader(CONFIG));
  const store = DatabaseInsightsStore.fromKnex(db);
  const logger = new BenchLogger({ print: true });
  const catalog = benchCatalog();
  const services = createInsightsServices({
    settings,
    store,
    catalog,
    auth: mockServices.auth(),
    logger,
    // A registry of its own: each database's backend registers the same metrics.
    metrics: new InsightsMetrics(new Registry()),
  });
  const app = express();
  app.post('/echo', express.json({ limit: '8mb' }), (req, res) => {
    res.json({ received: (req.body as { events: unknown[] }).events.length });
  });
  app.use(
    '/api/mcp-insights',
    await createRouter({
      logger,
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      scheduler: mockServices.scheduler(),
      // collector, ingestor, costs, slos, SLO exports, visibility and push scopes
      ...services,
    }),
  );
  app.use(
    (
      error: Error,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      res
        .status(500)
        .json({ error: { name: error.name, message: error.message } });
    },
  );
  const served = await listenOnLoopback(app);
  return {
    base: served.origin,
    store,
    folder: services.folder,
    catalog,
    close: async () => {
      await services.reader.close();
      await served.close();
    },
  };
}

/** A caller: a user entity ref, or `service` (a service principal: no catalog lookup). */
const headersOf = (caller = 'user:default/mock') => ({
  authorization:
    caller === 'service'
      ? mockCredentials.service.header()
      : mockCredentials.user.header(caller),
  'content-type': 'application/json',
});

/** One request as `user`, timed from sending to the last byte of the answer. */
export async function timed(
  url: string,
  init?: RequestInit & { user?: string },
  retried = false,
): Promise<{ elapsed: number; text: string }> {
  const start = performance.now();
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: headersOf(init?.user) });
  } catch (error) {
    // A kept-alive socket the server closed while the benchmark was filling the database.
    if (retried) throw error;
    return timed(url, init, true);
  }
  const text = await response.text();
  const elapsed = performance.now() - start;
  if (!response.ok)
    throw new Error(
      `${url}: ${response.status} ${text.slice(0, 200)} … ${text.slice(-300)}`,
    );
  return { elapsed, text };
}
