export interface Config {
  /** Read by the MCP catalog backend; this module reads `search` only. */
  mcpCatalog?: {
    /** Indexing of tools in Backstage search (this module). */
    search?: {
      /**
       * Scheduler settings of the collator: frequency, timeout, initialDelay.
       * Default every 10 minutes, first run after 1 minute.
       * @visibility backend
       */
      schedule?: {
        frequency:
          | { minutes?: number; seconds?: number; hours?: number }
          | string;
        timeout:
          | { minutes?: number; seconds?: number; hours?: number }
          | string;
        initialDelay?:
          | { minutes?: number; seconds?: number; hours?: number }
          | string;
      };
    };
  };
}
