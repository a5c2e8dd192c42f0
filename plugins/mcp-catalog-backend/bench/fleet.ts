/**
 * The benchmark's fleet of MCP servers, seen from the backend's process: started in child
 * processes (fleetProcess.ts), reached over HTTP on 127.0.0.1, and described to the MCP catalog
 * as the software catalog would describe them.
 */
import type { Entity } from '@backstage/catalog-model';
import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { FLEET_PROCESSES, FLEET_SERVERS } from './benchSettings';
import { planServer } from './planServer';

/** What the fleet's processes have done since they started. */
export interface FleetStats {
  requests: number;
  cpuMs: number;
}

/** The IPC messages of a fleet process. */
export type FleetMessage =
  | { type: 'ready'; port: number }
  | ({ type: 'stats' } & FleetStats);

/** The running fleet: FLEET_SERVERS MCP servers over FLEET_PROCESSES processes. */
export interface Fleet {
  processes: number;
  urlOf(index: number): string;
  stats(): Promise<FleetStats>;
  stop(): void;
}

/** Starts one fleet process and resolves with it and its port once it listens. */
async function startFleetProcess(share: number): Promise<{
  child: ChildProcess;
  port: number;
}> {
  const child: ChildProcess = fork(
    path.join(__dirname, 'fleetProcess.ts'),
    [String(share)],
    {
      execArgv: process.execArgv, // keeps the TypeScript transform
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the fleet did not start within 60 s')),
      60_000,
    );
    child.once('error', reject);
    child.once('exit', code =>
      reject(new Error(`the fleet exited early with code ${code}`)),
    );
    child.on('message', (message: FleetMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.port);
      }
    });
  });
  child.removeAllListeners('exit');
  return { child, port };
}

function statsOf(child: ChildProcess): Promise<FleetStats> {
  return new Promise(resolve => {
    const onMessage = (message: FleetMessage) => {
      if (message.type !== 'stats') return;
      child.off('message', onMessage);
      resolve({ requests: message.requests, cpuMs: message.cpuMs });
    };
    child.on('message', onMessage);
    child.send({ type: 'stats' });
  });
}

/**
 * The fleet runs in FLEET_PROCESSES child processes, each able to serve every path; server i is
 * reached through process i mod FLEET_PROCESSES. Real servers have their own machines, so one
 * single-threaded process for all 500 would make the fleet, not the backend, the bottleneck.
 */
export async function startFleet(): Promise<Fleet> {
  const started = await Promise.all(
    Array.from({ length: FLEET_PROCESSES }, (_, share) =>
      startFleetProcess(share),
    ),
  );
  return {
    processes: started.length,
    urlOf: index =>
      `http://127.0.0.1:${started[index % started.length].port}/s/${index}/mcp`,
    stats: async () => {
      const all = await Promise.all(started.map(({ child }) => statsOf(child)));
      return {
        requests: all.reduce((sum, s) => sum + s.requests, 0),
        cpuMs: all.reduce((sum, s) => sum + s.cpuMs, 0),
      };
    },
    stop: () => {
      for (const { child } of started) {
        if (child.connected) child.disconnect();
        child.kill();
      }
    },
  };
}

/** The fleet's `mcp-server` API entities, as the software catalog holds them. */
export function fleetEntities(fleet: Fleet): Entity[] {
  return Array.from({ length: FLEET_SERVERS }, (_, index) => {
    const plan = planServer(index, 0); // metadata only; tools are the fleet's business
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: plan.name,
        namespace: 'default',
        title: plan.title,
        description: plan.description,
      },
      spec: {
        type: 'mcp-server',
        lifecycle: 'production',
        owner: plan.ownerRef,
        definition: 'discovered by mcp-catalog',
        remotes: [{ type: 'streamable-http', url: fleet.urlOf(index) }],
      },
    };
  });
}
