/**
 * The system under test: the upstream MCP servers (benchUpstreams.ts) and a real Backstage
 * backend with the plugins' own wiring (benchBackend.ts), started, discovered, and reached as an
 * agent (the data-plane listener), through Backstage's listener and directly.
 */
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { gatewayConfigFile, writeBenchConfig } from './benchFixtures';
import { child, freePort, message } from './benchProcesses';
import { target, Target } from './benchRpc';
import { UPSTREAMS } from './benchSettings';

/** The running stack and the ways to reach it. */
export interface BenchStack {
  upstreams: ChildProcess;
  /** The backend with the catalog, policy engine and insights (and the gateway, unless split). */
  backend: ChildProcess;
  /** The process the gateway runs in: `backend`, or its own backend when split. */
  gatewayProcess: ChildProcess;
  /** Whether the gateway runs as a backend of its own. */
  split: boolean;
  /** The upstreams' URLs; the last one is stopped in the outage phase. */
  urls: string[];
  /** The gateway on its data-plane listener, as agents call it. */
  gateway: Target;
  /** The same endpoint through Backstage's listener and middleware. */
  viaBackstage: Target;
  /** The first upstream, called directly: the baseline. */
  direct: Target;
  /** A bare Node.js relay to the first upstream (benchBareProxy.ts): the floor of any gateway. */
  relay: Target;
  relayProcess: ChildProcess;
  /** Backstage's listener, for plain HTTP routes. */
  backstage: Pool;
  /** MCP_BENCH_PROFILE=<file> profiles the backend during one phase (MCP_BENCH_PROFILE_PHASE). */
  profileStart(phase: string): Promise<void>;
  profileStop(phase: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the stack; with `split`, the gateway runs as a backend of its own (as
 * packages/gateway-backend runs it) next to the platform backend.
 */
export async function startStack(
  started: number,
  options: { split?: boolean } = {},
): Promise<BenchStack> {
  const split = options.split ?? false;
  const token = randomBytes(24).toString('hex');
  // The upstreams build an SDK server per request (about 110 KB of garbage a call); with V8's
  // default young generation each scavenge stops them for 5-14 ms on this machine, which is then
  // the direct calls' p99. A 1 MB young generation keeps each pause under a millisecond or two.
  // The gateway and the bare relay keep Node's defaults.
  const upstreams = child(
    'benchUpstreams.ts',
    [String(UPSTREAMS + 1)],
    ['--max-semi-space-size=1'],
  );
  const urls = await message<string[]>(upstreams, m => m?.urls);
  const port = await freePort();
  const planePort = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-gateway-bench-'));
  const gatewayPort = split ? await freePort() : undefined;
  const configFile = writeBenchConfig({
    dir,
    urls,
    port,
    planePort,
    token,
    gatewayPort,
  });
  // MCP_BENCH_GATEWAY_NODE_ARGS: Node flags for the process the gateway runs in.
  const gatewayArgs = (process.env.MCP_BENCH_GATEWAY_NODE_ARGS ?? '')
    .split(' ')
    .filter(Boolean);
  const backend = child(
    'benchBackend.ts',
    split
      ? ['--config', configFile, '--role', 'platform']
      : ['--config', configFile],
    split ? [] : gatewayArgs,
  );
  await message(backend, m => (m?.ready ? true : undefined));
  const gatewayProcess = split
    ? child(
        'benchBackend.ts',
        ['--config', gatewayConfigFile(dir), '--role', 'gateway'],
        gatewayArgs,
      )
    : backend;
  if (split) await message(gatewayProcess, m => (m?.ready ? true : undefined));
  // MCP_BENCH_PROFILE=<file> profiles the calls at a fixed rate, or the cold tools/list with
  // MCP_BENCH_PROFILE_PHASE=cold; with MCP_BENCH_HEAP=1 it is a sampling heap profile (every
  // allocation, collected or not) instead of a CPU profile.
  const profilePhase = process.env.MCP_BENCH_PROFILE_PHASE ?? 'calls';
  const profile = process.env.MCP_BENCH_PROFILE;
  // The backend answers `<kind>-start` with `{ profiling }` and `<kind>-stop <file>` with
  // `{ profiled }`.
  const kind = process.env.MCP_BENCH_HEAP ? 'heap' : 'profile';
  const profileStart = async (phase: string) => {
    if (!profile || phase !== profilePhase) return;
    gatewayProcess.send(`${kind}-start`);
    await message(gatewayProcess, m => m?.profiling);
  };
  const profileStop = async (phase: string) => {
    if (!profile || phase !== profilePhase) return;
    gatewayProcess.send(`${kind}-stop ${profile}`);
    await message(gatewayProcess, m => m?.profiled);
  };
  const base = `http://localhost:${port}`;
  const backstage = new Pool(base);
  process.stdout.write(
    `backend ready in ${Date.now() - started} ms; waiting for discovery\n`,
  );

  // All upstreams discovered, and the gateway's view of the catalog one refresh later.
  for (;;) {
    const res = await backstage.request({
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
  const viaBackstage = target(
    `http://localhost:${gatewayPort ?? port}/api/mcp-gateway/v1/mcp`,
    token,
  );
  const direct = target(urls[0]);
  const relayProcess = child('benchBareProxy.ts', [urls[0]]);
  const relay = target(
    `http://127.0.0.1:${await message<number>(relayProcess, m => m?.port)}/`,
  );
  return {
    upstreams,
    backend,
    gatewayProcess,
    split,
    urls,
    gateway,
    viaBackstage,
    direct,
    relay,
    relayProcess,
    backstage,
    profileStart,
    profileStop,
    async close() {
      await Promise.all([
        gateway.pool.close(),
        viaBackstage.pool.close(),
        direct.pool.close(),
        relay.pool.close(),
        backstage.close(),
      ]);
      relayProcess.kill();
      backend.kill();
      gatewayProcess.kill();
      upstreams.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
