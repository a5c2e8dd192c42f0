import { mcpServerEntityRef } from '@mcp-platform/plugin-mcp-catalog-common';
import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  computeCostEstimateRequestSchema,
  DIRECT_USAGE,
  mcpInsightsCollectPermission,
  mcpInsightsUsagePushPermission,
  parseSloAnnotation,
  SloAnnotationError,
  UNALLOCATED_TEAM,
} from '@mcp-platform/plugin-mcp-insights-common';
import express from 'express';
import { z } from 'zod';
import { HiddenServers, ServerVisibility } from '../access/ServerVisibility';
import { AlertNotifier } from '../alerts/AlertNotifier';
import {
  ALERTS_TASK_ID,
  COLLECT_TASK_ID,
} from '../collection/scheduleInsightsTasks';
import { UsageCollector } from '../collection/UsageCollector';
import { CostServices } from '../cost/createCostServices';
import { SloExports } from '../export/SloExports';
import { ServerDirectory } from '../ingest/ServerDirectory';
import {
  UsageEventIngestor,
  usageEventBatchSchema,
} from '../ingest/UsageEventIngestor';
import { UsagePushScopes } from '../ingest/UsagePushScopes';
import { createOpenApiRouter, spec } from '../schema/openapi/generated/router';
import { SloEvaluator } from '../slo/SloEvaluator';
import { parseInput } from './parseInput';

/** Dependencies of the insights HTTP API. */
export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  collector: Pick<UsageCollector, 'status'>;
  ingestor: UsageEventIngestor;
  costs: CostServices;
  slos: Pick<SloEvaluator, 'list' | 'detail' | 'policyContext'>;
  /** Prometheus rules and Grafana dashboards from the SLOs. */
  sloExports: SloExports;
  /** Sends alerts as notifications; absent when they are switched off. */
  alerts?: Pick<AlertNotifier, 'lastRun'>;
  /** Which servers a caller may not see (catalog read permission). */
  visibility: Pick<ServerVisibility, 'hiddenFrom'>;
  /** Which servers a caller may push usage for. */
  pushScopes: Pick<UsagePushScopes, 'forCaller'>;
}

const month = z
  .string()
  .regex(/^\d{4}-\d{2}$/, { error: 'must look like 2026-11' })
  .optional();
const teamRef = z
  .string()
  .min(1)
  .max(500)
  .transform(v => v.trim().toLocaleLowerCase('en-US'))
  .refine(v => v === UNALLOCATED_TEAM || /^[a-z0-9-]+:[^/]+\/.+$/.test(v), {
    error: `must be an entity ref such as group:default/payments, or ${UNALLOCATED_TEAM}`,
  });
/** A consuming team: a team, or the spend no team is charged with. */
const consumerRef = z
  .string()
  .min(1)
  .max(500)
  .transform(v => v.trim().toLocaleLowerCase('en-US'))
  .refine(
    v =>
      v === UNALLOCATED_TEAM ||
      v === DIRECT_USAGE ||
      /^[a-z0-9-]+:[^/]+\/.+$/.test(v),
    {
      error: `must be an entity ref such as group:default/payments, ${UNALLOCATED_TEAM} or ${DIRECT_USAGE}`,
    },
  );

/** A server as a query parameter: a name or an entity ref, normalised by the route. */
const serverParam = z.string().min(1).max(500);
/** A server given as a name or entity ref, as an entity ref; a malformed one is a 400. */
const serverRefOf = (value: string) => ServerDirectory.normalize(value);

/**
 * The query of each route that takes one, by the route's `operationId` in `openapi.yaml`
 * (exported for the document's test, which checks that it documents these).
 */
export const routeQueries = {
  listTeamCosts: z.object({ month }),
  getTeamCostReport: z.object({ team: teamRef, month }),
  listConsumerCosts: z.object({ month }),
  getConsumerCostReport: z.object({ team: consumerRef, month }),
  getServerCostReport: z.object({ month }),
  exportCostCsv: z
    .object({
      team: consumerRef.optional(),
      month,
      level: z.enum(['server', 'tool']).default('server'),
      view: z.enum(['owning', 'consuming']).default('owning'),
    })
    .refine(q => q.view === 'consuming' || q.team !== DIRECT_USAGE, {
      error: `${DIRECT_USAGE} is a consumer: pass view=consuming`,
      path: ['team'],
    }),
  listSloServers: z.object({
    team: teamRef.optional(),
    status: z.enum(['page', 'ticket', 'ok']).optional(),
  }),
  pushUsageEvents: z.object({ wait: z.enum(['true', 'false']).optional() }),
  exportPrometheusRules: z.object({ server: serverParam.optional() }),
  getBudgetPolicyContext: z
    .object({
      team: teamRef.optional(),
      server: serverParam.optional(),
    })
    .refine(q => q.team || q.server, { error: 'pass team or server' }),
  getServerBudgetPolicyContext: z.object({ server: serverParam }),
  getSloPolicyContext: z.object({ server: serverParam }),
};

/** A request of any route, as `httpAuth` takes it. */
type AnyRouteRequest = Parameters<HttpAuthService['credentials']>[0];

/** The server of a `/:namespace/:name` route. */
const entityRef = (req: { params: { namespace: string; name: string } }) =>
  mcpServerEntityRef(req.params.namespace, req.params.name);

/** The insights HTTP API, mounted at `/api/mcp-insights`. See the README for the routes. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, costs, slos, collector, visibility } = options;
  const router = createOpenApiRouter();
  router.use('/v1/usage/events', express.json({ limit: '8mb' }));
  router.use(express.json({ limit: '64kb' }));

  const authenticate = (req: AnyRouteRequest) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  /** Authenticates and returns the servers the caller may not see. */
  const hiddenFor = async (req: AnyRouteRequest): Promise<HiddenServers> =>
    visibility.hiddenFrom(await authenticate(req));
  /** A server the caller may not see is answered like one that does not exist. */
  const notFound = (ref: string) => new NotFoundError(`No MCP server ${ref}`);
  const authorize = async (
    req: AnyRouteRequest,
    permission: BasicPermission,
  ) => {
    const credentials = await authenticate(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You lack the ${permission.name} permission`);
    }
    return credentials;
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Where Backstage's tooling looks for a plugin's document (getOpenApiSpecRoute).
  router.get('/openapi.json', async (req, res) => {
    await authenticate(req);
    res.json(spec);
  });

  // Lets authors check an SLO annotation before they commit it.
  router.get('/v1/slo/parse', async (req, res) => {
    await authenticate(req);
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

  router.get('/v1/cost/teams', async (req, res) => {
    const hidden = await hiddenFor(req);
    const query = parseInput(routeQueries.listTeamCosts, req.query, 'query');
    res.json(await costs.reports.teams(query.month, hidden));
  });

  router.get('/v1/cost/report', async (req, res) => {
    const hidden = await hiddenFor(req);
    const query = parseInput(
      routeQueries.getTeamCostReport,
      req.query,
      'query',
    );
    const report = await costs.reports.teamReport(
      query.team,
      query.month,
      hidden,
    );
    if (!report) {
      throw new NotFoundError(
        `No team ${query.team}: it is not a group in the catalog and has no spend`,
      );
    }
    res.json(report);
  });

  router.get('/v1/cost/consumers', async (req, res) => {
    const hidden = await hiddenFor(req);
    const query = parseInput(
      routeQueries.listConsumerCosts,
      req.query,
      'query',
    );
    res.json(await costs.consumers.consumers(query.month, hidden));
  });

  router.get('/v1/cost/consumers/report', async (req, res) => {
    const hidden = await hiddenFor(req);
    const query = parseInput(
      routeQueries.getConsumerCostReport,
      req.query,
      'query',
    );
    const report = await costs.consumers.consumerReport(
      query.team,
      query.month,
      hidden,
    );
    if (!report) {
      throw new NotFoundError(
        `No consuming team ${query.team}: it is not a group in the catalog and called no server through the MCP gateway`,
      );
    }
    res.json(report);
  });

  router.get('/v1/cost/servers/:namespace/:name', async (req, res) => {
    const hidden = await hiddenFor(req);
    const query = parseInput(
      routeQueries.getServerCostReport,
      req.query,
      'query',
    );
    const ref = entityRef(req);
    if (hidden.has(ref)) throw notFound(ref);
    const report = await costs.reports.serverReport(ref, query.month);
    if (!report) throw notFound(ref);
    res.json(report);
  });

  router.get('/v1/cost/export.csv', async (req, res) => {
    const hidden = await hiddenFor(req);
    const query = parseInput(routeQueries.exportCostCsv, req.query, 'query');
    const csv = await (query.view === 'consuming'
      ? costs.consumers.csv(query.team, query.month, hidden)
      : costs.csv.render(query.team, query.month, query.level, hidden));
    if (csv === undefined) throw new NotFoundError(`No team ${query.team}`);
    const name = `mcp-cost-${query.view === 'consuming' ? 'consumers-' : ''}${(
      query.team ?? 'all'
    ).replace(/[^a-z0-9-]+/g, '-')}-${
      query.month ?? new Date().toISOString().slice(0, 7)
    }.csv`;
    res.type('text/csv; charset=utf-8').attachment(name).send(csv);
  });

  // A read, though a POST: the template's review step asks before the server exists.
  router.post('/v1/cost/estimate', async (req, res) => {
    await authenticate(req);
    const request = parseInput(
      computeCostEstimateRequestSchema,
      req.body,
      'estimate request',
    );
    res.json(costs.estimateCompute(request));
  });

  router.get('/v1/pricing', async (req, res) => {
    res.json(await costs.pricing(await hiddenFor(req)));
  });

  router.get('/v1/slo/servers', async (req, res) => {
    const hidden = await hiddenFor(req);
    const query = parseInput(routeQueries.listSloServers, req.query, 'query');
    res.json(
      await slos.list({ team: query.team, status: query.status, hidden }),
    );
  });

  router.get('/v1/slo/servers/:namespace/:name', async (req, res) => {
    const hidden = await hiddenFor(req);
    const ref = entityRef(req);
    const detail = hidden.has(ref) ? undefined : await slos.detail(ref);
    if (!detail) throw notFound(ref);
    res.json(detail);
  });

  router.post('/v1/usage/events', async (req, res) => {
    const credentials = await authorize(req, mcpInsightsUsagePushPermission);
    const { events } = parseInput(
      usageEventBatchSchema,
      req.body,
      'usage batch',
    );
    const { wait } = parseInput(
      routeQueries.pushUsageEvents,
      req.query,
      'query',
    );
    const scope = await options.pushScopes.forCaller(credentials);
    res.json(
      await options.ingestor.ingest(events, { wait: wait === 'true', scope }),
    );
  });

  router.get('/v1/collection/status', async (req, res) => {
    const hidden = await hiddenFor(req);
    res.json(await collector.status(hidden));
  });

  router.post('/v1/collection/run', async (req, res) => {
    await authorize(req, mcpInsightsCollectPermission);
    // Through the scheduler, so a run never overlaps the scheduled one on another replica.
    await options.scheduler.triggerTask(COLLECT_TASK_ID);
    res.status(202).json(await collector.status());
  });

  router.post('/v1/alerts/run', async (req, res) => {
    await authorize(req, mcpInsightsCollectPermission);
    if (!options.alerts)
      throw new NotFoundError(
        'Alert notifications are switched off (mcpInsights.alerts.notifications.enabled: false)',
      );
    // Through the scheduler, so an evaluation never overlaps the scheduled one on another
    // replica; a transition is sent once either way (see AlertNotifier).
    await options.scheduler.triggerTask(ALERTS_TASK_ID);
    res.status(202).json(await options.alerts.lastRun());
  });

  router.get('/v1/export/prometheus-rules', async (req, res) => {
    const hidden = await hiddenFor(req);
    const query = parseInput(
      routeQueries.exportPrometheusRules,
      req.query,
      'query',
    );
    const serverRef = query.server ? serverRefOf(query.server) : undefined;
    const rules = await options.sloExports.prometheusRules({
      serverRef,
      hidden,
    });
    if (rules === undefined) throw notFound(serverRef!);
    res.type('application/yaml; charset=utf-8').send(rules);
  });

  router.get('/v1/export/grafana/:namespace/:name', async (req, res) => {
    const hidden = await hiddenFor(req);
    const ref = entityRef(req);
    const dashboard = await options.sloExports.grafanaDashboard(ref, hidden);
    if (!dashboard) throw notFound(ref);
    res.json(dashboard);
  });

  router.get('/v1/policy-context/budget', async (req, res) => {
    const hidden = await hiddenFor(req);
    const query = parseInput(
      routeQueries.getBudgetPolicyContext,
      req.query,
      'query',
    );
    // A server the caller may not see is answered like an unknown one: unallocated.
    const team =
      query.team ??
      (await costs.budgets.owningTeam(serverRefOf(query.server!), hidden));
    res.json(await costs.budgets.team(team, hidden));
  });

  router.get('/v1/policy-context/server-budget', async (req, res) => {
    const hidden = await hiddenFor(req);
    const query = parseInput(
      routeQueries.getServerBudgetPolicyContext,
      req.query,
      'query',
    );
    res.json(await costs.budgets.server(serverRefOf(query.server), hidden));
  });

  router.get('/v1/policy-context/slo', async (req, res) => {
    const hidden = await hiddenFor(req);
    const query = parseInput(
      routeQueries.getSloPolicyContext,
      req.query,
      'query',
    );
    res.json(await slos.policyContext(serverRefOf(query.server), hidden));
  });

  return router;
}
