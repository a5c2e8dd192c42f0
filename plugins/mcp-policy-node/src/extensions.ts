import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * What the engine is asked, as context providers see it.
 *
 * @public
 */
export interface PolicyContextRequest {
  kind: 'deployment' | 'tool-call' | 'permission';
  /** Entity ref of the MCP server concerned, when known. */
  serverRef?: string;
  /** Name of the tool, for tool calls. */
  toolName?: string;
  /** Entity ref of the owning team, when known (deployments). */
  ownerRef?: string;
  /** User entity ref of the caller, for tool calls and permissions. */
  userRef?: string;
  /** Group entity ref of the team a tool call is made for (the gateway's consuming team). */
  teamRef?: string;
}

/**
 * Feeds data to policy expressions under `context.<name>`: a team's spend and budget, a server's
 * error budget, catalog data. Providers are called for every decision that needs them, so they
 * should cache.
 *
 * @public
 */
export interface PolicyContextProvider {
  /** Key under `context`, e.g. `budget` or `catalog`; lower camel case. */
  name: string;
  provide(request: PolicyContextRequest): Promise<Record<string, unknown>>;
  /**
   * Optional: called once before a batch of decisions (e.g. every tool of a `tools/list`) with
   * all of the batch's requests, so that the provider can read what they share in one go and
   * answer the `provide` calls that follow from its cache. A failure here is ignored: `provide`
   * is still asked for each request and fails or answers on its own.
   */
  prepare?(requests: PolicyContextRequest[]): Promise<void>;
}

/**
 * Lets other backend plugins and modules add context providers to the MCP policy engine.
 *
 * @public
 */
export interface McpPolicyContextExtensionPoint {
  addContextProvider(...providers: PolicyContextProvider[]): void;
}

/**
 * The extension point of the MCP policy engine's context providers.
 *
 * @public
 */
export const mcpPolicyContextExtensionPoint =
  createExtensionPoint<McpPolicyContextExtensionPoint>({
    id: 'mcp-policy.context',
  });
