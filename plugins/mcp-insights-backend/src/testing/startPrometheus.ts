import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}

/** Fails with how to install the binary when Debian's prometheus package is missing. */
export function requireBinary(name: 'prometheus' | 'promtool'): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], {
    encoding: 'utf8',
  });
  const binary = found.stdout.trim();
  if (found.status !== 0 || !binary) {
    throw new Error(
      `${name} is not installed: run "source scripts/ensure-prometheus.sh && mcp_ensure_prometheus" (Debian package prometheus)`,
    );
  }
  return binary;
}

/** A Prometheus server started for a test. */
export interface RunningPrometheus {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's Prometheus on a random port with a fresh TSDB in a temporary directory,
 * scraping `targets` (host:port) every `scrapeIntervalSeconds`, and waits until it is ready.
 */
export async function startPrometheus(options: {
  targets: string[];
  scrapeIntervalSeconds?: number;
}): Promise<RunningPrometheus> {
  const binary = requireBinary('prometheus');
  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'mcp-insights-prometheus-'),
  );
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  fs.writeFileSync(
    path.join(dir, 'prometheus.yml'),
    [
      'global:',
      `  scrape_interval: ${interval}`,
      `  evaluation_interval: ${interval}`,
      'scrape_configs:',
      '  - job_name: mcp-servers',
      '    static_configs:',
      `      - targets: ${JSON.stringify(options.targets)}`,
    ].join('\n'),
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise(r => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${child.exitCode}: ${stderr}`);
    }
    try {
      const response = await fetch(`${baseUrl}/-/ready`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready: ${stderr}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
  return { baseUrl, stop };
}

/** Polls an instant query until `accept` likes its first value. */
export async function waitForQuery(
  baseUrl: string,
  query: string,
  accept: (value: number) => boolean,
  timeoutMs = 30_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = NaN;
  while (Date.now() < deadline) {
    const response = await fetch(
      `${baseUrl}/api/v1/query?${new URLSearchParams({ query })}`,
    );
    const body = (await response.json()) as {
      data?: { result?: { value: [number, string] }[] };
    };
    last = Number(body.data?.result?.[0]?.value[1]);
    if (accept(last)) return last;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`${query} stayed at ${last}`);
}
