import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  UsageEvent,
  UsageEventBatchResult,
} from '@mcp-platform/plugin-mcp-insights-common';
import { refusedTokenHint } from '../service/refusedTokenHint';
import { GatewayUsageEvent, UsageSink } from './UsageMeter';

/** Answers that say nothing about the batch itself: it is sent again later, however often. */
const RETRIED_WITHOUT_LIMIT = new Set([401, 403, 408, 429]);

/** Rejections quoted in the one log line of a batch; the rest are counted. */
const QUOTED_REJECTIONS = 5;

/** A metered call as insights' push API takes it (`source: gateway`, which a service may send). */
export function toInsightsUsageEvent(e: GatewayUsageEvent): UsageEvent {
  return {
    id: e.id,
    timestamp: e.timestamp,
    server: e.server,
    tool: e.tool,
    outcome: e.outcome,
    durationMs: e.durationMs,
    source: 'gateway',
    consumer: {
      principal: e.consumer.principal,
      user: e.consumer.user,
      ...(e.consumer.team ? { team: e.consumer.team } : {}),
    },
    requestBytes: e.requestBytes,
    responseBytes: e.responseBytes,
    estimatedTokens: {
      input: e.estimatedTokens.input,
      output: e.estimatedTokens.output,
    },
  };
}

/**
 * mcp-insights' push API (`POST /v1/usage/events`), with the gateway's service token. Insights
 * counts an event id once, so a batch sent again after a crash between sending and
 * acknowledging counts once.
 *
 * What is settled (removed from the outbox): events insights accepted or already knew, and
 * events it rejected, which would be rejected again (too old for its idempotency window, over a
 * bound): those are logged once, with insights' reasons, and dropped. Nothing is settled when
 * insights cannot be reached, answers 401, 403, 408, 429 or 5xx, or answers something that does not
 * account for every event: the call throws and the meter retries the batch later, without
 * limit. A whole batch refused as malformed (other 4xx) settles nothing either, and the meter
 * counts the attempt towards its limit.
 */
export class HttpInsightsUsageSink implements UsageSink {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
    },
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
      body: JSON.stringify({ events: events.map(toInsightsUsageEvent) }),
    });
    const { status } = response;
    if (status >= 400 && !RETRIED_WITHOUT_LIMIT.has(status) && status < 500) {
      const detail = await response.text().catch(() => '');
      this.deps.logger.warn(
        `MCP gateway: mcp-insights refused a batch of ${
          events.length
        } usage events with ${status}; they are retried a limited number of times: ${detail.slice(
          0,
          500,
        )}`,
      );
      return { settled: [] };
    }
    if (!response.ok)
      throw new Error(
        `mcp-insights answered ${status} to usage events; they stay in the outbox${refusedTokenHint(
          'mcp-insights',
          status,
        )}`,
      );
    const result = (await response.json()) as UsageEventBatchResult;
    const errors = Array.isArray(result?.errors) ? result.errors : [];
    const refused = new Set(errors.map(e => e.index));
    if (
      result.accepted + result.duplicates + errors.length !== events.length ||
      refused.size !== errors.length ||
      errors.some(e => !Number.isInteger(e.index) || !events[e.index])
    ) {
      throw new Error(
        `mcp-insights answered a usage batch of ${events.length} events with ${result.accepted} accepted, ${result.duplicates} duplicates and ${errors.length} errors; they stay in the outbox`,
      );
    }
    if (errors.length) {
      const quoted = errors
        .slice(0, QUOTED_REJECTIONS)
        .map(e => `${events[e.index].id}: ${e.message}`)
        .join('; ');
      const more =
        errors.length > QUOTED_REJECTIONS
          ? ` (and ${errors.length - QUOTED_REJECTIONS} more)`
          : '';
      this.deps.logger.warn(
        `MCP gateway: mcp-insights rejected ${errors.length} of ${events.length} usage events, which are dropped: ${quoted}${more}`,
      );
    }
    return { settled: events.map(e => e.id) };
  }
}
