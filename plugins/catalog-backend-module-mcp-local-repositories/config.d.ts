export interface Config {
  /** Configuration of the MCP scaffolder actions. */
  mcpScaffolder?: {
    localPublish?: {
      /**
       * Directory on the backend host where `publish:local` creates repositories.
       * Defaults to `.mcp-platform/repos` under the backend's working directory.
       * @visibility backend
       */
      baseDir?: string;
    };
  };
}
