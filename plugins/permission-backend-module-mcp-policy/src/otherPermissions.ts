import {
  createExtensionPoint,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';

/**
 * What the module does with permissions outside the MCP suite (`catalog.entity.read`, the
 * scaffolder's, ...): allow them, deny them, or hand them to the adopter's own policy.
 *
 * @public
 */
export type OtherPermissionsMode = 'allow' | 'deny' | 'delegate';

/**
 * Lets an adopter keep their existing permission policy for everything outside the MCP suite.
 * Backstage allows one policy per backend, so instead of calling `policyExtensionPoint.setPolicy`
 * themselves, they hand their policy to this module:
 *
 * ```ts
 * createBackendModule({
 *   pluginId: 'permission',
 *   moduleId: 'acme-policy',
 *   register(env) {
 *     env.registerInit({
 *       deps: { mcp: mcpPermissionPolicyExtensionPoint },
 *       async init({ mcp }) {
 *         mcp.setOtherPermissionsPolicy(new AcmePermissionPolicy());
 *       },
 *     });
 *   },
 * });
 * ```
 *
 * @public
 */
export interface McpPermissionPolicyExtensionPoint {
  /** Answers every permission outside the MCP suite; the suite's stay with the policy engine. */
  setOtherPermissionsPolicy(policy: PermissionPolicy): void;
}

/**
 * See {@link McpPermissionPolicyExtensionPoint}.
 *
 * @public
 */
export const mcpPermissionPolicyExtensionPoint =
  createExtensionPoint<McpPermissionPolicyExtensionPoint>({
    id: 'permission.mcp-policy.other-permissions',
  });

const allowAll: PermissionPolicy = {
  async handle() {
    return { result: AuthorizeResult.ALLOW };
  },
};

const denyAll: PermissionPolicy = {
  async handle() {
    return { result: AuthorizeResult.DENY };
  },
};

const KEY = 'mcpPolicy.permission.otherPermissions';
const LEGACY_KEY = 'mcpPolicy.permission.fallback';
const MODES: OtherPermissionsMode[] = ['allow', 'deny', 'delegate'];

/**
 * Picks the policy for permissions outside the MCP suite from config and the registered
 * delegate. Without config it is the delegate when one is registered, else allow: installing the
 * module never locks anyone out of the catalog. Denying everything is an explicit choice, and
 * warned about at start; a contradiction (a delegate and allow/deny, or delegate without one)
 * stops the backend rather than silently bypass or lose the adopter's policy.
 *
 * @public
 */
export function resolveOtherPermissionsPolicy(options: {
  config: RootConfigService;
  delegate?: PermissionPolicy;
  logger: LoggerService;
}): { mode: OtherPermissionsMode; policy: PermissionPolicy } {
  const { config, delegate, logger } = options;
  const configured = config.getOptionalString(KEY);
  const legacy = config.getOptionalString(LEGACY_KEY);
  if (configured !== undefined && legacy !== undefined) {
    throw new Error(
      `Both ${KEY} and ${LEGACY_KEY} are set; ${LEGACY_KEY} was renamed: keep only ${KEY}`,
    );
  }
  if (legacy !== undefined) {
    logger.warn(`${LEGACY_KEY} was renamed to ${KEY}; please rename it`);
  }
  const raw = configured ?? legacy;
  const usedKey = configured !== undefined ? KEY : LEGACY_KEY;
  if (raw !== undefined && !MODES.includes(raw as OtherPermissionsMode)) {
    throw new Error(
      `${usedKey} must be "allow", "deny" or "delegate", got "${raw}"`,
    );
  }
  const mode: OtherPermissionsMode =
    (raw as OtherPermissionsMode | undefined) ??
    (delegate ? 'delegate' : 'allow');

  if (mode === 'delegate') {
    if (!delegate) {
      throw new Error(
        `${usedKey} is "delegate", but no module handed a policy to mcpPermissionPolicyExtensionPoint; install the module that does (see the README of @mcp-platform/plugin-permission-backend-module-mcp-policy) or set ${KEY} to "allow"`,
      );
    }
    logger.info(
      'Permissions outside the MCP suite are decided by the delegated policy',
    );
    return { mode, policy: delegate };
  }
  if (delegate) {
    throw new Error(
      `A module handed a policy for permissions outside the MCP suite to mcpPermissionPolicyExtensionPoint, but ${usedKey} is "${mode}", which would ignore it; remove the key or set it to "delegate"`,
    );
  }
  if (mode === 'deny') {
    logger.warn(
      `${usedKey} is "deny": every permission outside the MCP suite is refused, including catalog.entity.read and the scaffolder's, so users see an empty catalog and cannot create anything. Set it to "allow", or "delegate" to your own policy, unless that is intended.`,
    );
    return { mode, policy: denyAll };
  }
  logger.info(
    `Permissions outside the MCP suite are allowed (${KEY}: allow); set it to "delegate" to use your own policy`,
  );
  return { mode, policy: allowAll };
}
