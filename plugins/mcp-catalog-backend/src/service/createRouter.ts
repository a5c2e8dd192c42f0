import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  DISCOVERY_STATUSES,
  FINDING_SEVERITIES,
  MCP_CLIENTS,
  mcpCatalogRefreshPermission,
  mcpServerEntityRef,
  mcpToolApprovePermission,
  toolResourceRef,
  McpToolChangeEvent,
} from '@mcp-platform/plugin-mcp-catalog-common';
import express from 'express';
import { z } from 'zod';
import { createOpenApiRouter, spec } from '../schema/openapi/generated/router';
import { McpCatalogStore } from '../database/McpCatalogStore';
import { DiscoveryScheduler } from '../discovery/DiscoveryScheduler';
import { clientConfig } from './clientConfig';
import { createKillSwitchRouter } from './createKillSwitchRouter';
import { createRegistryRouter, RegistryGate } from './createRegistryRouter';
import { parseInput } from './parseInput';
import { VisibleMcpServers } from './VisibleMcpServers';

/** Dependencies of the MCP catalog's HTTP API. */
export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Receives every use of the kill switch. */
  auditor: AuditorService;
  store: McpCatalogStore;
  scheduler: DiscoveryScheduler;
  /** Which servers each caller may see (the catalog's read permission on their entities). */
  visibleServers: VisibleMcpServers;
  registry: { namespace: string; gate: RegistryGate };
  /**
   * Tells of approvals and kill switch uses ({@link toolChangeAnnouncer}), so that caches of
   * tool facts elsewhere (the policy engine's) forget them at once.
   */
  announce?: (change: McpToolChangeEvent) => Promise<void>;
}

const list = z
  .union([z.string(), z.array(z.string())])
  .transform(v =>
    (Array.isArray(v) ? v : v.split(',')).map(s => s.trim()).filter(Boolean),
  )
  .optional();
const bool = z
  .enum(['true', 'false'])
  .transform(v => v === 'true')
  .optional();
const paging = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
const severity = z.enum(FINDING_SEVERITIES).optional();

const serversQuery = z.object({
  owner: list,
  lifecycle: list,
  status: list.refine(
    v => !v || v.every(s => (DISCOVERY_STATUSES as string[]).includes(s)),
    { error: `must be one or more of ${DISCOVERY_STATUSES.join(', ')}` },
  ),
  minSeverity: severity,
  ...paging,
});
const toolsQuery = z.object({
  q: z.string().max(200).optional(),
  owner: list,
  server: list,
  readOnly: bool,
  destructive: bool,
  minSeverity: severity,
  changed: bool,
  includeRemoved: bool,
  ...paging,
});
const approveBody = z.object({
  definitionHash: z.string().regex(/^[0-9a-f]{64}$/, {
    error: 'must be the 64-character hash shown with the definition',
  }),
});

/** A request of a route under `/v1/servers/{namespace}/{name}` or `/v1/tools/{namespace}/{name}`. */
type ServerRequest = { params: { namespace: string; name: string } };
/** A request of a route under `/v1/tools/{namespace}/{name}/{tool}`. */
type ToolRequest = {
  params: { namespace: string; name: string; tool: string };
};

const serverRef = (req: ServerRequest) =>
  mcpServerEntityRef(req.params.namespace, req.params.name);

/** The MCP catalog's HTTP API, mounted at `/api/mcp-catalog`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, store, scheduler, visibleServers } = options;
  const announce = options.announce ?? (async () => {});
  const router = createOpenApiRouter();
  router.use(express.json({ limit: '64kb' }));

  // The suite's mutations are resource permissions: the policy decides per server or tool, so
  // that owners act on their own servers and nobody else's.
  const authorize = async (
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    resourceRef: string,
    denied: () => string,
  ) => {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(denied());
    }
  };
  // What the built-in policy grants; a company's own rules may differ, which the log explains.
  const whoMay = (owner: string | undefined) =>
    `by default members of its owning team${
      owner ? ` ${owner}` : ''
    } (or of a group above it) and the platform groups may; the MCP policy's decision log says which rule decided`;
  const authenticate = (req: Parameters<HttpAuthService['credentials']>[0]) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const visibilityOf = async (credentials: BackstageCredentials) =>
    (await visibleServers.of(credentials)).restriction;

  // A server the caller may not see answers as one that does not exist, so that its existence
  // is not disclosed either.
  const noSuchServer = (req: ServerRequest) =>
    new NotFoundError(
      `No MCP server ${serverRef(
        req,
      )}: register an API entity with spec.type mcp-server, or wait for the next catalog sync`,
    );
  const noSuchTool = (req: ToolRequest) =>
    new NotFoundError(
      `No tool "${req.params.tool}" on MCP server ${serverRef(req)}`,
    );
  const mustSee = async <R extends ServerRequest>(
    req: R,
    credentials: BackstageCredentials,
    notFound: (r: R) => Error,
  ) => {
    if (!(await visibleServers.of(credentials)).includes(serverRef(req))) {
      throw notFound(req);
    }
  };
  const visibleServer = async (
    req: ServerRequest,
    credentials: BackstageCredentials,
  ) => {
    await mustSee(req, credentials, noSuchServer);
    const server = await store.getServer(serverRef(req));
    if (!server) throw noSuchServer(req);
    return server;
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Where Backstage's tooling looks for a plugin's document (getOpenApiSpecRoute).
  router.get('/openapi.json', async (req, res) => {
    await authenticate(req);
    res.json(spec);
  });

  router.get('/v1/servers', async (req, res) => {
    const credentials = await authenticate(req);
    const query = parseInput(serversQuery, req.query, 'server query');
    res.json(
      await store.listServers({
        ...query,
        visibleServers: await visibilityOf(credentials),
      }),
    );
  });

  router.get('/v1/servers/:namespace/:name', async (req, res) => {
    const credentials = await authenticate(req);
    res.json(await visibleServer(req, credentials));
  });

  router.post('/v1/servers/:namespace/:name/refresh', async (req, res) => {
    const credentials = await authenticate(req);
    const server = await visibleServer(req, credentials);
    await authorize(
      credentials,
      mcpCatalogRefreshPermission,
      server.entityRef,
      () =>
        `You may not refresh ${server.entityRef} (permission ${
          mcpCatalogRefreshPermission.name
        }): ${whoMay(server.owner)}`,
    );
    const outcome = await scheduler.discoverOne({
      entityRef: server.entityRef,
      name: server.name,
      remotes: server.remotes,
      ownerRef: server.owner,
    });
    res.json({ ...outcome, server: await store.getServer(server.entityRef) });
  });

  router.get('/v1/servers/:namespace/:name/client-config', async (req, res) => {
    const credentials = await authenticate(req);
    const { client } = parseInput(
      z.object({ client: z.enum(MCP_CLIENTS).default('cursor') }),
      req.query,
      'client',
    );
    const server = await visibleServer(req, credentials);
    res.json(clientConfig(server, client));
  });

  router.get('/v1/tools', async (req, res) => {
    const credentials = await authenticate(req);
    const query = parseInput(toolsQuery, req.query, 'tool query');
    res.json(
      await store.searchTools({
        ...query,
        visibleServers: await visibilityOf(credentials),
      }),
    );
  });

  router.get('/v1/tools/:namespace/:name/:tool', async (req, res) => {
    const credentials = await authenticate(req);
    await mustSee(req, credentials, noSuchTool);
    const tool = await store.getTool(serverRef(req), req.params.tool);
    if (!tool) throw noSuchTool(req);
    res.json(tool);
  });

  router.post('/v1/tools/:namespace/:name/:tool/approve', async (req, res) => {
    const credentials = await authenticate(req);
    const { definitionHash } = parseInput(approveBody, req.body, 'approval');
    await mustSee(req, credentials, noSuchTool);
    const owner = (await store.getServer(serverRef(req)))?.owner;
    await authorize(
      credentials,
      mcpToolApprovePermission,
      toolResourceRef(serverRef(req), req.params.tool),
      () =>
        `You may not approve tools of ${serverRef(req)} (permission ${
          mcpToolApprovePermission.name
        }): ${whoMay(owner)}`,
    );
    const approvedBy =
      'userEntityRef' in credentials.principal
        ? credentials.principal.userEntityRef
        : credentials.principal.subject;
    const outcome = await store.approveTool({
      serverRef: serverRef(req),
      toolName: req.params.tool,
      definitionHash,
      approvedBy,
      now: new Date(),
    });
    if (outcome === 'not-found') throw noSuchTool(req);
    if (outcome === 'stale') {
      throw new ConflictError(
        "The tool's definition changed since you loaded it: review the new definition and approve that one",
      );
    }
    options.logger.info(
      `MCP tool ${serverRef(req)}#${req.params.tool} approved by ${approvedBy}`,
    );
    await announce({
      serverRef: serverRef(req),
      toolName: req.params.tool,
      change: 'approved',
    });
    res.json(await store.getTool(serverRef(req), req.params.tool));
  });

  router.use(
    '/v1',
    await createKillSwitchRouter({
      logger: options.logger,
      httpAuth,
      permissions,
      auditor: options.auditor,
      store,
      visibleServers,
      announce,
    }),
  );

  router.use(
    '/v0',
    await createRegistryRouter({
      httpAuth,
      store,
      visibleServers,
      ...options.registry,
    }),
  );

  return router;
}
