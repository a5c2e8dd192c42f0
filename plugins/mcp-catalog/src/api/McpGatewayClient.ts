import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  GatewayRefusedCall,
  GatewayToolView,
  GatewayUpstreamStatus,
} from '@mcp-platform/plugin-mcp-gateway-common';
import {
  GatewayConnectInfo,
  GatewayToolScope,
  McpGatewayApi,
} from './McpGatewayApi';

/** Talks to the MCP gateway backend through Backstage's fetch (which adds the user's token). */
export class McpGatewayClient implements McpGatewayApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async request<T>(path: string): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('mcp-gateway');
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  getEndpoints() {
    return this.request<GatewayConnectInfo>('/v1/endpoints');
  }

  listTools(scope: GatewayToolScope = {}) {
    const params = new URLSearchParams();
    if (scope.server) params.set('server', scope.server);
    else if (scope.profile) params.set('profile', scope.profile);
    const query = params.toString();
    return this.request<{ items: GatewayToolView[] }>(
      `/v1/tools${query ? `?${query}` : ''}`,
    );
  }

  listUpstreams() {
    return this.request<{ items: GatewayUpstreamStatus[] }>('/v1/upstreams');
  }

  listRefusals(options: { all?: boolean } = {}) {
    return this.request<{ items: GatewayRefusedCall[] }>(
      `/v1/refusals${options.all ? '?all=true' : ''}`,
    );
  }
}
