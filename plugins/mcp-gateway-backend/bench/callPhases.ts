/** tools/call at a fixed open-loop rate: the latency the gateway adds to a direct call. */
import {
  openLoop,
  percentileOfUnsorted as percentile,
} from '@mcp-platform/bench-utils';
import { message } from './benchProcesses';
import { callTool } from './benchRpc';
import {
  fmt,
  fmtDiff,
  inTurns,
  OPEN_LOOP_SECONDS,
  RATE,
  ResultRow,
  TARGETS,
} from './benchSettings';
import { BenchStack } from './benchStack';

/** Warms the call paths up (JIT, connections, decision cache) and checks the gateway relays. */
export async function warmUpCalls(stack: BenchStack) {
  const { direct, gateway, relay } = stack;
  for (let i = 0; i < 3000; i++) {
    await callTool(direct, 'echo_1k');
    await callTool(relay, 'echo_1k');
    await callTool(gateway, 'bench-0__echo_1k');
  }
  const probe = await callTool(gateway, 'bench-0__echo_1k');
  if (probe.body?.result?.content?.[0]?.text?.length !== 1024)
    throw new Error(
      `the gateway did not relay the call: ${JSON.stringify(probe.body).slice(
        0,
        300,
      )}`,
    );
}

/** Rounds of the added-latency phase; each sends direct, through the bare relay and the gateway. */
const ROUNDS = 5;

/** One way to the upstream, and what it measured over all rounds. */
interface CallPath {
  name: string;
  send: () => Promise<unknown>;
  latencies: number[];
  errors: number;
}

/**
 * Added latency at a fixed rate. Direct calls, calls through a bare Node.js relay and calls
 * through the gateway take turns in short stretches (ROUNDS rounds of
 * OPEN_LOOP_SECONDS × 2 / ROUNDS s each, the order rotating), so all three see the same machine:
 * on two cores shared with the upstreams and the load generator, the machine's own stalls move a
 * p99 by tens of milliseconds from one stretch of seconds to the next, and phases measured one
 * after the other compared different stretches. The bare relay (benchBareProxy.ts: HTTP in,
 * HTTP out, nothing else) is the least any Node.js gateway adds here. The figures are over all
 * rounds' calls; each round is printed too.
 */
export async function addedLatencyPhase(
  stack: BenchStack,
): Promise<ResultRow[]> {
  const { direct, gateway, relay, gatewayProcess: backend } = stack;
  const path = (name: string, send: () => Promise<unknown>): CallPath => ({
    name,
    send,
    latencies: [],
    errors: 0,
  });
  const paths = [
    path('direct', () => callTool(direct, 'echo_1k')),
    path('bare relay', () => callTool(relay, 'echo_1k')),
    path('gateway', () => callTool(gateway, 'bench-0__echo_1k')),
  ];
  const seconds = (OPEN_LOOP_SECONDS * 2) / ROUNDS;
  await stack.profileStart('calls');
  backend.send('delay-start');
  for (let round = 0; round < ROUNDS; round++) {
    const runs = await inTurns(
      round,
      paths.map(p => () => openLoop(p.send, RATE, seconds)),
    );
    const figures = paths.map((p, i) => {
      p.latencies.push(...runs[i].latencies);
      p.errors += runs[i].errors;
      return `${p.name} p50 ${fmt(
        percentile(runs[i].latencies, 50),
      )}, p99 ${fmt(percentile(runs[i].latencies, 99))}`;
    });
    process.stdout.write(`  round ${round + 1}: ${figures.join('; ')}\n`);
  }
  backend.send('delay-stop');
  const delay = await message<{ p50: number; p99: number; max: number }>(
    backend,
    m => m?.delay,
  );
  process.stdout.write(
    `gateway event-loop delay during the rounds: p50 ${fmt(
      delay.p50,
    )}, p99 ${fmt(delay.p99)}, max ${fmt(delay.max)}\n`,
  );
  await stack.profileStop('calls');
  const errors = paths.filter(p => p.errors);
  if (errors.length)
    process.stdout.write(
      `errors: ${errors.map(p => `${p.name} ${p.errors}`).join(', ')}\n`,
    );
  const [d, floor, g] = paths.map(p => ({
    p50: percentile(p.latencies, 50),
    p99: percentile(p.latencies, 99),
  }));
  const added = (q: 'p50' | 'p99', limit: number): ResultRow[] => [
    [
      `tools/call at ${RATE}/s, added ${q}`,
      `direct ${q} ${fmt(d[q])}`,
      `gateway ${q} ${fmt(g[q])}`,
      `${fmtDiff(g[q] - d[q])} (×${(g[q] / d[q]).toFixed(2)})`,
      `≤ +${limit} ms`,
      g[q] - d[q] <= limit ? 'yes' : 'NO',
    ],
    [
      `  a bare Node.js relay, added ${q}`,
      '',
      `relay ${q} ${fmt(floor[q])}`,
      `${fmtDiff(floor[q] - d[q])} (×${(floor[q] / d[q]).toFixed(2)})`,
      '(the floor)',
      '',
    ],
  ];
  return [
    ...added('p50', TARGETS.addedP50Ms),
    ...added('p99', TARGETS.addedP99Ms),
  ];
}
