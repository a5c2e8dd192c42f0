export interface Config {
  /** Configuration of the MCP policy engine. */
  mcpPolicy?: {
    /**
     * Policy documents (YAML files) to load, relative to the backend's working directory.
     * @visibility backend
     */
    files?: string[];
  };
}
