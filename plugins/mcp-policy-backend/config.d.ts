export interface Config {
  /**
   * Configuration of the MCP policy engine. Its keys are declared here as the features that read them land;
   * none is read yet.
   */
  mcpPolicy?: {};
}
