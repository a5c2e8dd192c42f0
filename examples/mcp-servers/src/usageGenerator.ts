import { ProtocolError } from '@modelcontextprotocol/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoCallers, demoRefusedCalls } from './demoConsumers';
import { RunningExampleServer } from './exampleServer';
import { exampleTraffic, weighted } from './exampleTraffic';
import { ExampleToolClient } from './ExampleToolClient';
import { weightedBy } from './randomness';

/** A running traffic generator. */
export interface UsageGenerator {
  /** Calls made so far per server and tool, with errors. */
  readonly counts: Map<string, { calls: number; errors: number }>;
  stop(): Promise<void>;
}

/**
 * Where the generator's calls go when they go through the MCP gateway: its aggregate endpoint,
 * each call made by one of the consumers with its own token and named `<server>__<tool>` (the
 * example entities have no alias annotation).
 */
export interface GatewayRoute {
  /** The aggregate endpoint, e.g. `http://localhost:7007/api/mcp-gateway/v1/mcp`. */
  url: string;
  /** The token of each consumer by subject. */
  tokens: Record<string, string>;
  /** Who calls each server, with weights; default {@link demoCallers}. */
  callers?: Record<string, { subject: string; weight: number }[]>;
  /** Calls the policy refuses, made now and then; default {@link demoRefusedCalls}. */
  refusedCalls?: typeof demoRefusedCalls;
}

/** One call the generator is about to make, and the client it goes through. */
interface PlannedCall {
  key: string;
  client: ExampleToolClient;
  name: string;
  args: Record<string, unknown>;
}

/**
 * Calls the example servers' tools over MCP at about `callsPerMinute` per server, with each
 * server's realistic call mix (reads, writes, mistaken ids). Combined with
 * {@link withInjectedFaults} on the servers, dashboards see errors and slow calls. With a
 * `gateway`, the calls go through the MCP gateway as the demo's consumers (see
 * {@link GatewayRoute}), so the gateway decides and meters them by consuming team; counts are
 * then kept per `<server>#<tool>#<subject>`.
 */
export function startUsageGenerator(options: {
  servers: Pick<RunningExampleServer, 'name' | 'url'>[];
  callsPerMinute?: number;
  random?: () => number;
  onError?: (error: Error) => void;
  gateway?: GatewayRoute;
}): UsageGenerator {
  const random = options.random ?? Math.random;
  const perMinute = options.callsPerMinute ?? 60;
  const counts = new Map<string, { calls: number; errors: number }>();
  const clients = new Map<string, ExampleToolClient>();
  const clientFor = (key: string, url: string, token?: string) => {
    let client = clients.get(key);
    if (!client) {
      client = new ExampleToolClient(
        url,
        token ? { authorization: `Bearer ${token}` } : undefined,
      );
      clients.set(key, client);
    }
    return client;
  };
  const { gateway } = options;
  const plan = (
    server: Pick<RunningExampleServer, 'name' | 'url'>,
  ): PlannedCall => {
    const call = weighted(random, exampleTraffic[server.name]);
    if (!gateway) {
      return {
        key: `${server.name}#${call.tool}`,
        client: clientFor(server.name, server.url),
        name: call.tool,
        args: call.args(random),
      };
    }
    const refused = (gateway.refusedCalls ?? demoRefusedCalls).find(
      r => r.server === server.name && random() < r.share,
    );
    const callers = (gateway.callers ?? demoCallers)[server.name] ?? [];
    const subject =
      refused?.subject ??
      call.by ??
      weightedBy(random, callers, c => c.weight)?.subject;
    const token = subject && gateway.tokens[subject];
    if (!subject || !token)
      throw new Error(
        `no consumer with a token calls ${server.name} through the gateway`,
      );
    const tool = refused?.tool ?? call.tool;
    return {
      key: `${server.name}#${tool}#${subject}`,
      // A client per loop and consumer: a loop that closes its client after a failure does not
      // cut the other loops' calls.
      client: clientFor(`${server.name}#${subject}`, gateway.url, token),
      name: `${server.name}__${tool}`,
      args: refused ? refused.args(random) : call.args(random),
    };
  };
  let stopped = false;
  const reported = new Set<string>();
  const loops = options.servers
    .filter(s => exampleTraffic[s.name])
    .map(async server => {
      while (!stopped) {
        let planned: PlannedCall | undefined;
        try {
          planned = plan(server);
          const { isError } = await planned.client.call(
            planned.name,
            planned.args,
          );
          const c = counts.get(planned.key) ?? { calls: 0, errors: 0 };
          c.calls++;
          if (isError) c.errors++;
          counts.set(planned.key, c);
        } catch (error) {
          if (planned && error instanceof ProtocolError) {
            // An answer with a JSON-RPC error (an unknown tool, a rate limit, a header the
            // gateway wants): a failed call on a working connection, reported once per message.
            const c = counts.get(planned.key) ?? { calls: 0, errors: 0 };
            c.calls++;
            c.errors++;
            counts.set(planned.key, c);
            if (!reported.has(error.message)) {
              reported.add(error.message);
              options.onError?.(error);
            }
          } else {
            options.onError?.(error as Error);
            await planned?.client.close();
            await sleep(1000);
          }
        }
        // Exponential gaps give bursty, Poisson-like traffic.
        await sleep((-Math.log(1 - random()) * 60_000) / perMinute);
      }
    });
  return {
    counts,
    async stop() {
      stopped = true;
      await Promise.all(loops);
      await Promise.all([...clients.values()].map(c => c.close()));
    },
  };
}
