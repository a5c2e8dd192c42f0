import { ResponseError } from '@backstage/errors';
import {
  AccessDecision,
  DecisionLogEntry,
  DecisionLogPage,
  DeploymentDecision,
  DryRunRequest,
  DryRunResponse,
  EvaluateToolCallsResponse,
  PolicySetInfo,
} from './decisions';
import { DeploymentConfig } from './inputs';

/**
 * Per-call options: a token for backend callers; frontends pass a fetchApi that adds one.
 *
 * @public
 */
export interface McpPolicyRequestOptions {
  token?: string;
}

/**
 * Filters of {@link McpPolicyClient.getDecisions}.
 *
 * @public
 */
export interface DecisionLogFilter {
  kind?: 'deployment' | 'tool-call' | 'permission';
  result?: 'allow' | 'deny';
  principal?: string;
  user?: string;
  rule?: string;
  subject?: string;
  since?: string;
  until?: string;
  limit?: number;
  cursor?: string;
}

/**
 * Client of the MCP policy engine's API (`/api/mcp-policy`), for the frontend, the permission
 * module, the scaffolder gate and CI/CD scripts alike.
 *
 * @public
 */
export class McpPolicyClient {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...a) => fetch(...a) };
  }

  evaluateDeployment(
    deployment: DeploymentConfig,
    options: McpPolicyRequestOptions & { record?: boolean } = {},
  ): Promise<DeploymentDecision> {
    return this.post(
      '/v1/deployments/evaluate',
      { deployment, record: options.record },
      options,
    );
  }

  /**
   * May a user call these tools? About another user than the caller this needs
   * `mcp.policy.decisions.read`; decisions are logged by default for services only.
   */
  evaluateToolCalls(
    request: {
      user?: { ref: string; groups?: string[] };
      tools: { server: string; tool: string }[];
      record?: boolean;
    },
    options: McpPolicyRequestOptions = {},
  ): Promise<EvaluateToolCallsResponse> {
    return this.post('/v1/tool-calls/evaluate', request, options);
  }

  /** Decides one of the suite's permissions for a user; same rules as {@link McpPolicyClient.evaluateToolCalls}. */
  evaluatePermission(
    request: {
      user: { ref: string; groups?: string[] };
      permission: { name: string; action?: string; resourceRef?: string };
      record?: boolean;
    },
    options: McpPolicyRequestOptions = {},
  ): Promise<AccessDecision> {
    return this.post('/v1/permissions/evaluate', request, options);
  }

  getPolicies(options: McpPolicyRequestOptions = {}): Promise<PolicySetInfo> {
    return this.get('/v1/policies', options);
  }

  getDecisions(
    filter: DecisionLogFilter = {},
    options: McpPolicyRequestOptions = {},
  ): Promise<DecisionLogPage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const query = params.toString();
    return this.get(`/v1/decisions${query ? `?${query}` : ''}`, options);
  }

  getDecision(
    id: string,
    options: McpPolicyRequestOptions = {},
  ): Promise<DecisionLogEntry> {
    return this.get(`/v1/decisions/${encodeURIComponent(id)}`, options);
  }

  dryRun(
    request: DryRunRequest,
    options: McpPolicyRequestOptions = {},
  ): Promise<DryRunResponse> {
    return this.post('/v1/dry-run', request, options);
  }

  private async get<T>(path: string, options: McpPolicyRequestOptions) {
    return this.request<T>(path, { method: 'GET' }, options);
  }

  private async post<T>(
    path: string,
    body: unknown,
    options: McpPolicyRequestOptions,
  ) {
    return this.request<T>(
      path,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
      options,
    );
  }

  private async request<T>(
    path: string,
    init: RequestInit,
    options: McpPolicyRequestOptions,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mcp-policy');
    const headers = new Headers(init.headers);
    if (options.token) headers.set('authorization', `Bearer ${options.token}`);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
