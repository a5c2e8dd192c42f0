import type {
  Prompt,
  Resource,
  ResourceTemplateType as ResourceTemplate,
  Tool,
} from '@modelcontextprotocol/client';
import { McpRemote } from '@mcp-platform/plugin-mcp-catalog-common';
import type {
  EraVerdict,
  ProtocolEra,
} from '@mcp-platform/plugin-mcp-catalog-node';

// What discovery hands the store. It lives outside discovery/ and database/ so that the store
// does not import discovery (which imports the store's interface).

/** What one discovery of a server found. */
export interface DiscoveredServer {
  /** The remote that answered. */
  remote: McpRemote;
  /** The transport that answered: a Streamable HTTP remote may have answered over SSE. */
  transport: 'streamable-http' | 'sse';
  /** The era the listing used: `modern` (2026-07-28) or `legacy` (2025-11-25 and before). */
  era: ProtocolEra;
  /** The revision the listing used. */
  protocolVersion?: string;
  /**
   * Every revision the server was seen to speak, newest first, when this discovery checked
   * (see `checkRevisions`); undefined when it relied on a cached verdict.
   */
  revisions?: string[];
  /** The cached era verdict for the next discovery, when this one established it. */
  verdict?: EraVerdict;
  /** Freshness hints of the server's `server/discover` answer (2026-07-28). */
  cacheHints?: { ttlMs?: number; cacheScope?: string };
  serverInfo?: { name: string; version: string; title?: string };
  instructions?: string;
  capabilities: Record<string, unknown>;
  tools: Tool[];
  /** The JSON of each tool's input schema, in the order of `tools`, if already serialised. */
  toolInputSchemaJson?: string[];
  prompts: Prompt[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  latencyMs: number;
}
