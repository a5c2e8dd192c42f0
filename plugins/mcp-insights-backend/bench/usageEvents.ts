/**
 * The usage the insights benchmark pushes: batches of BATCH events as JSON bodies, to servers of
 * Zipf-like popularity, with two batches sent again (a client retrying after a timeout).
 */
import { seededRandom } from '@mcp-platform/bench-utils';
import {
  BATCH,
  INGEST_EVENTS,
  MODELS,
  serverRef,
  SERVERS,
  team,
  TEAMS,
  TOOLS,
} from './benchSettings';

/** Picks servers with Zipf-like popularity: server k gets weight 1/(k+1). */
function serverPicker(rand: () => number): () => number {
  const weights = Array.from({ length: SERVERS }, (_, k) => 1 / (k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
  const pickServer = () => {
    const x = rand();
    let lo = 0;
    let hi = SERVERS - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return pickServer;
}

/**
 * INGEST_EVENTS events in batches, the event of server `s` made by `eventOf` (`n` counts the
 * events, `i` within the batch), then the batches `retried` names sent again.
 */
function pushedBatches(
  seed: number,
  eventOf: (
    n: number,
    i: number,
    s: number,
    rand: () => number,
  ) => Record<string, unknown>,
  retried: (batchCount: number) => number[],
): string[] {
  const rand = seededRandom(seed);
  const pickServer = serverPicker(rand);
  const batches: string[] = [];
  for (let b = 0; b * BATCH < INGEST_EVENTS; b++) {
    const events = [];
    for (let i = 0; i < BATCH; i++) {
      events.push(eventOf(b * BATCH + i, i, pickServer(), rand));
    }
    batches.push(JSON.stringify({ events }));
  }
  // Retries of earlier batches: idempotency must hold under load.
  batches.push(...retried(batches.length).map(b => batches[b]));
  return batches;
}

/** What servers' own clients push: 1 % errors, tokens for every fifth server. */
export function eventBatches(): string[] {
  const now = Date.now();
  return pushedBatches(
    7,
    (n, _i, s, rand) => {
      const event: Record<string, unknown> = {
        id: `ev-${n}`,
        timestamp: new Date(now - Math.floor(rand() * 300_000)).toISOString(),
        server: `server-${s}`,
        tool: TOOLS[Math.floor(rand() * TOOLS.length)],
        outcome: rand() < 0.01 ? 'error' : 'success',
        durationMs: Math.round(20 + rand() * rand() * 3000),
      };
      if (s % 5 === 0) {
        event.tokens = [
          {
            model: MODELS[s % 3],
            input: 200 + Math.floor(rand() * 3000),
            output: Math.floor(rand() * 500),
          },
        ];
      }
      return event;
    },
    count => [3, Math.floor(count / 2)],
  );
}

/**
 * What the gateway's meter sends: the same number of calls as in 1, to servers of the same
 * popularity, each with its consuming team (one of three per server), pushed by a service.
 */
export function gatewayBatches(): string[] {
  const now = Date.now();
  return pushedBatches(
    13,
    (n, i, s, rand) => {
      const requestBytes = 100 + Math.floor(rand() * 2000);
      const responseBytes = 200 + Math.floor(rand() * 20_000);
      return {
        id: `gw-${n}`,
        timestamp: new Date(now - Math.floor(rand() * 300_000)).toISOString(),
        server: serverRef(s),
        tool: TOOLS[Math.floor(rand() * TOOLS.length)],
        outcome: rand() < 0.01 ? 'error' : 'success',
        durationMs: Math.round((20 + rand() * rand() * 3000) * 1000) / 1000,
        consumer: {
          principal: `user:default/user-${i % 50}`,
          user: `user:default/user-${i % 50}`,
          team: team((s + (i % 3)) % TEAMS),
        },
        requestBytes,
        responseBytes,
        estimatedTokens: {
          input: Math.ceil(requestBytes / 4),
          output: Math.ceil(responseBytes / 4),
        },
        source: 'gateway',
      };
    },
    count => [1, Math.floor(count / 2)],
  );
}
