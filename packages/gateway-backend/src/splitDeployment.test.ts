import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createServiceFactory,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import {
  createPaymentsLedger,
  RunningExampleServer,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
import mcpCatalogPlugin from '@mcp-platform/plugin-mcp-catalog-backend';
import mcpGatewayPlugin from '@mcp-platform/plugin-mcp-gateway-backend';
import mcpInsightsPlugin from '@mcp-platform/plugin-mcp-insights-backend';
import mcpPolicyPlugin from '@mcp-platform/plugin-mcp-policy-backend';
import permissionModuleMcpPolicy from '@mcp-platform/plugin-permission-backend-module-mcp-policy';
import {
  authWithActorsServiceFactory,
  prepareSharedDatabase,
  userInfoFromMembership,
} from '@mcp-platform/test-utils';
import {
  Client,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { AddressInfo } from 'node:net';
import request from 'supertest';

jest.setTimeout(240_000);

const MEMBERSHIP = {
  'user:default/grace': ['group:default/payments'],
  'user:default/ada': ['group:default/analytics'],
};

/** The plugins the gateway backend reaches in the main backend. */
const IN_MAIN = [
  'auth',
  'catalog',
  'permission',
  'mcp-catalog',
  'mcp-policy',
  'mcp-insights',
];

const mockDir = createMockDirectory();

/**
 * The gateway as a backend of its own (what packages/gateway-backend runs): a backend holding
 * nothing but the gateway plugin serves callers, with the catalog, MCP catalog, policy engine,
 * insights and permissions in the main backend, found through discovery.
 */
describe('the gateway as its own backend', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let ledger: RunningExampleServer;

  beforeAll(async () => {
    ledger = await startExampleServer(createPaymentsLedger());
  });
  afterAll(() => ledger.close());

  it.each(databases.eachSupportedId())(
    'relays calls with everything else in the main backend (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await prepareSharedDatabase(knex);
      mockDir.addContent({
        'catalog.yaml': `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: payments }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: analytics }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: payments-ledger
  annotations: { mcp-platform.io/data-classification: internal }
spec:
  type: mcp-server
  lifecycle: production
  owner: group:default/payments
  remotes: [{ type: streamable-http, url: "${ledger.url}" }]
  definition: discovered by mcp-catalog
`,
      });
      const main = await startTestBackend({
        features: [
          catalogBackend,
          mcpCatalogPlugin,
          mcpPolicyPlugin,
          mcpInsightsPlugin,
          permissionBackend,
          permissionModuleMcpPolicy,
          permissionsServiceFactory,
          schedulerServiceFactory,
          userInfoFromMembership(MEMBERSHIP),
          authWithActorsServiceFactory,
          httpAuthServiceFactory,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              permission: { enabled: true },
              catalog: {
                rules: [{ allow: ['API', 'Group', 'User', 'Location'] }],
                locations: [
                  { type: 'file', target: mockDir.resolve('catalog.yaml') },
                ],
                processingInterval: { seconds: 1 },
              },
              mcpPolicy: { permission: { fallback: 'allow' } },
              mcpCatalog: {
                discovery: {
                  allowedCidrs: ['127.0.0.0/8'],
                  frequencySeconds: 1,
                  timeoutSeconds: 5,
                },
              },
            },
          }),
        ],
      });
      const mainUrl = `http://localhost:${
        (main.server.address() as AddressInfo).port
      }`;

      // The gateway backend's discovery: the main backend's plugins there, itself here.
      let ownPort = 0;
      const discovery: DiscoveryService = {
        async getBaseUrl(pluginId) {
          return IN_MAIN.includes(pluginId)
            ? `${mainUrl}/api/${pluginId}`
            : `http://localhost:${ownPort}/api/${pluginId}`;
        },
        async getExternalBaseUrl(pluginId) {
          return this.getBaseUrl(pluginId);
        },
      };
      const gateway = await startTestBackend({
        features: [
          mcpGatewayPlugin,
          createServiceFactory({
            service: coreServices.discovery,
            deps: {},
            factory: () => discovery,
          }),
          permissionsServiceFactory,
          schedulerServiceFactory,
          userInfoFromMembership(MEMBERSHIP),
          authWithActorsServiceFactory,
          httpAuthServiceFactory,
          // Replicas of the gateway share one database of their own.
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              mcpCatalog: { discovery: { allowedCidrs: ['127.0.0.0/8'] } },
              mcpGateway: {
                catalogRefreshSeconds: 1,
                decisionCacheSeconds: 1,
                upstream: { listCacheSeconds: 1 },
              },
            },
          }),
        ],
      });
      ownPort = (gateway.server.address() as AddressInfo).port;

      // The gateway sees the main backend's catalog and policy: grace may call, ada is refused.
      const grace = mockCredentials.user.header('user:default/grace');
      for (;;) {
        const res = await request(gateway.server)
          .get('/api/mcp-gateway/v1/tools')
          .set('Authorization', grace);
        const refund = (res.body.items ?? []).find(
          (t: { name: string }) => t.name === 'payments-ledger__refund_payment',
        );
        if (refund?.callable) break;
        await new Promise(r => setTimeout(r, 250));
      }
      const connect = async (user: string) => {
        const client = new Client({ name: 'split-test', version: '1.0.0' });
        await client.connect(
          new StreamableHTTPClientTransport(
            new URL(`http://localhost:${ownPort}/api/mcp-gateway/v1/mcp`),
            {
              requestInit: {
                headers: { authorization: mockCredentials.user.header(user) },
              },
            },
          ),
        );
        return client;
      };
      const graceClient = await connect('user:default/grace');
      const adaClient = await connect('user:default/ada');
      const payment = await graceClient.callTool({
        name: 'payments-ledger__get_payment',
        arguments: { paymentId: 'pay_1001' },
      });
      expect(payment.isError).toBeFalsy();
      const refused = await adaClient.callTool({
        name: 'payments-ledger__refund_payment',
        arguments: { paymentId: 'pay_1001', reason: 'duplicate' },
      });
      expect(refused.isError).toBe(true);
      expect(JSON.stringify(refused.content)).toMatch(
        /rule tool-access\/destructive-production-owner-only/,
      );

      // The policy engine in the main backend logged the decision the refusal points at.
      const decisionId = /decision (\d+)/.exec(
        JSON.stringify(refused.content),
      )![1];
      const decision = await request(main.server)
        .get(`/api/mcp-policy/v1/decisions/${decisionId}`)
        .set('Authorization', mockCredentials.service.header());
      expect(decision.status).toBe(200);
      expect(JSON.stringify(decision.body)).toMatch(/refund_payment/);

      // The metered call reached insights in the main backend.
      for (;;) {
        const cost = await request(main.server)
          .get('/api/mcp-insights/v1/cost/servers/default/payments-ledger')
          .set('Authorization', grace);
        const tool = (cost.body.tools ?? []).find(
          (t: { tool: string }) => t.tool === 'get_payment',
        );
        if (tool?.calls >= 1) break;
        await new Promise(r => setTimeout(r, 500));
      }

      await Promise.all([graceClient.close(), adaClient.close()]);
      await gateway.stop();
      await main.stop();
    },
  );
});
