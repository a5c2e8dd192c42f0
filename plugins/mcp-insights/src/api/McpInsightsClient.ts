import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  BurnRateStatus,
  CollectionStatusResponse,
  ComputeCostEstimate,
  ComputeCostEstimateRequest,
  ConsumerCostListResponse,
  ConsumerCostReport,
  PricingResponse,
  ServerCostReport,
  SloListResponse,
  SloServerDetail,
  TeamCostListResponse,
  TeamCostReport,
} from '@mcp-platform/plugin-mcp-insights-common';
import { mcpServerRefPath } from '@mcp-platform/plugin-mcp-catalog-common';
import {
  CostExportQuery,
  DownloadedFile,
  McpInsightsApi,
} from './McpInsightsApi';

function queryString(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The file name of a `Content-Disposition: attachment; filename="..."` header. */
function attachmentName(response: Response): string | undefined {
  const header = response.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header);
  return match ? decodeURIComponent(match[1]) : undefined;
}

/**
 * Talks to the insights backend through Backstage's fetch, which adds the user's token.
 *
 * @public
 */
export class McpInsightsClient implements McpInsightsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('mcp-insights');
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }

  private async json<T>(path: string): Promise<T> {
    return (await (await this.fetch(path)).json()) as T;
  }

  private async download(
    path: string,
    fallbackName: string,
  ): Promise<DownloadedFile> {
    const response = await this.fetch(path);
    return {
      fileName: attachmentName(response) ?? fallbackName,
      blob: await response.blob(),
    };
  }

  listTeamCosts(query: { month?: string } = {}) {
    return this.json<TeamCostListResponse>(
      `/v1/cost/teams${queryString(query)}`,
    );
  }

  getTeamCostReport(query: { team: string; month?: string }) {
    return this.json<TeamCostReport>(`/v1/cost/report${queryString(query)}`);
  }

  listConsumerCosts(query: { month?: string } = {}) {
    return this.json<ConsumerCostListResponse>(
      `/v1/cost/consumers${queryString(query)}`,
    );
  }

  getConsumerCostReport(query: { team: string; month?: string }) {
    return this.json<ConsumerCostReport>(
      `/v1/cost/consumers/report${queryString(query)}`,
    );
  }

  getServerCostReport(query: { serverRef: string; month?: string }) {
    return this.json<ServerCostReport>(
      `/v1/cost/servers/${mcpServerRefPath(query.serverRef)}${queryString({
        month: query.month,
      })}`,
    );
  }

  exportCostCsv(query: CostExportQuery) {
    const name = (query.team ?? 'all').replace(/[^a-z0-9-]+/gi, '-');
    const consuming = query.view === 'consuming';
    return this.download(
      `/v1/cost/export.csv${queryString({
        team: query.team,
        month: query.month,
        level: consuming ? undefined : query.level,
        view: consuming ? 'consuming' : undefined,
      })}`,
      `mcp-cost-${consuming ? 'consumers-' : ''}${name}-${
        query.month ?? 'current'
      }.csv`,
    );
  }

  getPricing() {
    return this.json<PricingResponse>('/v1/pricing');
  }

  async estimateComputeCost(
    request: ComputeCostEstimateRequest,
  ): Promise<ComputeCostEstimate> {
    const response = await this.fetch('/v1/cost/estimate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    return (await response.json()) as ComputeCostEstimate;
  }

  listSloServers(query: { team?: string; status?: BurnRateStatus } = {}) {
    return this.json<SloListResponse>(`/v1/slo/servers${queryString(query)}`);
  }

  getSloServer(serverRef: string) {
    return this.json<SloServerDetail>(
      `/v1/slo/servers/${mcpServerRefPath(serverRef)}`,
    );
  }

  getCollectionStatus() {
    return this.json<CollectionStatusResponse>('/v1/collection/status');
  }

  exportPrometheusRules(query: { serverRef?: string } = {}) {
    const name = query.serverRef
      ? parseEntityRef(query.serverRef, { defaultKind: 'api' }).name
      : 'all';
    return this.download(
      `/v1/export/prometheus-rules${queryString({ server: query.serverRef })}`,
      `mcp-slo-rules-${name}.yaml`,
    );
  }

  exportGrafanaDashboard(serverRef: string) {
    const { name } = parseEntityRef(serverRef, { defaultKind: 'api' });
    return this.download(
      `/v1/export/grafana/${mcpServerRefPath(serverRef)}`,
      `mcp-grafana-${name}.json`,
    );
  }
}
