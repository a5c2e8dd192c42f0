import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { FallbackDecision, McpPermissionPolicy } from './McpPermissionPolicy';

/** Installs the MCP policy engine as the backend's permission policy. */
export const permissionModuleMcpPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'mcp-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        const fallback =
          config.getOptionalString('mcpPolicy.permission.fallback') ?? 'deny';
        if (fallback !== 'allow' && fallback !== 'deny') {
          throw new Error(
            `mcpPolicy.permission.fallback must be "allow" or "deny", got "${fallback}"`,
          );
        }
        policy.setPolicy(
          new McpPermissionPolicy({ fallback: fallback as FallbackDecision }),
        );
      },
    });
  },
});
