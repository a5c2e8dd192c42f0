import {
  AuditorService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
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
  KILL_SWITCH_REASON_MAX_LENGTH,
  KILL_SWITCH_REASON_MIN_LENGTH,
  McpDisablement,
  mcpServerDisablePermission,
  mcpServerEntityRef,
  mcpToolDisablePermission,
  McpToolChangeEvent,
} from '@mcp-platform/plugin-mcp-catalog-common';
import express from 'express';
import { z } from 'zod';
import { KillSwitchChange, McpCatalogStore } from '../database/McpCatalogStore';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { parseInput } from './parseInput';
import { VisibleMcpServers } from './VisibleMcpServers';

const killSwitchBody = z.object({
  reason: z
    .string({ error: 'is required: say why, for the audit trail' })
    .trim()
    .min(KILL_SWITCH_REASON_MIN_LENGTH, {
      error: `must say why in at least ${KILL_SWITCH_REASON_MIN_LENGTH} characters, e.g. "INC-2231: refunds issued twice"`,
    })
    .max(KILL_SWITCH_REASON_MAX_LENGTH, {
      error: `must be at most ${KILL_SWITCH_REASON_MAX_LENGTH} characters`,
    }),
});

const describe = (d: McpDisablement) => `by ${d.by} at ${d.at}: ${d.reason}`;

/** A request of a kill switch route: a server's, or (with `tool`) one of its tools'. */
type SwitchRequest = Parameters<HttpAuthService['credentials']>[0] & {
  params: { namespace: string; name: string; tool?: string };
};

/**
 * The kill switch: takes a whole MCP server or one of its tools out of service platform-wide,
 * and puts it back. Each use needs `mcp.server.disable` or `mcp.tool.disable` on the server's
 * entity (owners of the server, and whom the policy engine allows), needs a reason, and is kept
 * in the server's audit trail and sent to Backstage's auditor. The private registry leaves
 * disabled servers and tools out; the gateway refuses their calls.
 */
export async function createKillSwitchRouter(options: {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  store: McpCatalogStore;
  visibleServers: VisibleMcpServers;
  /** Tells other plugins' caches of the change (see `toolChangeAnnouncer`). */
  announce?: (change: McpToolChangeEvent) => Promise<void>;
}): Promise<express.Router> {
  const { httpAuth, permissions, auditor, store, visibleServers } = options;
  const router = createOpenApiRouter('/v1');

  const serverRef = (req: SwitchRequest) =>
    mcpServerEntityRef(req.params.namespace, req.params.name);
  const subject = (req: SwitchRequest) =>
    req.params.tool !== undefined
      ? `tool "${req.params.tool}" of MCP server ${serverRef(req)}`
      : `MCP server ${serverRef(req)}`;
  const actorOf = (
    credentials: BackstageCredentials<
      BackstageUserPrincipal | BackstageServicePrincipal
    >,
  ) =>
    'userEntityRef' in credentials.principal
      ? credentials.principal.userEntityRef
      : credentials.principal.subject;

  /**
   * Throws unless the caller may see the server (else 404, as for one that does not exist) and
   * holds the permission on its entity.
   */
  const authorize = async (
    req: SwitchRequest,
    credentials: BackstageCredentials,
    permission: ResourcePermission,
  ) => {
    if (!(await visibleServers.of(credentials)).includes(serverRef(req))) {
      throw new NotFoundError(`No ${subject(req)}`);
    }
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: serverRef(req) }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You lack the ${permission.name} permission on ${serverRef(
          req,
        )}: members of the team that owns it and the platform groups may switch it`,
      );
    }
  };

  /** Applies the switch; throws the error the caller gets when nothing changed. */
  const apply = async (
    req: SwitchRequest,
    change: Omit<KillSwitchChange, 'serverRef' | 'toolName' | 'now'>,
    level: 'server' | 'tool',
  ) => {
    const outcome = await store.setKillSwitch({
      ...change,
      serverRef: serverRef(req),
      toolName: level === 'tool' ? req.params.tool : undefined,
      now: new Date(),
    });
    if (outcome.outcome === 'not-found')
      throw new NotFoundError(`No ${subject(req)}`);
    if (outcome.outcome === 'unchanged') {
      if (outcome.current)
        throw new ConflictError(
          `The ${subject(req)} is already disabled ${describe(
            outcome.current,
          )}. Enable it first to disable it for another reason.`,
        );
      throw new ConflictError(
        level === 'tool'
          ? `The ${subject(
              req,
            )} has no kill switch of its own to enable; if it is still out of service, its whole server is: enable the server.`
          : `The ${subject(req)} is not disabled.`,
      );
    }
  };

  /** Uses the switch as the request asks; the route answers with what was switched. */
  const use = async (
    req: SwitchRequest,
    action: 'disable' | 'enable',
    level: 'server' | 'tool',
  ) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // Refused attempts are audited too.
    const audit = await auditor.createEvent({
      eventId: 'kill-switch',
      severityLevel: 'high',
      request: req,
      meta: {
        action,
        serverRef: serverRef(req),
        ...(level === 'tool' ? { tool: req.params.tool } : {}),
      },
    });
    const actor = actorOf(credentials);
    let reason: string;
    try {
      await authorize(
        req,
        credentials,
        level === 'server'
          ? mcpServerDisablePermission
          : mcpToolDisablePermission,
      );
      ({ reason } = parseInput(
        killSwitchBody,
        req.body ?? {},
        `${action} request`,
      ));
      await apply(req, { action, actor, reason }, level);
      await audit.success({ meta: { reason } });
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
    options.logger.info(
      `Kill switch: ${subject(req)} ${action}d by ${actor}: ${reason}`,
    );
    await options.announce?.({
      serverRef: serverRef(req),
      ...(level === 'tool' ? { toolName: req.params.tool } : {}),
      change: action === 'disable' ? 'disabled' : 'enabled',
    });
  };

  router.post('/servers/:namespace/:name/disable', async (req, res) => {
    await use(req, 'disable', 'server');
    res.json(await store.getServer(serverRef(req)));
  });
  router.post('/servers/:namespace/:name/enable', async (req, res) => {
    await use(req, 'enable', 'server');
    res.json(await store.getServer(serverRef(req)));
  });
  router.post('/tools/:namespace/:name/:tool/disable', async (req, res) => {
    await use(req, 'disable', 'tool');
    res.json(await store.getTool(serverRef(req), req.params.tool));
  });
  router.post('/tools/:namespace/:name/:tool/enable', async (req, res) => {
    await use(req, 'enable', 'tool');
    res.json(await store.getTool(serverRef(req), req.params.tool));
  });

  return router;
}
