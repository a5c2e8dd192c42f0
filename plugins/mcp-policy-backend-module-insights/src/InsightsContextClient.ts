import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  BudgetPolicyContext,
  ServerBudgetPolicyContext,
  SloPolicyContext,
} from '@mcp-platform/plugin-mcp-insights-common';

/** How long an answer is reused: decisions come in bursts, spend moves slowly. */
const DEFAULT_TTL_MS = 30_000;

/**
 * Reads the policy context routes of the insights backend (`/v1/policy-context/...`) with a
 * service token, caching answers briefly and sharing requests in flight.
 */
export class InsightsContextClient {
  private readonly cache = new Map<
    string,
    { at: number; value: Promise<unknown> }
  >();

  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  budget(query: {
    team?: string;
    server?: string;
  }): Promise<BudgetPolicyContext> {
    const params = new URLSearchParams(
      query.team ? { team: query.team } : { server: query.server ?? '' },
    );
    return this.get(`/v1/policy-context/budget?${params}`);
  }

  serverBudget(server: string): Promise<ServerBudgetPolicyContext> {
    return this.get(
      `/v1/policy-context/server-budget?${new URLSearchParams({ server })}`,
    );
  }

  slo(server: string): Promise<SloPolicyContext> {
    return this.get(
      `/v1/policy-context/slo?${new URLSearchParams({ server })}`,
    );
  }

  private get<T>(path: string): Promise<T> {
    const now = (this.deps.now ?? Date.now)();
    const ttl = this.deps.ttlMs ?? DEFAULT_TTL_MS;
    const cached = this.cache.get(path);
    if (cached && now - cached.at < ttl) return cached.value as Promise<T>;
    const value = this.fetch<T>(path);
    this.cache.set(path, { at: now, value });
    // Failures are not cached: the next decision asks again.
    value.catch(() => this.cache.delete(path));
    if (this.cache.size > 5000) {
      for (const [key, entry] of this.cache) {
        if (now - entry.at >= ttl) this.cache.delete(key);
      }
    }
    return value;
  }

  private async fetch<T>(path: string): Promise<T> {
    const { auth, discovery } = this.deps;
    const baseUrl = await discovery.getBaseUrl('mcp-insights');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'mcp-insights',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(1500),
    });
    if (!response.ok) {
      throw new Error(
        `mcp-insights answered ${response.status} to ${path}: ${(
          await response.text()
        ).slice(0, 200)}`,
      );
    }
    return (await response.json()) as T;
  }
}
