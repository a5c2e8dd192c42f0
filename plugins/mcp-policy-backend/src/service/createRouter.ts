import {
  AuthService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  dryRunRequestSchema,
  evaluateDeploymentRequestSchema,
  evaluateToolCallsRequestSchema,
  EvaluateToolCallsResponse,
  mcpPolicyDecisionsReadPermission,
  mcpPolicyDryRunPermission,
  policyUserSchema,
} from '@mcp-platform/plugin-mcp-policy-common';
import { BasicPermission } from '@backstage/plugin-permission-common';
import { PolicyContextProvider } from '@mcp-platform/plugin-mcp-policy-node';
import express, { Request } from 'express';
import { z } from 'zod';
import { DecisionLog } from '../database/DecisionLog';
import { PolicySetLoader } from '../engine/PolicySetLoader';
import { createOpenApiRouter, spec } from '../schema/openapi/generated/router';
import { DecisionAccess } from './DecisionAccess';
import { describePolicy, describePolicySet } from './describePolicySet';
import { DryRunSandbox, DryRunStoppedError } from './DryRunSandbox';
import { PolicyDecisionService } from './PolicyDecisionService';
import {
  CandidatePoliciesRejectedError,
  PolicyDryRunService,
} from './PolicyDryRunService';

/** Dependencies of the policy engine's HTTP API. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  auth: AuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  decisions: PolicyDecisionService;
  loader: PolicySetLoader;
  log: DecisionLog;
  contextProviders: PolicyContextProvider[];
  dryRuns: DryRunSandbox;
}

function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${result.error.issues
        .map(i => `${i.path.join('.') || 'value'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}

/** Body of `POST /v1/permissions/evaluate`; exported for the OpenAPI document's test. */
export const evaluatePermissionRequestSchema = z
  .object({
    user: policyUserSchema,
    permission: z
      .object({
        name: z.string().min(1).max(256),
        action: z.string().max(32).optional(),
        resourceRef: z.string().max(1024).optional(),
      })
      .strict(),
    record: z.boolean().optional(),
  })
  .strict();

/** Query of `GET /v1/decisions`; exported for the OpenAPI document's test. */
export const decisionsQuery = z
  .object({
    kind: z.enum(['deployment', 'tool-call', 'permission']).optional(),
    result: z.enum(['allow', 'deny']).optional(),
    principal: z.string().max(512).optional(),
    user: z.string().max(512).optional(),
    rule: z.string().max(256).optional(),
    subject: z.string().max(256).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(32).optional(),
    includeInput: z
      .enum(['true', 'false'])
      .transform(v => v === 'true')
      .optional(),
  })
  .strict();

/** A request of any route, whatever its parameters, body and query. */
type AnyRouteRequest = Request<object, any, unknown, object>;

/** The policy engine's HTTP API, mounted at `/api/mcp-policy`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, decisions, loader, log } = options;
  const access = new DecisionAccess(options);
  const dryRuns = new PolicyDryRunService({
    sandbox: options.dryRuns,
    loader,
    log,
  });
  const describeOptions = () => ({
    state: loader.current(),
    log,
    defaults: {
      toolCallDefault: decisions.toolCallDefault,
      permissionDefault: decisions.permissionDefault,
    },
  });
  const router = createOpenApiRouter();
  router.use(express.json({ limit: '1mb' }));

  const signedIn = (req: AnyRouteRequest) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  const authorize = async (
    req: AnyRouteRequest,
    permission: BasicPermission,
  ) => {
    const credentials = await signedIn(req);
    await access.require(
      credentials,
      permission,
      `${req.method} ${req.baseUrl}${req.path}`,
    );
    return credentials;
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Where Backstage's tooling looks for a plugin's document (getOpenApiSpecRoute).
  router.get('/openapi.json', async (req, res) => {
    await signedIn(req);
    res.json(spec);
  });

  router.get('/v1/context-providers', async (req, res) => {
    await signedIn(req);
    res.json({
      items: options.contextProviders.map(p => ({ name: p.name })),
    });
  });

  router.get('/v1/policies', async (req, res) => {
    await signedIn(req);
    res.json(await describePolicySet(describeOptions()));
  });

  router.get('/v1/policies/:name', async (req, res) => {
    await signedIn(req);
    res.json(await describePolicy(req.params.name, describeOptions()));
  });

  router.post('/v1/deployments/evaluate', async (req, res) => {
    const credentials = await signedIn(req);
    const body = parseInput(
      evaluateDeploymentRequestSchema,
      req.body,
      'deployment evaluation request',
    );
    res.json(
      await decisions.evaluateDeployment(body.deployment, {
        principal: access.principalOf(credentials),
        record: body.record ?? true,
      }),
    );
  });

  router.post('/v1/tool-calls/evaluate', async (req, res) => {
    const credentials = await signedIn(req);
    const body = parseInput(
      evaluateToolCallsRequestSchema,
      req.body,
      'tool-call evaluation request',
    );
    const { user, record } = await access.subjectOf(
      credentials,
      body.user,
      body.record,
      'tool calls',
    );
    const response: EvaluateToolCallsResponse = {
      user: user.ref,
      decisions: await decisions.evaluateToolCalls(
        { ...user, team: body.user?.team },
        body.tools,
        { principal: access.principalOf(credentials), record },
      ),
    };
    res.json(response);
  });

  router.post('/v1/permissions/evaluate', async (req, res) => {
    const credentials = await signedIn(req);
    const body = parseInput(
      evaluatePermissionRequestSchema,
      req.body,
      'permission evaluation request',
    );
    const { user, record } = await access.subjectOf(
      credentials,
      body.user,
      body.record,
      'permissions',
    );
    res.json(
      await decisions.evaluatePermission(
        user,
        {
          name: body.permission.name,
          action: body.permission.action ?? '',
          resourceRef: body.permission.resourceRef ?? '',
        },
        { principal: access.principalOf(credentials), record },
      ),
    );
  });

  router.post('/v1/dry-run', async (req, res) => {
    const credentials = await authorize(req, mcpPolicyDryRunPermission);
    const body = parseInput(dryRunRequestSchema, req.body, 'dry-run request');
    // A candidate reads every input it replays (a message built from the input, or counts of a
    // condition on it), so the replay covers only the decisions the caller may read: all of them
    // with the permission to read decisions, otherwise those about or asked by the caller.
    const involving = (await access.allows(
      credentials,
      mcpPolicyDecisionsReadPermission,
    ))
      ? undefined
      : access.principalOf(credentials);
    const errorBody = (statusCode: number, error: Error) => ({
      error: { name: error.name, message: error.message },
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode },
    });
    try {
      res.json(await dryRuns.run(body, { involving }));
    } catch (error) {
      if (error instanceof DryRunStoppedError) {
        // The candidates are at fault, not the server: a client error that says which limit.
        res.status(422).json(errorBody(422, error));
      } else if (error instanceof CandidatePoliciesRejectedError) {
        // Backstage's error body, plus the load errors with file, line and rule.
        res
          .status(400)
          .json({ ...errorBody(400, error), errors: error.errors });
      } else {
        throw error;
      }
    }
  });

  router.get('/v1/decisions', async (req, res) => {
    await authorize(req, mcpPolicyDecisionsReadPermission);
    const q = parseInput(decisionsQuery, req.query, 'decision log query');
    res.json(
      await log.query({
        ...q,
        since: q.since ? new Date(q.since) : undefined,
        until: q.until ? new Date(q.until) : undefined,
      }),
    );
  });

  router.get('/v1/decisions/:id', async (req, res) => {
    await authorize(req, mcpPolicyDecisionsReadPermission);
    const entry = await log.get(req.params.id);
    if (!entry) {
      throw new NotFoundError(`No decision with id ${req.params.id}`);
    }
    res.json(entry);
  });

  return router;
}
