import {
  DiscoveryService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  GatewayClientConfig,
  GatewayEndpoints,
  mcpGatewayAdminPermission,
} from '@mcp-platform/plugin-mcp-gateway-common';
import { toNodeHandler } from '@modelcontextprotocol/node';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { GatewayProfile } from '../config/readGatewayConfig';
import { GatewayStore } from '../database/GatewayStore';
import { GatewayScope } from '../gateway/GatewayScope';
import { GatewayCaller, GatewayService } from '../gateway/GatewayService';
import {
  authInfoOf,
  GatewayMcpHandler,
  GatewayRequestContext,
} from '../mcp/createGatewayMcpHandler';
import { UpstreamPool } from '../upstream/UpstreamPool';
import {
  answerToolCall,
  declaresParamHeaders,
  plainToolCall,
} from '../mcp/fastToolCall';
import { CallerResolver } from './CallerResolver';
import { RequestGuard } from './RequestGuard';

const VERIFIED_TTL_MS = 10_000;

const scopeQuery = z
  .object({
    server: z
      .string()
      .regex(/^api:[^/]+\/.+$/, 'must be an entity ref like api:default/name')
      .optional(),
    profile: z.string().min(1).max(64).optional(),
  })
  .strict();

/** The endpoint URLs for a backend base URL. */
export function endpointsOf(
  baseUrl: string,
  profiles: GatewayProfile[],
): GatewayEndpoints {
  return {
    aggregate: `${baseUrl}/v1/mcp`,
    serverPattern: `${baseUrl}/v1/servers/{namespace}/{name}/mcp`,
    profiles: profiles.map(p => ({
      name: p.name,
      description: p.description,
      url: `${baseUrl}/v1/profiles/${p.name}/mcp`,
    })),
  };
}

/** Client-config snippets for an endpoint URL. */
export function clientConfigsFor(url: string): GatewayClientConfig[] {
  const server = { type: 'http', url };
  return [
    {
      client: 'claude-desktop',
      fileHint: 'claude_desktop_config.json',
      config: {
        mcpServers: {
          backstage: { command: 'npx', args: ['-y', 'mcp-remote', url] },
        },
      },
    },
    {
      client: 'cursor',
      fileHint: '~/.cursor/mcp.json',
      config: { mcpServers: { backstage: { url } } },
    },
    {
      client: 'vscode',
      fileHint: '.vscode/mcp.json',
      config: { servers: { backstage: server } },
    },
    {
      client: 'claude-code',
      fileHint: 'a terminal',
      command: `claude mcp add --transport http backstage ${url}`,
    },
  ];
}

/**
 * The gateway's HTTP surface: the MCP endpoints (aggregate, one server, profiles), each
 * authenticating its caller itself so that a missing or bad token gets the 401 with
 * `WWW-Authenticate` MCP clients need to find Backstage's authorization server; and the REST
 * routes of the Gateway tab.
 */
export async function createRouter(options: {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  discovery: DiscoveryService;
  service: GatewayService;
  handler: GatewayMcpHandler;
  callers: CallerResolver;
  guard: RequestGuard;
  upstreams: UpstreamPool;
  store: GatewayStore;
  profiles: GatewayProfile[];
  maxRequestBytes: number;
  /** Answer plain `tools/call` requests without the SDK's entry (see fastToolCall.ts). */
  fastPath: boolean;
  serverInfo: { name: string; version: string };
}): Promise<express.Router> {
  const { httpAuth, service, callers, guard } = options;
  const router = Router();
  // A token verified and its caller resolved are reused briefly: verifying a signed token and
  // reading the caller's groups and visible servers for every call would cost more than the
  // call. A token is a bearer secret, so the same string is the same caller.
  const verified = new Map<
    string,
    { caller: GatewayCaller; expiresAt: number }
  >();
  const node = toNodeHandler(options.handler, {
    maxRequestBodySize: options.maxRequestBytes,
    onerror: error =>
      options.logger.error(`MCP gateway request failed: ${error.message}`),
  });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const jsonRpcError = (
    res: Response,
    status: number,
    message: string,
    headers: Record<string, string> = {},
  ) =>
    res
      .status(status)
      .set(headers)
      .json({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });

  const serveMcp = async (req: Request, res: Response, scope: GatewayScope) => {
    const refused = await guard.check(req);
    if (refused) {
      jsonRpcError(res, 403, refused);
      return;
    }
    const authorization = req.headers.authorization;
    const known = authorization ? verified.get(authorization) : undefined;
    let caller =
      known && known.expiresAt > Date.now() ? known.caller : undefined;
    let credentials;
    try {
      if (!caller)
        credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      jsonRpcError(
        res,
        401,
        'Sign in: send a Backstage token as "Authorization: Bearer <token>"',
        {
          'WWW-Authenticate': `Bearer resource_metadata="${await guard.resourceMetadataUrl(
            req,
          )}"`,
        },
      );
      return;
    }
    try {
      if (!caller) {
        caller = await callers.resolve(credentials!);
        if (authorization) {
          if (verified.size >= 10_000) verified.clear();
          verified.set(authorization, {
            caller,
            expiresAt: Date.now() + VERIFIED_TTL_MS,
          });
        }
      }
    } catch (error) {
      if (error instanceof NotAllowedError) {
        jsonRpcError(res, 403, error.message);
        return;
      }
      throw error;
    }
    const context: GatewayRequestContext = {
      caller,
      scope,
      requestBytes: Number(req.headers['content-length'] ?? 0),
      body: req.body,
    };
    (req as Request & { auth?: unknown }).auth = authInfoOf(
      (req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''),
      context,
    );
    const plain = options.fastPath
      ? plainToolCall(req.headers, req.body)
      : undefined;
    if (plain) {
      const controller = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      const definition = await service.definitionFor(
        scope,
        plain.name,
        controller.signal,
      );
      if (definition && !declaresParamHeaders(definition)) {
        const answer = await answerToolCall({
          call: plain,
          context,
          service,
          serverInfo: options.serverInfo,
          signal: controller.signal,
        });
        res.writeHead(answer.status, answer.headers).end(answer.body);
        return;
      }
    }
    // A rate-limited call also answers 429 with Retry-After (before the body goes out).
    const writeHead = res.writeHead.bind(res);
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      if (context.rateLimited && status === 200) {
        res.setHeader(
          'Retry-After',
          String(context.rateLimited.retryAfterSeconds),
        );
        return (writeHead as (...a: unknown[]) => Response)(429, ...rest);
      }
      return (writeHead as (...a: unknown[]) => Response)(status, ...rest);
    }) as typeof res.writeHead;
    await node(req, res, req.body);
  };

  const mcpBody = express.json({
    limit: options.maxRequestBytes,
    type: () => true,
  });
  const endpoint = (path: string, scopeOf: (req: Request) => GatewayScope) => {
    router.post(path, mcpBody, (req, res) => serveMcp(req, res, scopeOf(req)));
    router.get(path, (req, res) => serveMcp(req, res, scopeOf(req)));
    router.delete(path, (req, res) => serveMcp(req, res, scopeOf(req)));
  };
  endpoint('/v1/mcp', () => ({ kind: 'aggregate' }));
  endpoint('/v1/servers/:namespace/:name/mcp', req => ({
    kind: 'server',
    ref: `api:${req.params.namespace}/${req.params.name}`.toLocaleLowerCase(
      'en-US',
    ),
  }));
  endpoint('/v1/profiles/:profile/mcp', req => ({
    kind: 'profile',
    name: req.params.profile,
  }));

  // ---- REST routes of the Gateway tab ----
  const userCaller = async (req: Request) =>
    callers.resolve(
      await httpAuth.credentials(req, { allow: ['user', 'service'] }),
    );

  router.get('/v1/tools', async (req, res) => {
    const caller = await userCaller(req);
    const parsed = scopeQuery.safeParse(req.query);
    if (!parsed.success)
      throw new InputError(
        `Invalid query: ${parsed.error.issues
          .map(i => `${i.path.join('.')} ${i.message}`)
          .join('; ')}`,
      );
    let scope: GatewayScope = { kind: 'aggregate' };
    if (parsed.data.server)
      scope = {
        kind: 'server',
        ref: parsed.data.server.toLocaleLowerCase('en-US'),
      };
    else if (parsed.data.profile)
      scope = { kind: 'profile', name: parsed.data.profile };
    const controller = new AbortController();
    req.on('close', () => controller.abort());
    const offer = await service.listTools(caller, scope, controller.signal);
    res.json({ items: offer.views });
  });

  router.get('/v1/upstreams', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: options.upstreams.statuses() });
  });

  router.get('/v1/refusals', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const caller = await callers.resolve(credentials);
    const [decision] = await options.permissions.authorize(
      [{ permission: mcpGatewayAdminPermission }],
      { credentials },
    );
    const all =
      decision.result === AuthorizeResult.ALLOW && req.query.all === 'true';
    res.json({
      items: await options.store.listRefusals({
        user: all ? undefined : caller.principal,
        limit: 100,
      }),
    });
  });

  router.get('/v1/endpoints', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const base = await options.discovery.getExternalBaseUrl('mcp-gateway');
    const endpoints = endpointsOf(base, options.profiles);
    res.json({ endpoints, clients: clientConfigsFor(endpoints.aggregate) });
  });

  return router;
}
