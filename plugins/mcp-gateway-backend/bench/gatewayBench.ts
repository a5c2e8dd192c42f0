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
 */
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  openLoop,
  percentileOfUnsorted as percentile,
  printTable,
} from '@mcp-platform/bench-utils';
import { Pool } from 'undici';

const RATE = 500;
const OPEN_LOOP_SECONDS = Number(process.env.MCP_BENCH_SECONDS ?? 10);
const UPSTREAMS = 20;
const TARGETS = {
  addedP50Ms: 0.5,
  addedP99Ms: 2,
  callsPerCoreSecond: 3000,
  listP99Ms: 15,
  coldOverSlowestMs: 20,
  deadCallMs: 50,
  healthyP99Shift: 0.1,
};

const token = randomBytes(24).toString('hex');

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

function child(
  script: string,
  args: string[],
  extraExecArgv: string[] = [],
): ChildProcess {
  return fork(path.join(__dirname, script), args, {
    // Keeps the TypeScript transform.
    execArgv: [...process.execArgv, ...extraExecArgv],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

function message<T>(
  proc: ChildProcess,
  pick: (m: any) => T | undefined,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      const value = pick(m);
      if (value !== undefined) {
        proc.off('message', onMessage);
        resolve(value);
      }
    };
    proc.on('message', onMessage);
    proc.once('exit', code => reject(new Error(`child exited ${code}`)));
  });
}

async function cpuSeconds(proc: ChildProcess): Promise<number> {
  proc.send('cpu');
  const { user, system } = await message(proc, m => m?.cpu);
  return (user + system) / 1e6;
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' },
};

interface Target {
  pool: Pool;
  path: string;
  headers: Record<string, string>;
}

function target(url: string, auth?: string): Target {
  const u = new URL(url);
  return {
    pool: new Pool(u.origin, { connections: 32, keepAliveTimeout: 60_000 }),
    path: u.pathname,
    headers: {
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      'mcp-protocol-version': '2026-07-28',
      ...(auth ? { authorization: `Bearer ${auth}` } : {}),
    },
  };
}

let nextId = 0;
async function rpc(
  t: Target,
  method: string,
  params: Record<string, unknown>,
  name?: string,
): Promise<{ status: number; body: any }> {
  const response = await t.pool.request({
    path: t.path,
    method: 'POST',
    headers: {
      ...t.headers,
      'mcp-method': method,
      ...(name ? { 'mcp-name': name } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: ++nextId,
      method,
      params: { ...params, _meta: MODERN_META },
    }),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    body: text ? JSON.parse(text) : undefined,
  };
}

const callTool = (t: Target, name: string) =>
  rpc(t, 'tools/call', { name, arguments: { n: 1 } }, name);

const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach(c => c.kill()));

async function main() {
  const started = Date.now();
  const upstreams = child('benchUpstreams.ts', [String(UPSTREAMS + 1)]);
  children.push(upstreams);
  const urls = await message<string[]>(upstreams, m => m?.urls);
  const port = await freePort();
  const planePort = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-gateway-bench-'));
  const entities = urls
    .map(
      (url, i) => `---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: bench-${i}
  annotations: { mcp-platform.io/data-classification: internal }
spec:
  type: mcp-server
  lifecycle: production
  owner: group:default/bench
  remotes: [{ type: streamable-http, url: "${url}" }]
  definition: bench upstream ${i}
`,
    )
    .join('');
  fs.writeFileSync(
    path.join(dir, 'catalog.yaml'),
    `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: bench }
spec: { type: team, children: [] }
${entities}`,
  );
  const config = {
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'bench' } },
        ],
      },
    },
    permission: { enabled: true },
    catalog: {
      rules: [{ allow: ['API', 'Group', 'User', 'Location'] }],
      locations: [{ type: 'file', target: path.join(dir, 'catalog.yaml') }],
    },
    mcpCatalog: {
      discovery: { allowedCidrs: ['127.0.0.0/8'], frequencySeconds: 1 },
    },
    mcpPolicy: { permission: { fallback: 'allow' } },
    mcpGateway: {
      catalogRefreshSeconds: 1,
      // Short caches, so that a cold tools/list (every upstream asked, every decision made)
      // can be measured after a short pause.
      decisionCacheSeconds: 1,
      consumers: [{ subject: 'bench', team: 'group:default/bench' }],
      upstream: {
        connectTimeoutSeconds: 2,
        listCacheSeconds: 1,
        listStaleSeconds: 1,
      },
      dataPlane: { listen: { port: planePort, host: '127.0.0.1' } },
    },
  };
  fs.writeFileSync(path.join(dir, 'app-config.json'), JSON.stringify(config));
  const backend = child('benchBackend.ts', [
    '--config',
    path.join(dir, 'app-config.json'),
  ]);
  children.push(backend);
  await message(backend, m => (m?.ready ? true : undefined));
  // MCP_BENCH_PROFILE=<file> profiles the calls at a fixed rate, or the cold tools/list with
  // MCP_BENCH_PROFILE_PHASE=cold.
  const profilePhase = process.env.MCP_BENCH_PROFILE_PHASE ?? 'calls';
  const profile = process.env.MCP_BENCH_PROFILE;
  const profileStart = async (phase: string) => {
    if (!profile || phase !== profilePhase) return;
    backend.send('profile-start');
    await message(backend, m => m?.profiling);
  };
  const profileStop = async (phase: string) => {
    if (!profile || phase !== profilePhase) return;
    backend.send(`profile-stop ${profile}`);
    await message(backend, m => m?.profiled);
  };
  const base = `http://localhost:${port}`;
  const catalogTarget = new Pool(base);
  process.stdout.write(
    `backend ready in ${Date.now() - started} ms; waiting for discovery\n`,
  );

  // All upstreams discovered, and the gateway's view of the catalog one refresh later.
  for (;;) {
    const res = await catalogTarget.request({
      path: '/api/mcp-catalog/v1/servers?limit=100',
      method: 'GET',
      headers: { authorization: `Bearer ${token}` },
    });
    const body: any = await res.body.json();
    if (
      body.items?.filter((s: any) => s.status === 'ok').length === urls.length
    )
      break;
    await new Promise(r => setTimeout(r, 500));
  }
  await new Promise(r => setTimeout(r, 2_500));

  // Agents call the data-plane listener; Backstage's listener serves the same endpoint behind
  // its middleware, measured for comparison.
  const gateway = target(
    `http://127.0.0.1:${planePort}/api/mcp-gateway/v1/mcp`,
    token,
  );
  const viaBackstage = target(`${base}/api/mcp-gateway/v1/mcp`, token);
  const direct = target(urls[0]);
  const rows: [string, string, string, string, string, string][] = [];

  // tools/list, first after start: the catalog named the upstreams a while ago, so the gateway
  // has connected to them in the background.
  const slowestDirect: number[] = [];
  for (let i = 0; i < 5; i++) {
    const slowest = target(urls[UPSTREAMS - 1]);
    const t0 = performance.now();
    await rpc(slowest, 'tools/list', {});
    slowestDirect.push(performance.now() - t0);
    await slowest.pool.close();
  }
  const slowestMs = percentile(slowestDirect, 50);
  const firstStart = performance.now();
  const first = await rpc(gateway, 'tools/list', {});
  const firstMs = performance.now() - firstStart;
  const listed = first.body?.result?.tools?.length ?? 0;
  // tools/list, cold: lists and decisions expired (connections open), so every upstream is
  // asked and every decision made again; the median of five.
  const colds: number[] = [];
  for (let i = 0; i < 5; i++) {
    await new Promise(r => setTimeout(r, 2_300));
    if (i === 4) await profileStart('cold');
    const t0 = performance.now();
    await rpc(gateway, 'tools/list', {});
    colds.push(performance.now() - t0);
    if (i === 4) await profileStop('cold');
  }
  const coldMs = percentile(colds, 50);
  rows.push([
    'tools/list over 21 upstreams, cold',
    `slowest upstream ${fmt(slowestMs)}`,
    `${fmt(coldMs)} (${listed} tools; median of 5)`,
    `+${fmt(coldMs - slowestMs)}`,
    `≤ slowest + ${TARGETS.coldOverSlowestMs} ms`,
    coldMs <= slowestMs + TARGETS.coldOverSlowestMs ? 'yes' : 'NO',
  ]);
  rows.push([
    '  first tools/list after start',
    '',
    fmt(firstMs),
    `+${fmt(firstMs - slowestMs)}`,
    '(for comparison)',
    '',
  ]);

  // Warm-up of the call paths (JIT, connections, decision cache).
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

  // Added latency at a fixed rate: direct, gateway, direct again (the baseline is the mean).
  const d1 = await openLoop(
    () => callTool(direct, 'echo_1k'),
    RATE,
    OPEN_LOOP_SECONDS,
  );
  await profileStart('calls');
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
  await profileStop('calls');
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
  rows.push([
    `tools/call at ${RATE}/s, added p50`,
    `direct p50 ${fmt(dP50)}`,
    `gateway p50 ${fmt(gP50)}`,
    `+${fmt(gP50 - dP50)} (×${(gP50 / dP50).toFixed(2)})`,
    `≤ +${TARGETS.addedP50Ms} ms`,
    gP50 - dP50 <= TARGETS.addedP50Ms ? 'yes' : 'NO',
  ]);
  rows.push([
    `tools/call at ${RATE}/s, added p99`,
    `direct p99 ${fmt(dP99)}`,
    `gateway p99 ${fmt(gP99)}`,
    `+${fmt(gP99 - dP99)} (×${(gP99 / dP99).toFixed(2)})`,
    `≤ +${TARGETS.addedP99Ms} ms`,
    gP99 - dP99 <= TARGETS.addedP99Ms ? 'yes' : 'NO',
  ]);
  if (d1.errors + d2.errors + g.errors)
    process.stdout.write(
      `errors: direct ${d1.errors + d2.errors}, gateway ${g.errors}\n`,
    );

  // The backend's own background work (discovery, catalog refreshes, metering), without calls.
  const idleBefore = await cpuSeconds(backend);
  await new Promise(r => setTimeout(r, 5_000));
  const idlePerSecond = ((await cpuSeconds(backend)) - idleBefore) / 5;
  process.stdout.write(
    `backend CPU without calls: ${(idlePerSecond * 100).toFixed(
      1,
    )} % of a core\n`,
  );

  // Throughput: as many calls as 64 concurrent callers get through in 8 s, per CPU second of
  // the gateway's process (its cores are shared with the upstreams and this generator).
  const throughput = async (
    via: ReturnType<typeof target>,
    tool = 'bench-0__echo_1k',
    proc: ChildProcess = backend,
    idle = idlePerSecond,
  ) => {
    const cpuBefore = await cpuSeconds(proc);
    let done = 0;
    const until = performance.now() + 8_000;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (performance.now() < until) {
          await callTool(via, tool);
          done++;
        }
      }),
    );
    const cpu = (await cpuSeconds(proc)) - cpuBefore - idle * 8;
    return { done, cpu, perCore: done / cpu };
  };
  // The floor: a bare Node.js relay of the same calls to the same upstream, nothing else.
  const bare = child('benchBareProxy.ts', [urls[0]]);
  children.push(bare);
  const bareTarget = target(
    `http://127.0.0.1:${await message<number>(bare, m => m?.port)}/`,
  );
  for (let i = 0; i < 2000; i++) await callTool(bareTarget, 'echo_1k');
  const floor = await throughput(bareTarget, 'echo_1k', bare, 0);
  bare.kill();
  await bareTarget.pool.close();
  const plane = await throughput(gateway);
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
  const backstage = await throughput(viaBackstage);
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
  // For scale: the gateway's health route on Backstage's listener is nothing but the backend's
  // HTTP stack (security headers, CORS, compression, logging, routing, auth policy).
  const stackBefore = await cpuSeconds(backend);
  let healthDone = 0;
  const healthUntil = performance.now() + 4_000;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (performance.now() < healthUntil) {
        const res = await catalogTarget.request({
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

  // tools/list, warm.
  const lists: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    await rpc(gateway, 'tools/list', {});
    lists.push(performance.now() - t0);
  }
  const directList: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    await rpc(direct, 'tools/list', {});
    directList.push(performance.now() - t0);
  }
  rows.push([
    'tools/list over 21 upstreams, warm p99',
    `one upstream direct p99 ${fmt(percentile(directList, 99))}`,
    `gateway p99 ${fmt(percentile(lists, 99))} (p50 ${fmt(
      percentile(lists, 50),
    )})`,
    '',
    `≤ ${TARGETS.listP99Ms} ms`,
    percentile(lists, 99) <= TARGETS.listP99Ms ? 'yes' : 'NO',
  ]);

  // One upstream goes down: the others still listed; its calls fail fast once its breaker is
  // open; healthy calls keep their latency while it is hammered.
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

  await Promise.all([
    gateway.pool.close(),
    viaBackstage.pool.close(),
    direct.pool.close(),
    catalogTarget.close(),
  ]);
  backend.kill();
  upstreams.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
