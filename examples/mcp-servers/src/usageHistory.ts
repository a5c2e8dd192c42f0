import { exampleFaults } from './injectedFaults';
import { exampleTraffic, weighted } from './exampleTraffic';
import { guestToken } from './demoBackend';
import { between, seededRandom } from './randomness';

/** An event of the insights push API (`POST /api/mcp-insights/v1/usage/events`). */
export interface PushedUsageEvent {
  id: string;
  timestamp: string;
  server: string;
  tool?: string;
  outcome?: 'success' | 'error';
  durationMs?: number;
  tokens?: {
    model: string;
    input?: number;
    output?: number;
    cached?: number;
  }[];
  cost?: number;
}

const HOUR_MS = 3_600_000;

/** The model each model-gateway tool meters, as in modelGateway.ts. */
const GATEWAY_MODELS: Record<string, string> = {
  classify_text: 'gpt-4o-mini',
  summarize_text: 'claude-3-5-haiku-20241022',
  embed_text: 'text-embedding-3-small',
};

/** Calls per hour of each server at the daily peak. */
const HISTORY_VOLUME: Record<string, number> = {
  'payments-ledger': 90,
  'analytics-warehouse': 60,
  'support-desk': 70,
  'model-gateway': 120,
};

/**
 * Generates past usage of the example servers as push events: office-hours traffic with a weekly
 * rhythm, each server's faults (errors, slow calls), tokens for the model gateway, a payment-API
 * fee on refunds, a fivefold traffic (and token spend) spike three days ago on the model gateway and an error burst in the last hour
 * on the support desk. Ids are derived from server, hour and index, so pushing the same history
 * twice counts it once.
 */
export function generateUsageHistory(options: {
  days: number;
  now?: number;
  seed?: number;
}): PushedUsageEvent[] {
  const now = options.now ?? Date.now();
  const random = seededRandom(options.seed ?? 42);
  const events: PushedUsageEvent[] = [];
  const firstHour = Math.floor(now / HOUR_MS) - options.days * 24;
  const spikeDay = Math.floor(now / 86_400_000) - 3;
  for (let hour = firstHour; hour < Math.floor(now / HOUR_MS); hour++) {
    const date = new Date(hour * HOUR_MS);
    const hourOfDay = date.getUTCHours();
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const office = Math.exp(-((hourOfDay - 13) ** 2) / 18);
    for (const [server, peak] of Object.entries(HISTORY_VOLUME)) {
      let volume = peak * (0.15 + 0.85 * office) * (weekend ? 0.35 : 1);
      if (server === 'model-gateway' && Math.floor(hour / 24) === spikeDay)
        volume *= 5;
      const calls = Math.round(volume * (0.8 + 0.4 * random()));
      const faults = exampleFaults[server];
      const burst =
        server === 'support-desk' && hour === Math.floor(now / HOUR_MS) - 1;
      for (let i = 0; i < calls; i++) {
        const call = weighted(random, exampleTraffic[server]);
        const slow = random() < faults.slowShare;
        const failed =
          call.fails ||
          random() < faults.failureShare ||
          (burst && random() < 0.3);
        const durationMs = Math.round(
          slow
            ? between(random, faults.slowMs)
            : between(random, faults.baseLatencyMs ?? [5, 50]),
        );
        const event: PushedUsageEvent = {
          id: `demo-${server}-${hour}-${i}`,
          timestamp: new Date(
            hour * HOUR_MS + Math.floor(random() * HOUR_MS),
          ).toISOString(),
          server,
          tool: call.tool,
          outcome: failed ? 'error' : 'success',
          durationMs,
        };
        if (server === 'model-gateway' && call.tool !== 'list_models') {
          const model = GATEWAY_MODELS[call.tool] ?? 'text-embedding-3-small';
          const input = 400 + Math.floor(random() * 6000);
          event.tokens = [
            {
              model,
              input,
              output:
                model === 'text-embedding-3-small'
                  ? 0
                  : 50 + Math.floor(random() * 600),
              cached: model === 'gpt-4o-mini' ? Math.floor(input * 0.3) : 0,
            },
          ];
        }
        if (
          server === 'payments-ledger' &&
          call.tool === 'flag_transaction_for_review'
        ) {
          event.cost = 0.05;
        }
        events.push(event);
      }
    }
  }
  return events;
}

/**
 * Pushes events to the insights backend in batches, with a Backstage token: `token`, or in
 * development a guest token from the guest auth provider.
 */
export async function pushUsageEvents(options: {
  backstageUrl: string;
  events: PushedUsageEvent[];
  token?: string;
  batchSize?: number;
}): Promise<{ accepted: number; duplicates: number; rejected: number }> {
  const base = options.backstageUrl.replace(/\/$/, '');
  const token = options.token ?? (await guestToken(base));
  const totals = { accepted: 0, duplicates: 0, rejected: 0 };
  const size = options.batchSize ?? 5000;
  for (let i = 0; i < options.events.length; i += size) {
    const response = await fetch(`${base}/api/mcp-insights/v1/usage/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ events: options.events.slice(i, i + size) }),
    });
    if (!response.ok) {
      throw new Error(
        `push failed with HTTP ${response.status}: ${(
          await response.text()
        ).slice(0, 300)}`,
      );
    }
    const result = (await response.json()) as typeof totals;
    totals.accepted += result.accepted;
    totals.duplicates += result.duplicates;
    totals.rejected += result.rejected;
  }
  return totals;
}
