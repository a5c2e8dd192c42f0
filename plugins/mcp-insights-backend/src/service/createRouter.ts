import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  parseSloAnnotation,
  SloAnnotationError,
} from '@mcp-platform/plugin-mcp-insights-common';
import express from 'express';
import Router from 'express-promise-router';

/** Dependencies of the insights HTTP API. */
export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
}

/** The insights HTTP API, mounted at `/api/mcp-insights`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Lets authors check an SLO annotation before they commit it.
  router.get('/v1/slo/parse', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const value = req.query.annotation;
    if (typeof value !== 'string') {
      throw new InputError(
        'Pass the annotation value as ?annotation=availability=99.9,...',
      );
    }
    try {
      res.json({ slo: parseSloAnnotation(value) });
    } catch (error) {
      if (error instanceof SloAnnotationError)
        throw new InputError(error.message);
      throw error;
    }
  });

  return router;
}
