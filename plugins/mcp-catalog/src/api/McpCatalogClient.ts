import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ClientConfigSnippet,
  McpClientKind,
  mcpServerRefPath,
  McpPage,
  McpServerDetail,
  McpServerSummary,
  McpToolDetail,
  McpToolSummary,
} from '@mcp-platform/plugin-mcp-catalog-common';
import {
  KillSwitchAction,
  McpCatalogApi,
  ToolSearchQuery,
} from './McpCatalogApi';

/**
 * Talks to the MCP catalog backend through Backstage's fetch (which adds the user's token).
 *
 * @public
 */
export class McpCatalogClient implements McpCatalogApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('mcp-catalog');
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  listServers(query: { limit?: number; offset?: number } = {}) {
    const params = new URLSearchParams({
      limit: String(query.limit ?? 500),
      offset: String(query.offset ?? 0),
    });
    return this.request<McpPage<McpServerSummary>>(`/v1/servers?${params}`);
  }

  getServer(entityRef: string) {
    return this.request<McpServerDetail>(
      `/v1/servers/${mcpServerRefPath(entityRef)}`,
    );
  }

  refreshServer(entityRef: string) {
    return this.request<{
      ok: boolean;
      error?: string;
      server: McpServerDetail;
    }>(`/v1/servers/${mcpServerRefPath(entityRef)}/refresh`, {
      method: 'POST',
    });
  }

  getClientConfig(entityRef: string, client: McpClientKind) {
    return this.request<ClientConfigSnippet>(
      `/v1/servers/${mcpServerRefPath(
        entityRef,
      )}/client-config?client=${client}`,
    );
  }

  searchTools(query: ToolSearchQuery) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    return this.request<McpPage<McpToolSummary>>(`/v1/tools?${params}`);
  }

  getTool(serverRef: string, toolName: string) {
    return this.request<McpToolDetail>(
      `/v1/tools/${mcpServerRefPath(serverRef)}/${encodeURIComponent(
        toolName,
      )}`,
    );
  }

  approveTool(serverRef: string, toolName: string, definitionHash: string) {
    return this.request<McpToolDetail>(
      `/v1/tools/${mcpServerRefPath(serverRef)}/${encodeURIComponent(
        toolName,
      )}/approve`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ definitionHash }),
      },
    );
  }

  switchServer(entityRef: string, action: KillSwitchAction, reason: string) {
    return this.request<McpServerDetail>(
      `/v1/servers/${mcpServerRefPath(entityRef)}/${action}`,
      this.jsonPost({ reason }),
    );
  }

  switchTool(
    serverRef: string,
    toolName: string,
    action: KillSwitchAction,
    reason: string,
  ) {
    return this.request<McpToolDetail>(
      `/v1/tools/${mcpServerRefPath(serverRef)}/${encodeURIComponent(
        toolName,
      )}/${action}`,
      this.jsonPost({ reason }),
    );
  }

  private jsonPost(body: unknown): RequestInit {
    return {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    };
  }
}
