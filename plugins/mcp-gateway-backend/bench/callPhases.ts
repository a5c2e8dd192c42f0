/** tools/call at a fixed open-loop rate: the latency the gateway adds to a direct call. */
import {
  openLoop,
  OpenLoopResult,
  percentileOfUnsorted as percentile,
} from '@mcp-platform/bench-utils';
import { message } from './benchProcesses';
import { callTool } from './benchRpc';
import {
  fmt,
  fmtDiff,
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

/** Rounds of the added-latency phase; each sends direct and through the gateway in turn. */
const ROUNDS = 5;

/**
 * Added latency at a fixed rate. Direct and gateway calls take turns in short stretches
 * (ROUNDS rounds of OPEN_LOOP_SECONDS / ROUNDS × 2 s each, the order alternating), so both see the
 * same machine: on two cores shared with the upstreams and the load generator, the machine's
 * own stalls move a p99 by tens of milliseconds from one stretch of seconds to the next, and
 * two phases measured one after the other compared different stretches. The figures are over
 * all rounds' calls; each round's pair is printed too.
 */
export async function addedLatencyPhase(
  stack: BenchStack,
): Promise<ResultRow[]> {
  const { direct, gateway, gatewayProcess: backend } = stack;
  const seconds = (OPEN_LOOP_SECONDS * 2) / ROUNDS;
  const directRun = () =>
    openLoop(() => callTool(direct, 'echo_1k'), RATE, seconds);
  const gatewayRun = () =>
    openLoop(() => callTool(gateway, 'bench-0__echo_1k'), RATE, seconds);
  const directLatencies: number[] = [];
  const gatewayLatencies: number[] = [];
  let errors = { direct: 0, gateway: 0 };
  await stack.profileStart('calls');
  backend.send('delay-start');
  for (let round = 0; round < ROUNDS; round++) {
    let d: OpenLoopResult;
    let g: OpenLoopResult;
    if (round % 2 === 0) {
      d = await directRun();
      g = await gatewayRun();
    } else {
      g = await gatewayRun();
      d = await directRun();
    }
    directLatencies.push(...d.latencies);
    gatewayLatencies.push(...g.latencies);
    errors = {
      direct: errors.direct + d.errors,
      gateway: errors.gateway + g.errors,
    };
    const line = (values: number[]) =>
      `p50 ${fmt(percentile(values, 50))}, p99 ${fmt(percentile(values, 99))}`;
    process.stdout.write(
      `  round ${round + 1}: direct ${line(d.latencies)}; gateway ${line(
        g.latencies,
      )}\n`,
    );
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
  const dP50 = percentile(directLatencies, 50);
  const dP99 = percentile(directLatencies, 99);
  const gP50 = percentile(gatewayLatencies, 50);
  const gP99 = percentile(gatewayLatencies, 99);
  if (errors.direct + errors.gateway)
    process.stdout.write(
      `errors: direct ${errors.direct}, gateway ${errors.gateway}\n`,
    );
  return [
    [
      `tools/call at ${RATE}/s, added p50`,
      `direct p50 ${fmt(dP50)}`,
      `gateway p50 ${fmt(gP50)}`,
      `${fmtDiff(gP50 - dP50)} (×${(gP50 / dP50).toFixed(2)})`,
      `≤ +${TARGETS.addedP50Ms} ms`,
      gP50 - dP50 <= TARGETS.addedP50Ms ? 'yes' : 'NO',
    ],
    [
      `tools/call at ${RATE}/s, added p99`,
      `direct p99 ${fmt(dP99)}`,
      `gateway p99 ${fmt(gP99)}`,
      `${fmtDiff(gP99 - dP99)} (×${(gP99 / dP99).toFixed(2)})`,
      `≤ +${TARGETS.addedP99Ms} ms`,
      gP99 - dP99 <= TARGETS.addedP99Ms ? 'yes' : 'NO',
    ],
  ];
}
