export interface Config {
  /** Configuration of the MCP catalog backend. */
  mcpCatalog?: {
    /**
     * How often discovery runs, in the scheduler's duration format, e.g. `{ minutes: 1 }`.
     * @visibility backend
     */
    discoveryInterval?: { minutes?: number; seconds?: number };
  };
}
