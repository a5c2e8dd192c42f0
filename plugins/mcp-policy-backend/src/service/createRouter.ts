import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { PolicyContextProvider } from '@mcp-platform/plugin-mcp-policy-node';
import express from 'express';
import Router from 'express-promise-router';

/** Dependencies of the policy engine's HTTP API. */
export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  contextProviders: PolicyContextProvider[];
}

/** The policy engine's HTTP API, mounted at `/api/mcp-policy`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, contextProviders } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/v1/context-providers', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: contextProviders.map(p => ({ name: p.name })) });
  });

  return router;
}
