import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { McpPolicyClient } from '@mcp-platform/plugin-mcp-policy-common';
import { FallbackDecision, McpPermissionPolicy } from './McpPermissionPolicy';

/** Installs the MCP policy engine as the backend's permission policy. */
export const permissionModuleMcpPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'mcp-policy',
  register(env) {
    env.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
      },
      async init({ policy, config, auth, discovery, logger }) {
        const fallback =
          config.getOptionalString('mcpPolicy.permission.fallback') ?? 'deny';
        if (fallback !== 'allow' && fallback !== 'deny') {
          throw new Error(
            `mcpPolicy.permission.fallback must be "allow" or "deny", got "${fallback}"`,
          );
        }
        policy.setPolicy(
          new McpPermissionPolicy({
            fallback: fallback as FallbackDecision,
            engine: new McpPolicyClient({ discoveryApi: discovery }),
            auth,
            logger,
          }),
        );
      },
    });
  },
});
