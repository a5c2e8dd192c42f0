import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { SsrfGuard } from '@mcp-platform/plugin-mcp-catalog-node';
import { mcpGatewayPermissions } from '@mcp-platform/plugin-mcp-gateway-common';
import { GatewayCatalog, HttpMcpCatalogReader } from './catalog/GatewayCatalog';
import { readGatewayConfig } from './config/readGatewayConfig';
import { DatabaseGatewayStore } from './database/GatewayStore';
import { ArgumentValidator } from './gateway/ArgumentValidator';
import { GatewayService } from './gateway/GatewayService';
import { limitsFor } from './limits/limitsFor';
import { RateLimiter } from './limits/RateLimiter';
import { createGatewayMcpHandler } from './mcp/createGatewayMcpHandler';
import { HttpInsightsUsageSink } from './metering/HttpInsightsUsageSink';
import { UsageMeter } from './metering/UsageMeter';
import { GatewayMetrics } from './metrics/GatewayMetrics';
import { HttpToolCallPolicy, ToolCallDecider } from './policy/ToolCallDecider';
import { CallerResolver } from './service/CallerResolver';
import { createRouter } from './service/createRouter';
import {
  createWellKnownRouter,
  protectedResourceMetadata,
} from './service/createWellKnownRouter';
import { startDataPlaneServer } from './service/DataPlaneServer';
import { McpEndpoint } from './service/McpEndpoint';
import { RequestGuard } from './service/RequestGuard';
import { UpstreamPool } from './upstream/UpstreamPool';

/**
 * The MCP gateway: one governed MCP endpoint through which catalogued tools are called, checked
 * by the policy engine, rate-limited and metered.
 *
 * @public
 */
export const mcpGatewayPlugin = createBackendPlugin({
  pluginId: 'mcp-gateway',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        rootHttpRouter: coreServices.rootHttpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        database: coreServices.database,
        discovery: coreServices.discovery,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { logger, lifecycle, discovery, auth } = deps;
        const config = readGatewayConfig(deps.config);
        deps.permissionsRegistry.addPermissions(mcpGatewayPermissions);
        const store = await DatabaseGatewayStore.create({
          database: deps.database,
        });
        const metrics = new GatewayMetrics();
        const reader = new HttpMcpCatalogReader({ discovery, auth });
        const catalog = new GatewayCatalog({
          catalog: deps.catalog,
          auth,
          reader,
          logger,
          refreshMs: config.catalogRefreshMs,
        });
        const guard = new SsrfGuard(config.network);
        const upstreams = new UpstreamPool({
          guard,
          credentials: config.credentials,
          maxResponseBytes: config.maxResponseBytes,
          settings: config.upstream,
          breaker: config.breaker,
          metrics,
          logger,
          directCalls: config.fastPath,
        });
        catalog.onChange(() => {
          void catalog.current().then(async servers => {
            await upstreams.retain(new Set(servers.keys()));
            // Servers that answered discovery are connected ahead of their first caller.
            await upstreams.warm(
              [...servers.values()].filter(s => s.discoveryStatus === 'ok'),
            );
          });
        });
        const meter = new UsageMeter({
          store,
          sink: new HttpInsightsUsageSink({ discovery, auth, logger }),
          logger,
        });
        const service = new GatewayService({
          catalog,
          reader,
          upstreams,
          decider: new ToolCallDecider({
            policy: new HttpToolCallPolicy({ discovery, auth }),
            logger,
            ttlMs: config.decisionCacheMs,
          }),
          limiter: new RateLimiter(store),
          limits: limitsFor(config.rateLimits),
          validator: new ArgumentValidator(),
          meter,
          store,
          metrics,
          logger,
          profiles: config.profiles,
        });
        const serverInfo = { name: 'backstage-mcp-gateway', version: '1.0.0' };
        const handler = createGatewayMcpHandler({
          service,
          version: serverInfo.version,
          instructions:
            "Tools of the MCP servers in this company's Backstage catalog, named <server>__<tool>. " +
            'You see only the tools you may call; a refused call says why.',
        });
        // Approvals, findings and servers coming or going change what callers may list.
        catalog.onChange(() => handler.toolsChanged());
        const endpoint = new McpEndpoint({
          logger,
          httpAuth: deps.httpAuth,
          service,
          handler,
          callers: new CallerResolver({
            userInfo: deps.userInfo,
            catalog: deps.catalog,
            consumers: config.consumers,
          }),
          maxRequestBytes: config.maxRequestBytes,
          fastPath: config.fastPath,
          serverInfo,
        });
        let dataPlaneBaseUrl: string | undefined;
        if (config.dataPlane) {
          const { dataPlane } = config;
          let port = dataPlane.port;
          const gatewayBaseUrl = async () =>
            `${
              dataPlane.baseUrl ?? `http://localhost:${port}`
            }/api/mcp-gateway`;
          const server = await startDataPlaneServer({
            host: dataPlane.host,
            port,
            endpoint,
            guard: new RequestGuard(deps.config, gatewayBaseUrl),
            metadata: async path =>
              protectedResourceMetadata({
                config: deps.config,
                discovery,
                gatewayBaseUrl: await gatewayBaseUrl(),
                path,
              }),
            logger,
          });
          port = server.port;
          dataPlaneBaseUrl = await gatewayBaseUrl();
          lifecycle.addShutdownHook(() => server.close());
        }
        deps.httpRouter.use(
          await createRouter({
            logger,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            discovery,
            service,
            endpoint,
            callers: endpoint.callers,
            guard: new RequestGuard(deps.config, () =>
              discovery.getExternalBaseUrl('mcp-gateway'),
            ),
            upstreams,
            store,
            profiles: config.profiles,
            dataPlaneBaseUrl,
          }),
        );
        // The MCP endpoints authenticate callers themselves, to answer 401 with the
        // WWW-Authenticate header MCP clients follow to Backstage's authorization server.
        for (const path of ['/v1/mcp', '/v1/servers', '/v1/profiles'])
          deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        deps.rootHttpRouter.use(
          '/.well-known',
          createWellKnownRouter({ config: deps.config, discovery }),
        );

        catalog.start();
        meter.start();
        await deps.scheduler.scheduleTask({
          id: 'mcp-gateway-prune',
          frequency: { minutes: 10 },
          timeout: { minutes: 5 },
          fn: async () => {
            await store.prune({
              windowsBefore: Date.now() - 10 * 60_000,
              refusalsBefore: new Date(
                Date.now() - config.refusalRetentionDays * 86_400_000,
              ),
            });
          },
        });
        lifecycle.addShutdownHook(async () => {
          catalog.stop();
          await meter.stop();
          await upstreams.close();
          await guard.close();
        });
      },
    });
  },
});
