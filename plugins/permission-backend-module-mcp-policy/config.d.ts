export interface Config {
  mcpPolicy?: {
    permission?: {
      /**
       * Who decides the permissions outside the MCP suite (`catalog.entity.read`, the
       * scaffolder's, ...): `allow` them all (the default when no policy is delegated to),
       * `deny` them all (logged as a warning at start: users then see an empty catalog), or
       * `delegate` to the policy a module hands to `mcpPermissionPolicyExtensionPoint` (the
       * default when one does). The suite's own `mcp.*` permissions are always decided by the
       * MCP policy engine.
       * @visibility backend
       */
      otherPermissions?: 'allow' | 'deny' | 'delegate';
      /**
       * Former name of `otherPermissions` (`allow` or `deny`); still read, with a warning.
       * @deprecated use otherPermissions
       * @visibility backend
       */
      fallback?: 'allow' | 'deny';
    };
  };
}
