/**
 * The benchmark's child processes (upstreams, backend, bare relay): forked with the TypeScript
 * transform, spoken to over IPC, and killed when the benchmark exits.
 */
import { ChildProcess, fork } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach(c => c.kill()));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** Forks one of the bench's scripts; it is killed when the benchmark exits. */
export function child(
  script: string,
  args: string[],
  extraExecArgv: string[] = [],
): ChildProcess {
  const proc = fork(path.join(__dirname, script), args, {
    // Keeps the TypeScript transform.
    execArgv: [...process.execArgv, ...extraExecArgv],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(proc);
  return proc;
}

/** The first IPC message from a child that `pick` finds a value in. */
export function message<T>(
  proc: ChildProcess,
  pick: (m: any) => T | undefined,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`child exited ${code}`));
    const onMessage = (m: unknown) => {
      const value = pick(m);
      if (value !== undefined) {
        proc.off('message', onMessage);
        proc.off('exit', onExit);
        resolve(value);
      }
    };
    proc.on('message', onMessage);
    proc.once('exit', onExit);
  });
}

/** CPU seconds (user and system) a child has used since it started. */
export async function cpuSeconds(proc: ChildProcess): Promise<number> {
  proc.send('cpu');
  const { user, system } = await message(proc, m => m?.cpu);
  return (user + system) / 1e6;
}
