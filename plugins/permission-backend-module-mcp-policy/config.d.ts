export interface Config {
  mcpPolicy?: {
    permission?: {
      /**
       * Decision for permissions the MCP policy engine does not own (catalog, scaffolder, ...):
       * `allow` (the development default) or `deny`. Defaults to `deny`.
       * @visibility backend
       */
      fallback?: 'allow' | 'deny';
    };
  };
}
