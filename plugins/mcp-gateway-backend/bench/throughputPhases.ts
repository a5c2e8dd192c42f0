/**
 * Throughput per CPU second of the gateway's process (its cores are shared with the upstreams
 * and the load generator), against a bare Node.js relay of the same calls (benchBareProxy.ts),
 * and the cost of Backstage's HTTP stack alone.
 */
import { ChildProcess } from 'node:child_process';
import { cpuSeconds } from './benchProcesses';
import { callTool, Target } from './benchRpc';
import { inTurns, ResultRow, TARGETS } from './benchSettings';
import { BenchStack } from './benchStack';

/** The backend's own background work (discovery, catalog refreshes, metering), without calls. */
export async function idleCpuPerSecond(stack: BenchStack): Promise<number> {
  const proc = stack.gatewayProcess;
  const idleBefore = await cpuSeconds(proc);
  await new Promise(r => setTimeout(r, 5_000));
  const idlePerSecond = ((await cpuSeconds(proc)) - idleBefore) / 5;
  process.stdout.write(
    `${stack.split ? 'gateway backend' : 'backend'} CPU without calls: ${(
      idlePerSecond * 100
    ).toFixed(1)} % of a core\n`,
  );
  return idlePerSecond;
}

/** As many calls as 64 concurrent callers get through in `seconds`, and `proc`'s CPU for them. */
async function throughput(
  via: Target,
  tool: string,
  proc: ChildProcess,
  idle: number,
  seconds = 8,
) {
  const cpuBefore = await cpuSeconds(proc);
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (performance.now() < until) {
        await callTool(via, tool);
        done++;
      }
    }),
  );
  const cpu = (await cpuSeconds(proc)) - cpuBefore - idle * seconds;
  return { done, cpu, perCore: done / cpu };
}

/** Rounds of the throughput comparison; each measures the bare relay and the gateway in turn. */
const ROUNDS = 4;

export async function throughputPhase(
  stack: BenchStack,
  idlePerSecond: number,
): Promise<ResultRow[]> {
  const { gatewayProcess: backend, gateway, viaBackstage } = stack;
  const rows: ResultRow[] = [];
  // The floor: a bare Node.js relay of the same calls to the same upstream, nothing else. The
  // two take turns (4 s each) so that both see the same machine.
  const sum = { floor: { done: 0, cpu: 0 }, plane: { done: 0, cpu: 0 } };
  for (let round = 0; round < ROUNDS; round++) {
    const [f, p] = await inTurns(round, [
      () => throughput(stack.relay, 'echo_1k', stack.relayProcess, 0, 4),
      () => throughput(gateway, 'bench-0__echo_1k', backend, idlePerSecond, 4),
    ]);
    sum.floor.done += f.done;
    sum.floor.cpu += f.cpu;
    sum.plane.done += p.done;
    sum.plane.cpu += p.cpu;
    process.stdout.write(
      `  throughput round ${round + 1}: bare relay ${f.perCore.toFixed(
        0,
      )}, gateway ${p.perCore.toFixed(0)} calls per core-second (×${(
        p.perCore / f.perCore
      ).toFixed(2)})\n`,
    );
  }
  const floor = { perCore: sum.floor.done / sum.floor.cpu };
  const plane = { ...sum.plane, perCore: sum.plane.done / sum.plane.cpu };
  rows.push([
    'tools/call throughput, 64 callers',
    `bare Node.js relay ${floor.perCore.toFixed(0)} calls per core-second`,
    `${plane.perCore.toFixed(0)} calls per core-second (${plane.cpu.toFixed(
      2,
    )} CPU s, ${plane.done} calls)`,
    `×${(plane.perCore / floor.perCore).toFixed(2)} of the bare relay`,
    `≥ ${TARGETS.callsPerCoreSecond}`,
    plane.perCore >= TARGETS.callsPerCoreSecond ? 'yes' : 'NO',
  ]);
  const backstage = await throughput(
    viaBackstage,
    'bench-0__echo_1k',
    backend,
    idlePerSecond,
  );
  rows.push([
    "  the same through Backstage's listener",
    '',
    `${backstage.perCore.toFixed(
      0,
    )} calls per core-second (${backstage.cpu.toFixed(2)} CPU s, ${
      backstage.done
    } calls)`,
    `×${(backstage.perCore / floor.perCore).toFixed(2)} of the bare relay`,
    '(for comparison)',
    '',
  ]);
  return rows;
}

/**
 * For scale: the gateway's health route on Backstage's listener is nothing but the backend's
 * HTTP stack (security headers, CORS, compression, logging, routing, auth policy).
 */
export async function httpStackCost(stack: BenchStack, idlePerSecond: number) {
  const { backend } = stack;
  const stackBefore = await cpuSeconds(backend);
  let healthDone = 0;
  const healthUntil = performance.now() + 4_000;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (performance.now() < healthUntil) {
        const res = await stack.backstage.request({
          path: '/api/mcp-gateway/health',
          method: 'GET',
        });
        await res.body.text();
        healthDone++;
      }
    }),
  );
  const stackCpu =
    (await cpuSeconds(backend)) - stackBefore - idlePerSecond * 4;
  process.stdout.write(
    `Backstage's HTTP stack alone (GET /api/mcp-gateway/health): ${(
      healthDone / stackCpu
    ).toFixed(0)} requests per core-second (${(
      (stackCpu / healthDone) *
      1000
    ).toFixed(3)} ms CPU each)\n`,
  );
}
