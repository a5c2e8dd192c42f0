/* eslint-disable no-console */
/*
 * Starts the example MCP servers with realistic faults (slow calls, failures) and the demo's
 * states (a flagged tool, a release that changes a tool, a server whose host goes down once the
 * catalog has discovered it),
 * pushes generated history to MCP insights once Backstage is up, and drives the servers with
 * live traffic through the MCP gateway as the demo's consumer services, so the cost and SLO
 * dashboards show real, gateway-metered numbers. Replaces `src/main.ts` in start scripts.
 *
 *   MCP_EXAMPLES_BASE_PORT   first port (default 7101)
 *   MCP_USAGE_CALLS_PER_MINUTE  live calls per server and minute (default 60; 0 disables)
 *   MCP_USAGE_BACKSTAGE_URL  backend to push history to and call the gateway of
 *                            (default http://localhost:7007)
 *   MCP_USAGE_GATEWAY_URL    the gateway's aggregate endpoint (default: the backend's,
 *                            <MCP_USAGE_BACKSTAGE_URL>/api/mcp-gateway/v1/mcp; the gateway
 *                            backend's, http://localhost:7008/api/mcp-gateway/v1/mcp, when the
 *                            gateway runs on its own)
 *   MCP_USAGE_VIA_GATEWAY    1 (default): live calls go through the gateway as the consumers of
 *                            demoConsumers.ts, from when the backend is up; 0: straight to the
 *                            servers, from the start
 *   MCP_USAGE_HISTORY_DAYS   days of history to push (default 30; 0 disables; at most the
 *                            backend's mcpInsights.retention.eventIdDays)
 *   MCP_USAGE_TOKEN          Backstage token for the push (default: a guest token)
 *   MCP_DEMO_STATES          1 (default): add the flagged tool, release the changed tool once
 *                            the catalog approved the first, run legacy-crm until the catalog
 *                            discovered it; 0: the plain servers
 */
import { demoConsumers } from './demoConsumers';
import {
  CHANGED_TOOL,
  DEMO_DOWN_SERVER,
  describeTableRelease,
  legacyCrm,
  withFlaggedTool,
} from './demoStates';
import {
  describeExampleServer,
  ExampleServerDefinition,
  startExampleServer,
  RunningExampleServer,
} from './exampleServer';
import { exampleServerFactories } from './startAllExampleServers';
import { ToolMetrics } from './toolMetrics';
import {
  refreshDiscovery,
  waitForApprovedTool,
  waitForDiscoveredServer,
  waitForInsights,
} from './demoBackend';
import { exampleFaults, withInjectedFaults } from './injectedFaults';
import { startUsageGenerator, UsageGenerator } from './usageGenerator';
import { generateUsageHistory, pushUsageEvents } from './usageHistory';

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

const flag = (name: string) => {
  const value = process.env[name] ?? '1';
  if (value !== '0' && value !== '1') {
    console.error(`${name} must be 0 or 1, got "${value}"`);
    process.exit(2);
  }
  return value === '1';
};

async function main() {
  const basePort = env('MCP_EXAMPLES_BASE_PORT', 7101);
  const perMinute = env('MCP_USAGE_CALLS_PER_MINUTE', 60);
  const historyDays = env('MCP_USAGE_HISTORY_DAYS', 30);
  const viaGateway = flag('MCP_USAGE_VIA_GATEWAY');
  const demoStates = flag('MCP_DEMO_STATES');
  const backstageUrl = (
    process.env.MCP_USAGE_BACKSTAGE_URL ?? 'http://localhost:7007'
  ).replace(/\/$/, '');
  const gatewayUrl =
    process.env.MCP_USAGE_GATEWAY_URL ??
    `${backstageUrl}/api/mcp-gateway/v1/mcp`;

  const servers: RunningExampleServer[] = [];
  const metricsOf = new Map<string, ToolMetrics>();
  const definitionOf = (
    name: string,
    plain: ExampleServerDefinition,
  ): ExampleServerDefinition => {
    const definition =
      demoStates && name === 'model-gateway' ? withFlaggedTool(plain) : plain;
    return withInjectedFaults(definition, exampleFaults[name]);
  };
  for (const [i, factory] of exampleServerFactories.entries()) {
    const metrics = new ToolMetrics({
      server: factory.name,
      team: factory.team,
    });
    metricsOf.set(factory.name, metrics);
    if (i === 0) metrics.collectProcessMetrics();
    servers.push(
      await startExampleServer(
        definitionOf(factory.name, factory.create(metrics)),
        { port: basePort === 0 ? 0 : basePort + i, metrics },
      ),
    );
  }
  for (const s of servers) {
    console.log(describeExampleServer(s));
  }
  // legacy-crm runs until the catalog has discovered it, then its host goes down (below).
  let legacy: RunningExampleServer | undefined;
  if (demoStates && basePort !== 0) {
    legacy = await startExampleServer(legacyCrm(), {
      port: basePort + exampleServerFactories.length,
      metrics: new ToolMetrics({
        server: DEMO_DOWN_SERVER.name,
        team: 'customer-success',
      }),
    });
    console.log(`${describeExampleServer(legacy)} (until discovered)`);
  }

  let generator: UsageGenerator | undefined;
  const startTraffic = (gatewayEndpoint?: string) => {
    if (perMinute === 0) return;
    generator = startUsageGenerator({
      servers,
      callsPerMinute: perMinute,
      gateway: gatewayEndpoint
        ? {
            url: gatewayEndpoint,
            tokens: Object.fromEntries(
              demoConsumers.map(c => [c.subject, c.token]),
            ),
          }
        : undefined,
      onError: error => console.warn(`usage generator: ${error.message}`),
    });
    console.log(
      gatewayEndpoint
        ? `usage generator: ${perMinute} calls per server and minute through the MCP gateway at ${gatewayEndpoint}, as ${demoConsumers
            .map(c => c.subject)
            .join(', ')}`
        : `usage generator: ${perMinute} calls per server and minute, straight to the servers`,
    );
  };
  // The generator first, so no call in flight meets a closed server.
  const stop = () => {
    Promise.resolve(generator?.stop())
      .then(() =>
        Promise.all(
          [...servers, ...(legacy ? [legacy] : [])].map(s => s.close()),
        ),
      )
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  if (!viaGateway) startTraffic();
  if (!viaGateway && historyDays === 0 && !demoStates) return;

  console.log(
    `usage generator: waiting for Backstage at ${backstageUrl} (insights and the catalog) before ${
      viaGateway ? 'calling through the MCP gateway, ' : ''
    }pushing history${demoStates ? ' and releasing the demo change' : ''}`,
  );
  let token: string;
  try {
    token =
      process.env.MCP_USAGE_TOKEN ??
      (await waitForInsights({
        backstageUrl,
        servers: servers.map(s => s.name),
      }));
  } catch (error) {
    console.warn(
      `Backstage not reached, so no gateway traffic, history or demo release: ${
        (error as Error).message
      }`,
    );
    return;
  }
  if (viaGateway) startTraffic(gatewayUrl);

  const pushHistory = async () => {
    if (historyDays === 0) return;
    try {
      const events = generateUsageHistory({ days: historyDays });
      const result = await pushUsageEvents({ backstageUrl, events, token });
      console.log(
        `usage history: ${result.accepted} events pushed to ${backstageUrl} (${result.duplicates} already there, ${result.rejected} rejected)`,
      );
    } catch (error) {
      console.warn(`usage history not pushed: ${(error as Error).message}`);
    }
  };

  // A new release of analytics-warehouse, once the catalog approved the tool it changes: the
  // server restarts on its port with the changed definition, which then awaits approval.
  const releaseChangedTool = async () => {
    if (!demoStates) return;
    const index = servers.findIndex(s => s.name === 'analytics-warehouse');
    try {
      await waitForApprovedTool({
        backstageUrl,
        server: 'analytics-warehouse',
        tool: CHANGED_TOOL,
      });
      const port = Number(new URL(servers[index].url).port);
      const factory = exampleServerFactories.find(
        f => f.name === 'analytics-warehouse',
      )!;
      const metrics = metricsOf.get(factory.name)!;
      const next = definitionOf(
        factory.name,
        describeTableRelease(factory.create(metrics)),
      );
      await servers[index].close();
      servers[index] = await startExampleServer(next, { port, metrics });
      console.log(
        `demo: analytics-warehouse ${next.version} released with a changed ${CHANGED_TOOL}; it awaits approval in the MCP catalog`,
      );
    } catch (error) {
      console.warn(
        `demo: the changed ${CHANGED_TOOL} was not released: ${
          (error as Error).message
        }`,
      );
    }
  };

  // legacy-crm's host goes down once the catalog has seen it answer: failing, not awaiting its
  // first deployment. A refresh makes the catalog notice at once.
  const takeLegacyCrmDown = async () => {
    if (!legacy) return;
    try {
      await waitForDiscoveredServer({
        backstageUrl,
        server: DEMO_DOWN_SERVER.name,
      });
    } catch (error) {
      console.warn(`demo: ${(error as Error).message}`);
    }
    await legacy.close();
    legacy = undefined;
    console.log(`demo: ${DEMO_DOWN_SERVER.name} is down now`);
    try {
      await refreshDiscovery({ backstageUrl, server: DEMO_DOWN_SERVER.name });
    } catch (error) {
      console.warn(`demo: ${(error as Error).message}`);
    }
  };

  await Promise.all([pushHistory(), releaseChangedTool(), takeLegacyCrmDown()]);
}

main().catch(error => {
  console.error(`Could not start the example MCP servers: ${error.message}`);
  process.exit(1);
});
