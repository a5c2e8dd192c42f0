import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import type { UsageEventBatchResult } from '@mcp-platform/plugin-mcp-insights-common';
import { GatewayUsageEvent, UsageSink } from './UsageMeter';

/** mcp-insights' push API (`POST /v1/usage/events`), with the gateway's service token. */
export class HttpInsightsUsageSink implements UsageSink {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async send(events: GatewayUsageEvent[]): Promise<{ settled: string[] }> {
    const [base, { token }] = await Promise.all([
      this.deps.discovery.getBaseUrl('mcp-insights'),
      this.deps.auth.getPluginRequestToken({
        onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
        targetPluginId: 'mcp-insights',
      }),
    ]);
    const response = await fetch(`${base}/v1/usage/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ events }),
    });
    if (!response.ok)
      throw new Error(
        `mcp-insights answered ${response.status} to usage events`,
      );
    const result = (await response.json()) as UsageEventBatchResult;
    // Accepted, duplicate and rejected events are all settled: a rejected one would be
    // rejected again; insights reports why in its own log and response.
    void result;
    return { settled: events.map(e => e.id) };
  }
}
