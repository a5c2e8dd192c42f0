/**
 * A Backstage permission policy answered by the MCP policy engine.
 *
 * @packageDocumentation
 */
export { permissionModuleMcpPolicy as default } from './module';
export { McpPermissionPolicy } from './McpPermissionPolicy';
export {
  mcpPermissionPolicyExtensionPoint,
  resolveOtherPermissionsPolicy,
} from './otherPermissions';
export type {
  McpPermissionPolicyExtensionPoint,
  OtherPermissionsMode,
} from './otherPermissions';
