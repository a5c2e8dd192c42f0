/*
 * The bench's Backstage backend: the real plugins with their own wiring (software catalog, MCP
 * catalog, policy engine, insights, permissions and the gateway) on an in-memory SQLite, started
 * with `--config <file>` as any backend, or split in two with `--role` (the gateway as its own backend). Answers `cpu` IPC messages with its CPU time and
 * `delay-start`/`delay-stop` with its event-loop delay in between.
 */
import { createBackend } from '@backstage/backend-defaults';
import fs from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';

// `--role platform`: everything but the gateway; `--role gateway`: the gateway alone, as
// packages/gateway-backend runs it; neither: all of them in one backend.
const roleAt = process.argv.indexOf('--role');
const role = roleAt > 0 ? process.argv[roleAt + 1] : 'all';
const backend = createBackend();
if (role !== 'gateway') {
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import('@mcp-platform/plugin-permission-backend-module-mcp-policy'),
  );
  backend.add(import('@mcp-platform/plugin-mcp-catalog-backend'));
  backend.add(import('@mcp-platform/plugin-mcp-policy-backend'));
  backend.add(import('@mcp-platform/plugin-mcp-insights-backend'));
}
if (role !== 'platform') backend.add(import('../src'));

backend.start().then(
  () => {
    process.send?.({ ready: true });
    const session = new Session();
    session.connect();
    const delay = monitorEventLoopDelay({ resolution: 5 });
    process.on('message', (message: unknown) => {
      if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
      // `delay-start` / `delay-stop`: how long the event loop was blocked during a phase.
      if (message === 'delay-start') {
        delay.reset();
        delay.enable();
      }
      if (message === 'delay-stop') {
        delay.disable();
        process.send?.({
          delay: {
            p50: delay.percentile(50) / 1e6,
            p99: delay.percentile(99) / 1e6,
            max: delay.max / 1e6,
          },
        });
      }
      // `profile-start` / `profile-stop <file>`: a CPU profile of one phase of the bench.
      if (message === 'profile-start')
        session.post('Profiler.enable', () =>
          session.post('Profiler.start', () =>
            process.send?.({ profiling: true }),
          ),
        );
      if (message === 'heap-start')
        session.post(
          'HeapProfiler.startSampling',
          {
            samplingInterval: 1024,
            includeObjectsCollectedByMajorGC: true,
            includeObjectsCollectedByMinorGC: true,
          } as any,
          () => process.send?.({ profiling: true }),
        );
      if (typeof message === 'string' && message.startsWith('heap-stop '))
        session.post('HeapProfiler.stopSampling', (_error, result) => {
          fs.writeFileSync(message.slice(10), JSON.stringify(result.profile));
          process.send?.({ profiled: true });
        });
      if (typeof message === 'string' && message.startsWith('profile-stop '))
        session.post('Profiler.stop', (_error, result) => {
          fs.writeFileSync(message.slice(13), JSON.stringify(result.profile));
          process.send?.({ profiled: true });
        });
    });
  },
  error => {
    process.stderr.write(`backend failed to start: ${error}\n`);
    process.exit(1);
  },
);
