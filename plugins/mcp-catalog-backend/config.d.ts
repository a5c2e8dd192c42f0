export interface Config {
  /**
   * Configuration of the MCP catalog backend. Its keys are declared here as the features that read them land;
   * none is read yet.
   */
  mcpCatalog?: {};
}
