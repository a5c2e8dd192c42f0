/*
 * yarn bench:gateway — the MCP gateway's added latency, throughput, tools/list over 20 upstreams
 * and its behaviour with one upstream down, against a baseline measured in the same run: the
 * same calls sent by the same load generator straight to the same upstream.
 *
 * Three processes: this one (orchestrator and load generator), the upstream MCP servers, and a
 * real Backstage backend with the plugins' own wiring (benchBackend.ts): catalog, MCP catalog,
 * policy engine (built-in pack), insights (the meter's sink), permissions and the gateway, with a
 * static external-access token as the caller. Load is open loop at a fixed rate, latency counted
 * from the intended send time (no coordinated omission); results are 1 KiB. Agents' calls go to
 * the gateway's data-plane listener; Backstage's listener is measured beside it. Added latency
 * and throughput are also measured for a bare Node.js relay of the same calls
 * (benchBareProxy.ts), the floor of any Node.js gateway on the machine, in rounds that take turns
 * with the direct and gateway calls so all see the same stretch of the machine. Then the same calls against the gateway as a backend of its
 * own (benchBackend.ts `--role gateway`, the platform in a second backend beside it), the
 * deployment for agent traffic at scale: its CPU figures are the gateway's process alone.
 *
 * Settings and targets: benchSettings.ts (MCP_BENCH_SECONDS sets each open loop's length); the
 * stack: benchStack.ts and benchFixtures.ts; the phases: listPhases.ts, callPhases.ts,
 * throughputPhases.ts and outagePhase.ts.
 */
import os from 'node:os';
import { printTable } from '@mcp-platform/bench-utils';
import { addedLatencyPhase, warmUpCalls } from './callPhases';
import { RATE, ResultRow } from './benchSettings';
import { startStack } from './benchStack';
import { coldListPhase, warmListPhase } from './listPhases';
import { outagePhase } from './outagePhase';
import {
  httpStackCost,
  idleCpuPerSecond,
  throughputPhase,
} from './throughputPhases';

const HEADER: ResultRow = [
  'measurement',
  'baseline',
  'gateway',
  'difference',
  'target',
  'met',
];

async function main() {
  const started = Date.now();
  const stack = await startStack(started);
  const rows: ResultRow[] = [];
  rows.push(...(await coldListPhase(stack)));
  await warmUpCalls(stack);
  rows.push(...(await addedLatencyPhase(stack)));
  const idlePerSecond = await idleCpuPerSecond(stack);
  rows.push(...(await throughputPhase(stack, idlePerSecond)));
  await httpStackCost(stack, idlePerSecond);
  rows.push(...(await warmListPhase(stack)));
  rows.push(...(await outagePhase(stack)));
  await stack.close();

  // The data plane scaled apart from the portal (packages/gateway-backend, app-config.gateway.yaml):
  // the gateway's process does only the gateway's work; the policy engine and insights, which
  // its calls are decided and metered by, run in the platform backend beside it.
  const apart = await startStack(Date.now(), { split: true });
  const apartRows: ResultRow[] = [];
  await warmUpCalls(apart);
  apartRows.push(...(await addedLatencyPhase(apart)));
  apartRows.push(
    ...(await throughputPhase(apart, await idleCpuPerSecond(apart))),
  );
  apartRows.push(...(await coldListPhase(apart)));
  await apart.close();

  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(
    `\n== MCP gateway in the main backend (${
      os.cpus().length
    } cores, ${RATE}/s open loop, 1 KiB results) ==`,
  );
  printTable([HEADER, ...rows], out);
  out(
    `\n== MCP gateway as its own backend (packages/gateway-backend), the platform beside it ==`,
  );
  printTable([HEADER, ...apartRows], out);
  out(`\nbenchmark took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
