import {
  ExampleServerDefinition,
  RunningExampleServer,
  startExampleServer,
} from './exampleServer';
import { createAnalyticsWarehouse } from './analyticsWarehouse';
import { createModelGateway } from './modelGateway';
import { createPaymentsLedger } from './paymentsLedger';
import { createSupportDesk } from './supportDesk';
import { ToolMetrics } from './toolMetrics';

/** The example servers in port order; the catalog's example entities use the same order. */
export const exampleServerFactories: {
  name: string;
  team: string;
  create: (metrics: ToolMetrics) => ExampleServerDefinition;
}[] = [
  {
    name: 'payments-ledger',
    team: 'payments',
    create: () => createPaymentsLedger(),
  },
  {
    name: 'analytics-warehouse',
    team: 'analytics',
    create: () => createAnalyticsWarehouse(),
  },
  {
    name: 'support-desk',
    team: 'customer-success',
    create: () => createSupportDesk(),
  },
  {
    name: 'model-gateway',
    team: 'ml-platform',
    create: metrics => createModelGateway(metrics),
  },
];

/** Starts every example server on consecutive ports from `basePort` (0: random ports). */
export async function startAllExampleServers(options: {
  basePort: number;
  host?: string;
}): Promise<RunningExampleServer[]> {
  const running: RunningExampleServer[] = [];
  try {
    for (const [i, factory] of exampleServerFactories.entries()) {
      const metrics = new ToolMetrics({
        server: factory.name,
        team: factory.team,
      });
      if (i === 0) metrics.collectProcessMetrics();
      running.push(
        await startExampleServer(factory.create(metrics), {
          port: options.basePort === 0 ? 0 : options.basePort + i,
          host: options.host,
          metrics,
        }),
      );
    }
  } catch (error) {
    await Promise.all(running.map(r => r.close()));
    throw error;
  }
  return running;
}
