import { createApiRef } from '@backstage/core-plugin-api';
import {
  GatewayClientConfig,
  GatewayEndpoints,
  GatewayRefusedCall,
  GatewayToolView,
  GatewayUpstreamStatus,
} from '@mcp-platform/plugin-mcp-gateway-common';

/** Where to connect an MCP client to the gateway, and the snippets that do it. */
export interface GatewayConnectInfo {
  endpoints: GatewayEndpoints;
  /** Snippets for the aggregate endpoint, one per MCP client. */
  clients: GatewayClientConfig[];
}

/** Which tools to list: every server (the aggregate endpoint), one server or one profile. */
export interface GatewayToolScope {
  /** An entity ref like `api:default/payments-ledger`. */
  server?: string;
  profile?: string;
}

/** The MCP gateway backend (`/api/mcp-gateway`), as the Gateway tab uses it. */
export interface McpGatewayApi {
  getEndpoints(): Promise<GatewayConnectInfo>;
  /** Every tool in scope for the signed-in user: callable, or why not. */
  listTools(scope?: GatewayToolScope): Promise<{ items: GatewayToolView[] }>;
  listUpstreams(): Promise<{ items: GatewayUpstreamStatus[] }>;
  /**
   * The signed-in user's recently refused calls; every caller's with `all` and the
   * `mcp.gateway.admin` permission.
   */
  listRefusals(options?: {
    all?: boolean;
  }): Promise<{ items: GatewayRefusedCall[] }>;
}

/** The MCP gateway API's ref. */
export const mcpGatewayApiRef = createApiRef<McpGatewayApi>({
  id: 'plugin.mcp-catalog.gateway',
});
