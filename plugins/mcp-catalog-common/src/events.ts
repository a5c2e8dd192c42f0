/**
 * Topic of the events the MCP catalog backend publishes (Backstage's events service) when a
 * tool's approval or a kill switch changes, so that whoever caches tool facts (the policy
 * engine's catalog context) forgets them at once rather than when their lifetime ends.
 *
 * @public
 */
export const MCP_TOOL_CHANGES_TOPIC = 'mcp-catalog.tool-changes';

/**
 * The payload of an event on {@link MCP_TOOL_CHANGES_TOPIC}.
 *
 * @public
 */
export interface McpToolChangeEvent {
  /** The server's entity ref, e.g. `api:default/payments-ledger`. */
  serverRef: string;
  /** The tool, or absent when the change is the whole server's (its kill switch, a discovery). */
  toolName?: string;
  /** An approval, a kill switch use, or a discovery that found new, changed or removed tools. */
  change: 'approved' | 'disabled' | 'enabled' | 'discovered';
}
