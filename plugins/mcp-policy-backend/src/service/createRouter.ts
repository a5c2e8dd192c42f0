import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  dryRunRequestSchema,
  evaluateDeploymentRequestSchema,
  evaluateToolCallsRequestSchema,
  EvaluateToolCallsResponse,
  mcpPolicyDecisionsReadPermission,
  mcpPolicyDryRunPermission,
  PolicyInfo,
  PolicySetInfo,
  policyUserSchema,
} from '@mcp-platform/plugin-mcp-policy-common';
import { PolicyContextProvider } from '@mcp-platform/plugin-mcp-policy-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { DecisionLog } from '../database/DecisionLog';
import { PolicySetLoader } from '../engine/PolicySetLoader';
import { DryRunSandbox, DryRunStoppedError } from './DryRunSandbox';
import { PolicyDecisionService } from './PolicyDecisionService';

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

const evaluatePermissionRequestSchema = z
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

const decisionsQuery = z
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

/** The policy engine's HTTP API, mounted at `/api/mcp-policy`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    auth,
    userInfo,
    permissions,
    decisions,
    loader,
    log,
    dryRuns,
  } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  const principalOf = (credentials: BackstageCredentials): string => {
    if (auth.isPrincipal(credentials, 'user')) {
      return credentials.principal.userEntityRef;
    }
    if (auth.isPrincipal(credentials, 'service')) {
      return credentials.principal.subject;
    }
    return 'none';
  };

  const requirePermission = async (
    credentials: BackstageCredentials,
    permission: BasicPermission,
    why: string,
  ) => {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${why} needs the permission ${permission.name}; ask your platform team`,
      );
    }
  };

  const authorize = async (
    req: Request,
    permission: BasicPermission,
  ): Promise<BackstageCredentials> => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermission(
      credentials,
      permission,
      `${req.method} ${req.baseUrl}${req.path}`,
    );
    return credentials;
  };

  /**
   * Who a tool-call or permission question is about, and whether it is recorded. Anyone may ask
   * about themselves. An answer about someone else shows what they may do, so asking needs the
   * permission to read decisions (Backstage grants it to services unless their access is
   * restricted). Decisions are recorded by default only for services, the enforcement points
   * (the permission module, the gateway); a user's question is a what-if unless they ask to
   * record it, and only about themselves: nothing is ever logged in another user's name on a
   * user's say-so.
   *
   * Groups a caller sends are trusted from services only (the permission module passes the
   * user's ownership refs); a signed-in user asking about themselves gets the groups from their
   * token, and anyone else's groups come from the catalog.
   */
  const subjectOf = async (
    credentials: BackstageCredentials,
    requested: { ref: string; groups?: string[] } | undefined,
    record: boolean | undefined,
    what: string,
  ): Promise<{
    user: { ref: string; trustedGroups?: string[] };
    record: boolean;
  }> => {
    if (auth.isPrincipal(credentials, 'service')) {
      if (!requested) {
        throw new InputError(
          'user is required when a service asks; pass {"user": {"ref": "user:default/jane"}}',
        );
      }
      await requirePermission(
        credentials,
        mcpPolicyDecisionsReadPermission,
        `Asking about ${what} of ${requested.ref}`,
      );
      return {
        user: { ref: requested.ref, trustedGroups: requested.groups },
        record: record ?? true,
      };
    }
    if (!auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(`Sign in to ask about ${what}`);
    }
    const self = credentials.principal.userEntityRef;
    if (!requested || requested.ref === self) {
      const info = await userInfo.getUserInfo(credentials);
      return {
        user: { ref: self, trustedGroups: info.ownershipEntityRefs },
        record: record ?? false,
      };
    }
    await requirePermission(
      credentials,
      mcpPolicyDecisionsReadPermission,
      `You may ask about your own ${what}; asking about ${requested.ref}'s`,
    );
    if (record) {
      throw new NotAllowedError(
        `Decisions about ${requested.ref} are not recorded on your request; only services that enforce decisions record them in another user's name. Leave out record: true.`,
      );
    }
    return { user: { ref: requested.ref }, record: false };
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/v1/context-providers', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({
      items: options.contextProviders.map(p => ({ name: p.name })),
    });
  });

  router.get('/v1/policies', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await policySetInfo());
  });

  router.get('/v1/policies/:name', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const info = await policySetInfo();
    const policy = info.policies.find(p => p.name === req.params.name);
    if (!policy) {
      throw new NotFoundError(
        `No policy named "${req.params.name}" is loaded; GET /v1/policies lists them`,
      );
    }
    res.json(policy);
  });

  async function policySetInfo(): Promise<PolicySetInfo> {
    const state = loader.current();
    const counts = await log.firedCounts(
      new Date(Date.now() - 7 * 24 * 3600 * 1000),
    );
    const policies: PolicyInfo[] = (state.set?.policies ?? []).map(p => ({
      name: p.name,
      description: p.description,
      source: p.source,
      rules: Object.values(state.set!.rules)
        .flat()
        .filter(r => r.policy === p.name)
        .map(r => ({
          id: r.id,
          name: r.definition.name,
          description: r.definition.description,
          target: r.target,
          effect: r.effect,
          condition: r.definition.condition,
          message: r.message,
          messageExpression: r.definition.messageExpression,
          rateLimit: r.definition.rateLimit,
          match: r.definition.match,
          requires: r.requires,
          firedLast7Days: counts.get(r.id) ?? 0,
        })),
    }));
    return {
      policySetDigest: state.set?.digest ?? 'none',
      loadedAt: (state.loadedAt ?? state.lastAttemptAt).toISOString(),
      lastLoadAttemptAt: state.lastAttemptAt.toISOString(),
      errors: state.errors,
      toolCallDefault: decisions.toolCallDefault,
      permissionDefault: decisions.permissionDefault,
      policies,
    };
  }

  router.post('/v1/deployments/evaluate', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const body = parseInput(
      evaluateDeploymentRequestSchema,
      req.body,
      'deployment evaluation request',
    );
    const decision = await decisions.evaluateDeployment(body.deployment, {
      principal: principalOf(credentials),
      record: body.record ?? true,
    });
    res.json(decision);
  });

  router.post('/v1/tool-calls/evaluate', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const body = parseInput(
      evaluateToolCallsRequestSchema,
      req.body,
      'tool-call evaluation request',
    );
    const { user, record } = await subjectOf(
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
        {
          principal: principalOf(credentials),
          record,
        },
      ),
    };
    res.json(response);
  });

  router.post('/v1/permissions/evaluate', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const body = parseInput(
      evaluatePermissionRequestSchema,
      req.body,
      'permission evaluation request',
    );
    const { user, record } = await subjectOf(
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
        { principal: principalOf(credentials), record },
      ),
    );
  });

  router.post('/v1/dry-run', async (req, res) => {
    const credentials = await authorize(req, mcpPolicyDryRunPermission);
    const body = parseInput(dryRunRequestSchema, req.body, 'dry-run request');
    // A candidate reads every input it replays (a message built from the input, or counts of a
    // condition on it), so the replay covers only the decisions the caller may read: all of them
    // with the permission to read decisions, otherwise those about or asked by the caller.
    const [readDecisions] = await permissions.authorize(
      [{ permission: mcpPolicyDecisionsReadPermission }],
      { credentials },
    );
    const involving =
      readDecisions.result === AuthorizeResult.ALLOW
        ? undefined
        : principalOf(credentials);
    const errorBody = (statusCode: number, name: string, message: string) => ({
      error: { name, message },
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode },
    });
    let outcome;
    try {
      outcome = await dryRuns.run(
        {
          candidates: body.documents.map(d => ({
            source: d.name,
            content: d.content,
          })),
          active: loader.current().sources,
          replace: body.replace ?? false,
        },
        () =>
          log.forReplay({
            kind: body.kind,
            since: body.since ? new Date(body.since) : undefined,
            until: body.until ? new Date(body.until) : undefined,
            limit: body.limit ?? 1000,
            involving,
          }),
      );
    } catch (error) {
      if (!(error instanceof DryRunStoppedError)) throw error;
      // The candidates are at fault, not the server: a client error that says which limit.
      res.status(422).json(errorBody(422, error.name, error.message));
      return;
    }
    if ('errors' in outcome) {
      // Backstage's error body, plus the load errors with file, line and rule.
      res.status(400).json({
        ...errorBody(
          400,
          'InputError',
          `The candidate policies do not load: ${outcome.errors.length} error(s)`,
        ),
        errors: outcome.errors,
      });
      return;
    }
    res.json(outcome.response);
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
