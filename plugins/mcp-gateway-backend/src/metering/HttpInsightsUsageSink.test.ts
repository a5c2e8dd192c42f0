import {
  coreServices,
  createBackendPlugin,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { ConsumerCostListResponse } from '@mcp-platform/plugin-mcp-insights-common';
// The real insights backend receives the gateway's meter; test-only, the plugins stay
// independent at runtime (they talk over HTTP).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mcpInsightsPlugin from '@mcp-platform/plugin-mcp-insights-backend';
import { Knex } from 'knex';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { GatewayServer } from '../catalog/GatewayCatalog';
import { DatabaseGatewayStore } from '../database/GatewayStore';
import { GatewayCaller } from '../gateway/GatewayCaller';
import { HttpInsightsUsageSink } from './HttpInsightsUsageSink';
import { UsageMeter } from './UsageMeter';

jest.setTimeout(120_000);

const LEDGER = 'api:default/payments-ledger';
const ANALYTICS = 'group:default/analytics';
const SUPPORT = 'group:default/customer-success';

const ada: GatewayCaller = {
  principal: 'user:default/ada',
  userRef: 'user:default/ada',
  groups: ['user:default/ada', ANALYTICS],
  team: ANALYTICS,
};
const helpdeskBot: GatewayCaller = {
  principal: 'external:helpdesk-bot',
  userRef: 'user:default/helpdesk-bot',
  groups: ['user:default/helpdesk-bot', SUPPORT],
  team: SUPPORT,
};
const ledger = { ref: LEDGER } as GatewayServer;

describe('metering into mcp-insights', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let closedPort: number;

  beforeAll(async () => {
    const closed = http.createServer();
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    closedPort = (closed.address() as AddressInfo).port;
    await new Promise(r => closed.close(r));
  });

  it.each(databases.eachSupportedId())(
    'counts every relayed call once, per consuming team, across replays, rejections and outages (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const logger = mockServices.logger.mock();
      let wiring:
        | {
            store: DatabaseGatewayStore;
            discovery: DiscoveryService;
            meterWith(discovery: DiscoveryService): UsageMeter;
          }
        | undefined;
      // The gateway's metering, wired as its plugin wires it, with a logger the test reads.
      const gatewayMetering = createBackendPlugin({
        pluginId: 'mcp-gateway',
        register(env) {
          env.registerInit({
            deps: {
              database: coreServices.database,
              discovery: coreServices.discovery,
              auth: coreServices.auth,
            },
            async init({ database, discovery, auth }) {
              const store = await DatabaseGatewayStore.create({ database });
              wiring = {
                store,
                discovery,
                meterWith: (d: DiscoveryService) =>
                  new UsageMeter({
                    store,
                    sink: new HttpInsightsUsageSink({
                      discovery: d,
                      auth,
                      logger: logger as LoggerService,
                    }),
                    logger: logger as LoggerService,
                  }),
              };
            },
          });
        },
      });
      const backend = await startTestBackend({
        features: [
          mcpInsightsPlugin,
          gatewayMetering,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'API',
                metadata: { name: 'payments-ledger', namespace: 'default' },
                spec: {
                  type: 'mcp-server',
                  lifecycle: 'production',
                  owner: 'group:default/payments',
                  definition: 'discovered by mcp-catalog',
                },
              },
            ],
          }),
        ],
      });
      const { store, discovery, meterWith } = wiring!;
      const meter = meterWith(discovery);
      const consumers = async () =>
        (
          await request(backend.server)
            .get('/api/mcp-insights/v1/cost/consumers')
            .set('Authorization', mockCredentials.user.header())
        ).body as ConsumerCostListResponse;
      // Insights folds accepted events into its rollups moments later; a push with `wait`
      // returns once everything accepted before it is folded.
      let probes = 0;
      const folded = () =>
        request(backend.server)
          .post('/api/mcp-insights/v1/usage/events?wait=true')
          .set('Authorization', mockCredentials.service.header())
          .send({
            events: [
              {
                id: `probe-${++probes}`,
                timestamp: new Date().toISOString(),
                server: LEDGER,
                cost: 0,
              },
            ],
          })
          .expect(200);
      const callsOf = async () => {
        await folded();
        return Object.fromEntries(
          (await consumers()).teams.map(t => [t.team, [t.calls, t.errors]]),
        );
      };
      const warnings = (text: string) =>
        (logger.warn as jest.Mock).mock.calls.filter(([message]) =>
          String(message).includes(text),
        );
      const call = (
        caller: GatewayCaller,
        outcome: 'ok' | 'tool_error' | 'upstream_error',
      ) =>
        meter.record({
          caller,
          server: ledger,
          tool: 'get_payment',
          outcome,
          durationMs: 12.3456,
          requestBytes: 180,
          responseBytes: 620,
        });
      try {
        call(ada, 'ok');
        call(ada, 'tool_error');
        call(helpdeskBot, 'ok');
        await meter.flush();
        const sent = await store.pendingUsage(100);
        expect(sent).toHaveLength(3);
        await meter.ship();
        expect(await store.pendingUsage(100)).toEqual([]);
        expect(await callsOf()).toEqual({
          [ANALYTICS]: [2, 1],
          [SUPPORT]: [1, 0],
        });

        // The gateway stopped after insights counted the batch but before the outbox forgot
        // it: the same events go out again, and count nothing.
        await store.enqueueUsage(sent);
        await meter.ship();
        expect(await store.pendingUsage(100)).toEqual([]);
        expect(await callsOf()).toEqual({
          [ANALYTICS]: [2, 1],
          [SUPPORT]: [1, 0],
        });

        // An event insights rejects (older than its idempotency window) is logged once, with
        // the reason, and dropped instead of retried forever; the rest of its batch counts.
        const old = new Date(Date.now() - 30 * 86_400_000).toISOString();
        await store.enqueueUsage([
          {
            eventId: 'gw-too-old',
            event: { ...sent[0].event, id: 'gw-too-old', timestamp: old },
          },
          {
            eventId: 'gw-new',
            event: { ...sent[2].event, id: 'gw-new' },
          },
        ]);
        await meter.ship();
        await meter.ship();
        expect(await store.pendingUsage(100)).toEqual([]);
        expect(warnings('rejected')).toEqual([
          [
            'MCP gateway: mcp-insights rejected 1 of 2 usage events, which are dropped: gw-too-old: timestamp is older than 7 days, the idempotency window',
          ],
        ]);
        expect((await callsOf())[SUPPORT]).toEqual([2, 0]);

        // Insights cannot be reached: the events wait in the outbox, with no attempt counted
        // towards dropping them, and go out once it answers again.
        const cut = meterWith({
          getBaseUrl: async () =>
            `http://127.0.0.1:${closedPort}/api/mcp-insights`,
          getExternalBaseUrl: async () =>
            `http://127.0.0.1:${closedPort}/api/mcp-insights`,
        });
        cut.record({
          caller: ada,
          server: ledger,
          tool: 'get_payment',
          outcome: 'upstream_error',
          durationMs: 30_000,
          requestBytes: 180,
          responseBytes: 0,
        });
        await cut.flush();
        for (let i = 0; i < 3; i++) await cut.ship();
        expect(await store.pendingUsage(100)).toHaveLength(1);
        expect(await attempts(knex)).toEqual([0]);
        expect(warnings('could not ship usage events')).toHaveLength(3);
        await meter.ship();
        expect(await store.pendingUsage(100)).toEqual([]);
        expect(await callsOf()).toEqual({
          [ANALYTICS]: [3, 2],
          [SUPPORT]: [2, 0],
        });

        const report = await request(backend.server)
          .get('/api/mcp-insights/v1/cost/servers/default/payments-ledger')
          .set('Authorization', mockCredentials.user.header());
        expect(report.body.gateway).toMatchObject({
          calls: 5,
          errors: 2,
          requestBytes: 5 * 180,
          responseBytes: 4 * 620,
          estimatedInputTokens: 5 * 45,
          estimatedOutputTokens: 4 * 155,
        });
      } finally {
        await meter.stop();
        await backend.stop();
      }
    },
  );
});

async function attempts(knex: Knex): Promise<number[]> {
  return (await knex('mcp_gateway_usage_outbox').select('attempts')).map(r =>
    Number(r.attempts),
  );
}
