/* eslint-disable no-console */
/*
 * Starts the example MCP servers with realistic faults (slow calls, failures), drives them with
 * live traffic, and pushes generated history to MCP insights once Backstage is up, so the cost
 * and SLO dashboards show real numbers on first start. Replaces `src/main.ts` in start scripts.
 *
 *   MCP_EXAMPLES_BASE_PORT   first port (default 7101)
 *   MCP_USAGE_CALLS_PER_MINUTE  live calls per server and minute (default 60; 0 disables)
 *   MCP_USAGE_BACKSTAGE_URL  backend to push history to (default http://localhost:7007)
 *   MCP_USAGE_HISTORY_DAYS   days of history to push (default 30; 0 disables; at most the
 *                            backend's mcpInsights.retention.eventIdDays)
 *   MCP_USAGE_TOKEN          Backstage token for the push (default: a guest token)
 */
import {
  describeExampleServer,
  startExampleServer,
  RunningExampleServer,
} from './exampleServer';
import { exampleServerFactories } from './startAllExampleServers';
import { ToolMetrics } from './toolMetrics';
import {
  exampleFaults,
  generateUsageHistory,
  pushUsageEvents,
  startUsageGenerator,
  waitForInsights,
  withInjectedFaults,
} from './usageGenerator';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) {
    console.error(
      `${name} must be a non-negative number, got "${process.env[name]}"`,
    );
    process.exit(2);
  }
  return value;
};

async function main() {
  const basePort = env('MCP_EXAMPLES_BASE_PORT', 7101);
  const perMinute = env('MCP_USAGE_CALLS_PER_MINUTE', 60);
  const historyDays = env('MCP_USAGE_HISTORY_DAYS', 30);
  const backstageUrl =
    process.env.MCP_USAGE_BACKSTAGE_URL ?? 'http://localhost:7007';

  const servers: RunningExampleServer[] = [];
  for (const [i, factory] of exampleServerFactories.entries()) {
    const metrics = new ToolMetrics({
      server: factory.name,
      team: factory.team,
    });
    if (i === 0) metrics.collectProcessMetrics();
    const definition = withInjectedFaults(
      factory.create(metrics),
      exampleFaults[factory.name],
    );
    servers.push(
      await startExampleServer(definition, {
        port: basePort === 0 ? 0 : basePort + i,
        metrics,
      }),
    );
  }
  for (const s of servers) {
    console.log(describeExampleServer(s));
  }

  const generator =
    perMinute > 0
      ? startUsageGenerator({
          servers,
          callsPerMinute: perMinute,
          onError: error => console.warn(`usage generator: ${error.message}`),
        })
      : undefined;
  // The generator first, so no call in flight meets a closed server.
  const stop = () => {
    Promise.resolve(generator?.stop())
      .then(() => Promise.all(servers.map(s => s.close())))
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  if (historyDays > 0) {
    try {
      const token =
        process.env.MCP_USAGE_TOKEN ??
        (await waitForInsights({
          backstageUrl,
          servers: servers.map(s => s.name),
        }));
      const events = generateUsageHistory({ days: historyDays });
      const result = await pushUsageEvents({ backstageUrl, events, token });
      console.log(
        `usage history: ${result.accepted} events pushed to ${backstageUrl} (${result.duplicates} already there, ${result.rejected} rejected)`,
      );
    } catch (error) {
      console.warn(`usage history not pushed: ${(error as Error).message}`);
    }
  }
}

main().catch(error => {
  console.error(`Could not start the example MCP servers: ${error.message}`);
  process.exit(1);
});
