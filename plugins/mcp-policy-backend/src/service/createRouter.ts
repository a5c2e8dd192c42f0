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
import { compilePolicySet, CompileOptions } from '../engine/compilePolicySet';
import { PolicySetLoader } from '../engine/PolicySetLoader';
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
  compile?: CompileOptions;
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
  const { httpAuth, auth, userInfo, permissions, decisions, loader, log } =
    options;
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

  const authorize = async (
    req: Request,
    permission: BasicPermission,
  ): Promise<BackstageCredentials> => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to use ${permission.name}; ask your platform team`,
      );
    }
    return credentials;
  };

  /**
   * Who a tool-call or permission question is about. Groups a caller sends are trusted from
   * services only (the permission module passes the user's ownership refs); a signed-in user
   * asking about themselves gets the groups from their token, and anyone else's groups come
   * from the catalog.
   */
  const subjectUser = async (
    credentials: BackstageCredentials,
    requested: { ref: string; groups?: string[] } | undefined,
  ): Promise<{ ref: string; trustedGroups?: string[] }> => {
    if (auth.isPrincipal(credentials, 'service')) {
      if (!requested) {
        throw new InputError(
          'user is required when a service asks; pass {"user": {"ref": "user:default/jane"}}',
        );
      }
      return { ref: requested.ref, trustedGroups: requested.groups };
    }
    if (!auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError('Sign in to ask about tool calls');
    }
    const self = credentials.principal.userEntityRef;
    if (!requested || requested.ref === self) {
      const info = await userInfo.getUserInfo(credentials);
      return { ref: self, trustedGroups: info.ownershipEntityRefs };
    }
    return { ref: requested.ref };
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
    const user = await subjectUser(credentials, body.user);
    const response: EvaluateToolCallsResponse = {
      user: user.ref,
      decisions: await decisions.evaluateToolCalls(user, body.tools, {
        principal: principalOf(credentials),
        record: body.record ?? true,
      }),
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
    const user = await subjectUser(credentials, body.user);
    res.json(
      await decisions.evaluatePermission(
        user,
        {
          name: body.permission.name,
          action: body.permission.action ?? '',
          resourceRef: body.permission.resourceRef ?? '',
        },
        { principal: principalOf(credentials), record: body.record ?? true },
      ),
    );
  });

  router.post('/v1/dry-run', async (req, res) => {
    await authorize(req, mcpPolicyDryRunPermission);
    const body = parseInput(dryRunRequestSchema, req.body, 'dry-run request');
    const candidates = body.documents.map(d => ({
      source: d.name,
      content: d.content,
    }));
    let { set, errors } = compilePolicySet(candidates, options.compile);
    if (set && !body.replace) {
      // A change to the active set: candidates add policies or replace those of the same name.
      const active = loader.current().sources;
      const replaced = new Set(set.policies.map(p => p.name));
      ({ set, errors } = compilePolicySet([...active, ...candidates], {
        ...options.compile,
        exclude: (source, name) =>
          active.includes(source) && replaced.has(name),
      }));
    }
    if (!set) {
      // Backstage's error body, plus the load errors with file, line and rule.
      res.status(400).json({
        error: {
          name: 'InputError',
          message: `The candidate policies do not load: ${errors.length} error(s)`,
        },
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: 400 },
        errors,
      });
      return;
    }
    res.json(
      await decisions.dryRun(set, {
        kind: body.kind,
        since: body.since ? new Date(body.since) : undefined,
        until: body.until ? new Date(body.until) : undefined,
        limit: body.limit ?? 1000,
      }),
    );
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
