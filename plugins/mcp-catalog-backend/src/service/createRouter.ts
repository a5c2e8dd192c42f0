import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';

/** Dependencies of the MCP catalog's HTTP API. */
export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  db: Knex;
}

/** The MCP catalog's HTTP API, mounted at `/api/mcp-catalog`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, db } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/v1/servers/status', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const rows = await db('mcp_catalog_servers')
      .select('entity_ref', 'status', 'last_success_at', 'last_error')
      .orderBy('entity_ref');
    res.json({
      items: rows.map(r => ({
        entityRef: r.entity_ref,
        status: r.status,
        lastSuccessAt: r.last_success_at
          ? new Date(r.last_success_at).toISOString()
          : null,
        lastError: r.last_error,
      })),
    });
  });

  return router;
}
