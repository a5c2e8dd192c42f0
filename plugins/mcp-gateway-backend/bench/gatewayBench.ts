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
 * the gateway's data-plane listener; Backstage's listener is measured beside it. Throughput is
 * also compared with a bare Node.js relay of the same calls (benchBareProxy.ts): the floor of
 * any Node.js gateway on the machine.
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

  process.stdout.write(
    `\n== MCP gateway (${
      os.cpus().length
    } cores, ${RATE}/s open loop, 1 KiB results) ==\n`,
  );
  printTable(
    [
      ['measurement', 'baseline', 'gateway', 'difference', 'target', 'met'],
      ...rows,
    ],
    line => process.stdout.write(`${line}\n`),
  );
  process.stdout.write(
    `\nbenchmark took ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  await stack.close();
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
