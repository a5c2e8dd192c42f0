export interface Config {
  /** Configuration of MCP insights. */
  mcpInsights?: {
    /**
     * Base URL of a Prometheus server to read MCP metrics from; when unset, servers' /metrics are scraped.
     * @visibility backend
     */
    prometheusUrl?: string;
  };
}
