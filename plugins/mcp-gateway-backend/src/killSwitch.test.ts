import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import {
  RunningExampleServer,
  createAnalyticsWarehouse,
  createPaymentsLedger,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
import {
  Client,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import request from 'supertest';
import { startGatewayStack } from './__testUtils__/startGatewayStack';

jest.setTimeout(240_000);

/**
 * The kill switch end to end: the real catalog, policy engine, permission module and gateway.
 * grace is in payments (owner of the ledger), ada in analytics (owner of the warehouse), and
 * analytics is configured as a platform group here.
 */
describe('mcp-gateway and the kill switch', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let ledger: RunningExampleServer;
  let warehouse: RunningExampleServer;

  beforeAll(async () => {
    ledger = await startExampleServer(createPaymentsLedger());
    warehouse = await startExampleServer(createAnalyticsWarehouse());
  });
  afterAll(async () => {
    await Promise.all([ledger.close(), warehouse.close()]);
  });

  it.each(databases.eachSupportedId())(
    'refuses and hides disabled tools and servers until they are enabled again (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const stack = await startGatewayStack({
        knex,
        servers: [
          {
            name: 'payments-ledger',
            owner: 'group:default/payments',
            url: ledger.url,
          },
          {
            name: 'analytics-warehouse',
            owner: 'group:default/analytics',
            url: warehouse.url,
          },
        ],
        config: {
          mcpPolicy: {
            permission: { fallback: 'allow' },
            platformGroups: ['group:default/analytics'],
          },
        },
      });
      const { backend, server, base } = stack;
      const grace = 'user:default/grace';
      const ada = 'user:default/ada';
      const catalog = (who: string, path: string, reason?: string) =>
        request(server)
          .post(`/api/mcp-catalog/v1${path}`)
          .set('Authorization', mockCredentials.user.header(who))
          .send(reason === undefined ? {} : { reason });
      const views = async (who: string) =>
        (
          await request(server)
            .get('/api/mcp-gateway/v1/tools')
            .set('Authorization', mockCredentials.user.header(who))
        ).body.items as {
          name: string;
          callable: boolean;
          refusal?: { kind: string; message: string };
        }[];
      /** Waits until the gateway's view of the catalog shows the switch. */
      const waitForRefusal = async (
        who: string,
        name: string,
        kind: string,
      ) => {
        for (;;) {
          const view = (await views(who)).find(v => v.name === name);
          if (view && view.refusal?.kind === kind) return view;
          await new Promise(r => setTimeout(r, 250));
        }
      };
      const connect = async (who: string) => {
        const client = new Client({ name: 'kill-switch-test', version: '1' });
        await client.connect(
          new StreamableHTTPClientTransport(new URL(`${base}/v1/mcp`), {
            requestInit: {
              headers: {
                authorization: `Bearer ${mockCredentials.user.token(who)}`,
              },
            },
          }),
        );
        return client;
      };

      await stack.waitForCallable(grace, [
        'payments-ledger__refund_payment',
        'payments-ledger__get_payment',
        'analytics-warehouse__list_tables',
      ]);
      const client = await connect(grace);
      expect((await client.listTools()).tools.map(t => t.name)).toContain(
        'payments-ledger__refund_payment',
      );

      // grace owns the ledger: she may take one of its tools out of service, not ada's server.
      expect(
        (
          await catalog(
            grace,
            '/tools/default/payments-ledger/refund_payment/disable',
            'INC-2231: refunds issued twice',
          )
        ).status,
      ).toBe(200);
      const notHers = await catalog(
        grace,
        '/servers/default/analytics-warehouse/disable',
        'I do not own it',
      );
      expect(notHers.status).toBe(403);

      // The gateway hides it from tools/list and refuses calls, saying who, when and why.
      const refused = await waitForRefusal(
        grace,
        'payments-ledger__refund_payment',
        'disabled',
      );
      expect(refused.callable).toBe(false);
      expect(refused.refusal!.message).toMatch(
        /^refund_payment on api:default\/payments-ledger is out of service: the tool was disabled by user:default\/grace at \S+: INC-2231: refunds issued twice\. Its owners or the platform team enable it again in the MCP catalog\.$/,
      );
      const listed = (await client.listTools()).tools.map(t => t.name);
      expect(listed).not.toContain('payments-ledger__refund_payment');
      expect(listed).toContain('payments-ledger__get_payment');
      const call = await client.callTool({
        name: 'payments-ledger__refund_payment',
        arguments: { paymentId: 'pay_1001', reason: 'duplicate' },
      });
      expect(call.isError).toBe(true);
      expect(JSON.stringify(call.content)).toMatch(
        /out of service: the tool was disabled by user:default\/grace/,
      );
      const refusals = await request(server)
        .get('/api/mcp-gateway/v1/refusals')
        .set('Authorization', mockCredentials.user.header(grace));
      expect(refusals.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'disabled',
            tool: 'refund_payment',
            serverRef: 'api:default/payments-ledger',
          }),
        ]),
      );

      // A platform group member (ada, in analytics here) takes the whole ledger out of service.
      expect(
        (
          await catalog(
            ada,
            '/servers/default/payments-ledger/disable',
            'INC-2232: ledger leaking balances',
          )
        ).status,
      ).toBe(200);
      const serverOff = await waitForRefusal(
        grace,
        'payments-ledger__get_payment',
        'disabled',
      );
      expect(serverOff.refusal!.message).toMatch(
        /the whole server was disabled by user:default\/ada at \S+: INC-2232: ledger leaking balances\./,
      );
      const balance = await client.callTool({
        name: 'payments-ledger__get_payment',
        arguments: { paymentId: 'pay_1001' },
      });
      expect(balance.isError).toBe(true);
      expect(
        (await client.listTools()).tools.filter(t =>
          t.name.startsWith('payments-ledger__'),
        ),
      ).toEqual([]);
      // Other servers are untouched.
      expect(
        (
          await client.callTool({
            name: 'analytics-warehouse__list_tables',
            arguments: {},
          })
        ).isError,
      ).toBeFalsy();

      // Enabling works the same way, and the calls go through again.
      expect(
        (
          await catalog(
            ada,
            '/servers/default/payments-ledger/enable',
            'INC-2232 closed',
          )
        ).status,
      ).toBe(200);
      expect(
        (
          await catalog(
            grace,
            '/tools/default/payments-ledger/refund_payment/enable',
            'INC-2231 fixed in 1.4.3',
          )
        ).status,
      ).toBe(200);
      await stack.waitForCallable(grace, [
        'payments-ledger__refund_payment',
        'payments-ledger__get_payment',
      ]);
      const again = await client.callTool({
        name: 'payments-ledger__get_payment',
        arguments: { paymentId: 'pay_1001' },
      });
      expect(again.isError).toBeFalsy();

      await client.close();
      await backend.stop();
    },
  );
});
