export interface Config {
  /**
   * Configuration of MCP insights. Its keys are declared here as the features that read them land;
   * none is read yet.
   */
  mcpInsights?: {};
}
