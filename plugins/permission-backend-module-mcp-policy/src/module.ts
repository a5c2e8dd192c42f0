import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { McpPolicyClient } from '@mcp-platform/plugin-mcp-policy-common';
import { McpPermissionPolicy } from './McpPermissionPolicy';
import {
  mcpPermissionPolicyExtensionPoint,
  resolveOtherPermissionsPolicy,
} from './otherPermissions';

/**
 * Installs the MCP policy engine as the backend's permission policy, with the policy chosen by
 * `mcpPolicy.permission.otherPermissions` for everything else.
 *
 * @public
 */
export const permissionModuleMcpPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'mcp-policy',
  register(env) {
    let delegate: PermissionPolicy | undefined;
    env.registerExtensionPoint(mcpPermissionPolicyExtensionPoint, {
      setOtherPermissionsPolicy(policy) {
        if (delegate) {
          throw new Error(
            'A policy for permissions outside the MCP suite was already set; only one module may set it',
          );
        }
        delegate = policy;
      },
    });
    env.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
      },
      async init({ policy, config, auth, discovery, logger }) {
        const other = resolveOtherPermissionsPolicy({
          config,
          delegate,
          logger,
        });
        policy.setPolicy(
          new McpPermissionPolicy({
            otherPermissions: other.policy,
            engine: new McpPolicyClient({ discoveryApi: discovery }),
            auth,
            logger,
          }),
        );
      },
    });
  },
});
