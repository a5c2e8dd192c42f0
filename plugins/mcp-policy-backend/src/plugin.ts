import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  PolicyContextProvider,
  mcpPolicyContextExtensionPoint,
} from '@mcp-platform/plugin-mcp-policy-node';
import { createRouter } from './service/createRouter';

/** The MCP policy engine: deployment and tool-call decisions, explained and logged. */
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
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ logger, httpRouter, httpAuth }) {
        httpRouter.use(
          await createRouter({ logger, httpAuth, contextProviders }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
