/** tools/call at a fixed open-loop rate: the latency the gateway adds to a direct call. */
import {
  openLoop,
  percentileOfUnsorted as percentile,
} from '@mcp-platform/bench-utils';
import { message } from './benchProcesses';
import { callTool } from './benchRpc';
import {
  fmt,
  OPEN_LOOP_SECONDS,
  RATE,
  ResultRow,
  TARGETS,
} from './benchSettings';
import { BenchStack } from './benchStack';

/** Warms the call paths up (JIT, connections, decision cache) and checks the gateway relays. */
export async function warmUpCalls(stack: BenchStack) {
  const { direct, gateway } = stack;
  for (let i = 0; i < 3000; i++) {
    await callTool(direct, 'echo_1k');
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

/** Added latency at a fixed rate: direct, gateway, direct again (the baseline is the mean). */
export async function addedLatencyPhase(
  stack: BenchStack,
): Promise<ResultRow[]> {
  const { direct, gateway, gatewayProcess: backend } = stack;
  const d1 = await openLoop(
    () => callTool(direct, 'echo_1k'),
    RATE,
    OPEN_LOOP_SECONDS,
  );
  await stack.profileStart('calls');
  backend.send('delay-start');
  const g = await openLoop(
    () => callTool(gateway, 'bench-0__echo_1k'),
    RATE,
    OPEN_LOOP_SECONDS,
  );
  backend.send('delay-stop');
  if (process.env.MCP_BENCH_VERBOSE) {
    // Latency per second of the run, to tell a steady cost from stalls.
    const seconds = new Map<number, number[]>();
    g.at.forEach((t, i) => {
      const second = Math.floor(t / 1000);
      seconds.set(second, [...(seconds.get(second) ?? []), g.latencies[i]]);
    });
    for (const [second, values] of seconds)
      process.stdout.write(
        `  second ${second}: p50 ${fmt(percentile(values, 50))}, p99 ${fmt(
          percentile(values, 99),
        )}, max ${fmt(Math.max(...values))}\n`,
      );
  }
  const delay = await message<{ p50: number; p99: number; max: number }>(
    backend,
    m => m?.delay,
  );
  process.stdout.write(
    `gateway event-loop delay during the open loop: p50 ${fmt(
      delay.p50,
    )}, p99 ${fmt(delay.p99)}, max ${fmt(delay.max)}\n`,
  );
  await stack.profileStop('calls');
  const d2 = await openLoop(
    () => callTool(direct, 'echo_1k'),
    RATE,
    OPEN_LOOP_SECONDS,
  );
  const dP50 =
    (percentile(d1.latencies, 50) + percentile(d2.latencies, 50)) / 2;
  const dP99 =
    (percentile(d1.latencies, 99) + percentile(d2.latencies, 99)) / 2;
  const gP50 = percentile(g.latencies, 50);
  const gP99 = percentile(g.latencies, 99);
  if (d1.errors + d2.errors + g.errors)
    process.stdout.write(
      `errors: direct ${d1.errors + d2.errors}, gateway ${g.errors}\n`,
    );
  return [
    [
      `tools/call at ${RATE}/s, added p50`,
      `direct p50 ${fmt(dP50)}`,
      `gateway p50 ${fmt(gP50)}`,
      `+${fmt(gP50 - dP50)} (×${(gP50 / dP50).toFixed(2)})`,
      `≤ +${TARGETS.addedP50Ms} ms`,
      gP50 - dP50 <= TARGETS.addedP50Ms ? 'yes' : 'NO',
    ],
    [
      `tools/call at ${RATE}/s, added p99`,
      `direct p99 ${fmt(dP99)}`,
      `gateway p99 ${fmt(gP99)}`,
      `+${fmt(gP99 - dP99)} (×${(gP99 / dP99).toFixed(2)})`,
      `≤ +${TARGETS.addedP99Ms} ms`,
      gP99 - dP99 <= TARGETS.addedP99Ms ? 'yes' : 'NO',
    ],
  ];
}
