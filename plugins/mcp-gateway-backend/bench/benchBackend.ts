/*
 * The bench's Backstage backend: the real plugins with their own wiring (software catalog, MCP
 * catalog, policy engine, insights, permissions and the gateway) on an in-memory SQLite, started
 * with `--config <file>` as any backend. Answers `cpu` IPC messages with its CPU time.
 */
import { createBackend } from '@backstage/backend-defaults';
import fs from 'node:fs';
import { Session } from 'node:inspector';

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@mcp-platform/plugin-permission-backend-module-mcp-policy'),
);
backend.add(import('@mcp-platform/plugin-mcp-catalog-backend'));
backend.add(import('@mcp-platform/plugin-mcp-policy-backend'));
backend.add(import('@mcp-platform/plugin-mcp-insights-backend'));
backend.add(import('../src'));

backend.start().then(
  () => {
    process.send?.({ ready: true });
    const session = new Session();
    session.connect();
    process.on('message', (message: unknown) => {
      if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
      // `profile-start` / `profile-stop <file>`: a CPU profile of one phase of the bench.
      if (message === 'profile-start')
        session.post('Profiler.enable', () =>
          session.post('Profiler.start', () =>
            process.send?.({ profiling: true }),
          ),
        );
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
