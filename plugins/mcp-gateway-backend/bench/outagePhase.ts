/**
 * One upstream goes down: the others are still listed; its calls fail fast once its breaker is
 * open; healthy calls keep their latency while it is hammered.
 */
import {
  openLoop,
  percentileOfUnsorted as percentile,
} from '@mcp-platform/bench-utils';
import { message } from './benchProcesses';
import { callTool, rpc } from './benchRpc';
import {
  fmt,
  OPEN_LOOP_SECONDS,
  RATE,
  ResultRow,
  TARGETS,
  UPSTREAMS,
} from './benchSettings';
import { BenchStack } from './benchStack';

export async function outagePhase(stack: BenchStack): Promise<ResultRow[]> {
  const { upstreams, gateway } = stack;
  const rows: ResultRow[] = [];
  upstreams.send(`stop ${UPSTREAMS}`);
  await message(upstreams, m => (m?.stopped !== undefined ? true : undefined));
  const dead = `bench-${UPSTREAMS}__echo_1k`;
  for (let i = 0; i < 10; i++) await callTool(gateway, dead); // opens its breaker
  const deadCalls: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    await callTool(gateway, dead);
    deadCalls.push(performance.now() - t0);
  }
  const listStart = performance.now();
  const degraded = await rpc(gateway, 'tools/list', {});
  const degradedMs = performance.now() - listStart;
  rows.push([
    'one upstream down: call to it (breaker open), max',
    '',
    `${fmt(Math.max(...deadCalls))} (p50 ${fmt(percentile(deadCalls, 50))})`,
    '',
    `≤ ${TARGETS.deadCallMs} ms`,
    Math.max(...deadCalls) <= TARGETS.deadCallMs ? 'yes' : 'NO',
  ]);
  rows.push([
    'one upstream down: tools/list',
    `connect timeout 2000 ms`,
    `${fmt(degradedMs)} (${degraded.body?.result?.tools?.length ?? 0} tools)`,
    '',
    '≤ connect timeout + 10 ms',
    degradedMs <= 2010 ? 'yes' : 'NO',
  ]);
  const healthyAlone = await openLoop(
    () => callTool(gateway, 'bench-1__echo_1k'),
    RATE,
    OPEN_LOOP_SECONDS,
  );
  const [healthyBusy] = await Promise.all([
    openLoop(
      () => callTool(gateway, 'bench-1__echo_1k'),
      RATE,
      OPEN_LOOP_SECONDS,
    ),
    openLoop(() => callTool(gateway, dead), 100, OPEN_LOOP_SECONDS),
  ]);
  const aloneP99 = percentile(healthyAlone.latencies, 99);
  const busyP99 = percentile(healthyBusy.latencies, 99);
  const shift = (busyP99 - aloneP99) / aloneP99;
  rows.push([
    'healthy p99 while a dead upstream is called 100/s',
    `alone ${fmt(aloneP99)}`,
    `with the dead one ${fmt(busyP99)}`,
    `${(shift * 100).toFixed(1)} %`,
    `≤ ${TARGETS.healthyP99Shift * 100} %`,
    shift <= TARGETS.healthyP99Shift ? 'yes' : 'NO',
  ]);
  return rows;
}
