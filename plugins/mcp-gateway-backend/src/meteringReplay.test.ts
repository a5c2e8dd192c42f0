import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import {
  createPaymentsLedger,
  RunningExampleServer,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
// The real insights backend receives the gateway's meter; test-only, the plugins stay
// independent at runtime (they talk over HTTP).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mcpInsightsPlugin from '@mcp-platform/plugin-mcp-insights-backend';
import request from 'supertest';
import { startGatewayStack } from './__testUtils__/startGatewayStack';

jest.setTimeout(240_000);

/**
 * A metered call survives a restart of the gateway in its outbox, reaches mcp-insights once the
 * gateway is back, and a replay of the same batch (a crash after insights counted it, before
 * the outbox forgot it) counts nothing more. A real call, a real gateway, a real insights
 * backend, on one database as replicas would share it.
 */
describe('metering across a restart and a replay', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let ledger: RunningExampleServer;

  beforeAll(async () => {
    ledger = await startExampleServer(createPaymentsLedger());
  });
  afterAll(async () => {
    await ledger.close();
  });

  it.each(databases.eachSupportedId())(
    'keeps a metered call across a restart and counts it once, however often it is sent (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const servers = [
        {
          name: 'payments-ledger',
          owner: 'group:default/payments',
          url: ledger.url,
        },
      ];
      const outbox = async () =>
        (await knex('mcp_gateway_usage_outbox').select(
          'event_id',
          'created_at',
          'event',
          'attempts',
        )) as {
          event_id: string;
          created_at: Date;
          event: string;
          attempts: number;
        }[];

      // First the gateway alone: insights is not there, so the event waits in the outbox,
      // also through a graceful stop.
      const first = await startGatewayStack({ knex, servers });
      let pending: Awaited<ReturnType<typeof outbox>> = [];
      try {
        await first.waitForCallable('user:default/grace', [
          'payments-ledger__get_payment',
        ]);
        const called = await request(first.server)
          .post('/api/mcp-gateway/v1/mcp')
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/grace'),
          )
          .set('Accept', 'application/json, text/event-stream')
          .set('Content-Type', 'application/json')
          .send({
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: {
              name: 'payments-ledger__get_payment',
              arguments: { paymentId: 'pay_1001' },
            },
          });
        expect(called.body.result.isError).toBeFalsy();
      } finally {
        await first.backend.stop();
      }
      pending = await outbox();
      expect(pending).toHaveLength(1);
      expect(JSON.parse(pending[0].event)).toMatchObject({
        server: 'api:default/payments-ledger',
        tool: 'get_payment',
        outcome: 'success',
      });

      // The gateway back, now with insights: the waiting event goes out and is counted.
      const second = await startGatewayStack({
        knex,
        servers,
        features: [mcpInsightsPlugin],
      });
      const { server } = second;
      let probes = 0;
      const callsCounted = async () => {
        // A push with wait=true returns once everything accepted before it is folded.
        await request(server)
          .post('/api/mcp-insights/v1/usage/events?wait=true')
          .set('Authorization', mockCredentials.service.header())
          .send({
            events: [
              {
                id: `probe-${++probes}`,
                timestamp: new Date().toISOString(),
                server: 'api:default/payments-ledger',
                cost: 0,
              },
            ],
          })
          .expect(200);
        const report = await request(server)
          .get('/api/mcp-insights/v1/cost/servers/default/payments-ledger')
          .set('Authorization', mockCredentials.user.header())
          .expect(200);
        return report.body.server.calls as number;
      };
      const shipped = async () => {
        for (const until = Date.now() + 60_000; ; ) {
          if ((await outbox()).length === 0) return;
          if (Date.now() > until)
            throw new Error(
              `the outbox still holds ${JSON.stringify(await outbox())}`,
            );
          await new Promise(r => setTimeout(r, 250));
        }
      };
      try {
        await shipped();
        expect(await callsCounted()).toBe(1);

        // A crash after insights counted the batch but before the outbox forgot it: the same
        // event is in the outbox again and goes out again. Insights knows its id.
        await knex('mcp_gateway_usage_outbox').insert(
          pending.map(p => ({ ...p, attempts: 0 })),
        );
        await shipped();
        expect(await callsCounted()).toBe(1);
      } finally {
        await second.backend.stop();
      }
    },
  );
});
