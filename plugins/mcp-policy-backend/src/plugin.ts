import {
  coreServices,
  createBackendPlugin,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  mcpCatalogRefreshPermission,
  mcpToolApprovePermission,
  MCP_TOOL_CHANGES_TOPIC,
  McpToolChangeEvent,
} from '@mcp-platform/plugin-mcp-catalog-common';
import {
  mcpPolicyDecisionsReadPermission,
  mcpPolicyDryRunPermission,
  mcpToolInvokePermission,
} from '@mcp-platform/plugin-mcp-policy-common';
import {
  PolicyContextProvider,
  mcpPolicyContextExtensionPoint,
} from '@mcp-platform/plugin-mcp-policy-node';
import { CatalogContextProvider } from './context/CatalogContextProvider';
import { PlatformContextProvider } from './context/PlatformContextProvider';
import { DatabaseDecisionLog } from './database/DatabaseDecisionLog';
import { PolicySetLoader } from './engine/PolicySetLoader';
import { createPermissionResourceRule } from './permissions/createPermissionResourceRule';
import {
  createServerResourceLoader,
  mcpServerPermissionResourceRef,
} from './permissions/serverPermissionResource';
import {
  createToolPermissionRule,
  createToolResourceLoader,
  mcpToolPermissionResourceRef,
} from './permissions/toolPermissionResource';
import { createRouter } from './service/createRouter';
import { DryRunSandbox } from './service/DryRunSandbox';
import { PolicyDecisionService } from './service/PolicyDecisionService';
import { readPolicyConfig } from './service/readPolicyConfig';

/**
 * The MCP policy engine: deployment and tool-call decisions, explained and logged.
 *
 * @public
 */
export const mcpPolicyPlugin = createBackendPlugin({
  pluginId: 'mcp-policy',
  register(env) {
    const contextProviders: PolicyContextProvider[] = [];
    env.registerExtensionPoint(mcpPolicyContextExtensionPoint, {
      addContextProvider(...providers) {
        for (const provider of providers) {
          if (contextProviders.some(p => p.name === provider.name)) {
            throw new Error(
              `A policy context provider named "${provider.name}" is already registered; provider names must be unique`,
            );
          }
          contextProviders.push(provider);
        }
      },
    });
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
      },
      async init(deps) {
        const config = readPolicyConfig(deps.config);
        deps.permissionsRegistry.addPermissions([
          mcpPolicyDryRunPermission,
          mcpPolicyDecisionsReadPermission,
        ]);
        const catalogContext = new CatalogContextProvider({
          ...deps,
          toolFactsTtlMs: config.toolFactsCacheMs,
        });
        // Approvals and kill switches reach the decisions at once, not when the tool facts'
        // cache expires (in this instance; other replicas within that lifetime, 2 s).
        await deps.events.subscribe({
          id: 'mcp-policy-tool-facts',
          topics: [MCP_TOOL_CHANGES_TOPIC],
          onEvent: async event => {
            const change = event.eventPayload as Partial<McpToolChangeEvent>;
            if (typeof change?.serverRef === 'string')
              catalogContext.forgetTools(change.serverRef);
          },
        });
        const providers: PolicyContextProvider[] = [
          catalogContext,
          new PlatformContextProvider(
            config.platformGroups,
            config.acceptedRisks,
          ),
          ...contextProviders,
        ];
        const loader = new PolicySetLoader({
          paths: [
            ...(config.builtinPack
              ? [
                  resolvePackagePath(
                    '@mcp-platform/plugin-mcp-policy-backend',
                    'policies/builtin',
                  ),
                ]
              : []),
            ...config.policyFiles,
          ],
          logger: deps.logger,
          compile: { maxExpressionCost: config.maxExpressionCost },
        });
        await loader.reload();
        const log = await DatabaseDecisionLog.create({
          database: deps.database,
        });
        const decisions = new PolicyDecisionService({
          loader,
          providers,
          log,
          logger: deps.logger,
          toolCallDefault: config.toolCallDefault,
          permissionDefault: config.permissionDefault,
          contextTimeoutMs: config.contextTimeoutMs,
        });
        // The engine decides the suite's permissions on tools and servers: calling a tool with
        // the tool-call rules, approving and refreshing with the permission rules.
        deps.permissionsRegistry.addResourceType({
          resourceRef: mcpToolPermissionResourceRef,
          permissions: [mcpToolInvokePermission, mcpToolApprovePermission],
          rules: [
            createToolPermissionRule({ decisions, logger: deps.logger }),
            createPermissionResourceRule({
              decisions,
              logger: deps.logger,
              resourceRef: mcpToolPermissionResourceRef,
            }),
          ],
          getResources: createToolResourceLoader(decisions),
        });
        deps.permissionsRegistry.addResourceType({
          resourceRef: mcpServerPermissionResourceRef,
          permissions: [mcpCatalogRefreshPermission],
          rules: [
            createPermissionResourceRule({
              decisions,
              logger: deps.logger,
              resourceRef: mcpServerPermissionResourceRef,
            }),
          ],
          getResources: createServerResourceLoader(decisions),
        });

        await deps.scheduler.scheduleTask({
          id: 'mcp-policy-reload',
          // Each replica reads its own copy of the files.
          scope: 'local',
          frequency: { seconds: config.reloadIntervalSeconds },
          timeout: { seconds: 60 },
          initialDelay: { seconds: config.reloadIntervalSeconds },
          fn: async () => {
            await loader.reload();
          },
        });
        await deps.scheduler.scheduleTask({
          id: 'mcp-policy-decision-log-retention',
          scope: 'global',
          frequency: { hours: 6 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const before = new Date(
              Date.now() - config.retentionDays * 24 * 3600 * 1000,
            );
            const deleted = await log.deleteOlderThan(before);
            if (deleted > 0) {
              deps.logger.info(
                `Deleted ${deleted} decisions older than ${config.retentionDays} days`,
              );
            }
          },
        });

        deps.httpRouter.use(
          await createRouter({
            ...deps,
            decisions,
            loader,
            log,
            contextProviders: providers,
            dryRuns: new DryRunSandbox({
              ...config.dryRun,
              compile: { maxExpressionCost: config.maxExpressionCost },
              toolCallDefault: config.toolCallDefault,
              permissionDefault: config.permissionDefault,
            }),
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
