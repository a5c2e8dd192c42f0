import {
  DiscoveryService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  GatewayClientConfig,
  GatewayEndpoints,
  mcpGatewayAdminPermission,
} from '@mcp-platform/plugin-mcp-gateway-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { GatewayProfile } from '../config/readGatewayConfig';
import { GatewayStore } from '../database/GatewayStore';
import { GatewayScope } from '../gateway/GatewayScope';
import { GatewayService } from '../gateway/GatewayService';
import { UpstreamPool } from '../upstream/UpstreamPool';
import { CallerResolver } from './CallerResolver';
import { McpEndpoint, scopeOfPath } from './McpEndpoint';
import { RequestGuard } from './RequestGuard';

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
  endpoint: McpEndpoint;
  callers: CallerResolver;
  /** The guard of Backstage's listener. */
  guard: RequestGuard;
  upstreams: UpstreamPool;
  store: GatewayStore;
  profiles: GatewayProfile[];
  /** The data plane's base URL when it has a listener of its own: the endpoints to show. */
  dataPlaneBaseUrl?: string;
}): Promise<express.Router> {
  const { httpAuth, service, callers, guard, endpoint } = options;
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // The MCP endpoints: the same McpEndpoint the data-plane listener serves.
  for (const method of ['post', 'get', 'delete'] as const)
    router[method](
      /^\/v1\/(mcp|servers\/[^/]+\/[^/]+\/mcp|profiles\/[^/]+\/mcp)$/,
      async (req, res) => {
        const scope = scopeOfPath(req.path);
        if (!scope) throw new NotFoundError(`No MCP endpoint at ${req.path}`);
        await endpoint.serve(req, res, scope, req.path, guard);
      },
    );

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
    const base =
      options.dataPlaneBaseUrl ??
      (await options.discovery.getExternalBaseUrl('mcp-gateway'));
    const endpoints = endpointsOf(base, options.profiles);
    res.json({ endpoints, clients: clientConfigsFor(endpoints.aggregate) });
  });

  return router;
}
