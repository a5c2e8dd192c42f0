import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createPaymentsLedger,
  ExampleToolClient,
  RunningExampleServer,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
import {
  CONSUMER_COST_CSV_COLUMNS,
  ConsumerCostListResponse,
  DIRECT_USAGE,
  ServerCostReport,
} from '@mcp-platform/plugin-mcp-insights-common';
import request from 'supertest';
import { GATEWAY_SOURCE_REFUSAL } from './ingest/UsageEventIngestor';
import { mcpInsightsPlugin } from './plugin';
import { TEST_INSIGHTS_CONFIG } from './testing/testSettings';

jest.setTimeout(120_000);

const LEDGER = 'api:default/payments-ledger';
const PAYMENTS = 'group:default/payments';
const ANALYTICS = 'group:default/analytics';
const SUPPORT = 'group:default/customer-success';

const group = (name: string, parent?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
});

/**
 * The MCP gateway relays three calls to a real server, whose own metrics insights scrapes, and
 * reports the same three calls with their consuming teams, as its meter does: one call, counted
 * once, charged to the teams that made it.
 */
describe('mcp-insights with the MCP gateway metering', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let ledger: RunningExampleServer;

  beforeEach(async () => {
    ledger = await startExampleServer(createPaymentsLedger());
  });
  afterEach(async () => {
    await ledger.close();
  });

  it.each(databases.eachSupportedId())(
    "counts a call once when the server's metrics and the gateway both saw it, and charges its cost to the consuming teams, on %p",
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          mcpInsightsPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              mcpInsights: {
                ...TEST_INSIGHTS_CONFIG.mcpInsights,
                // May push for any server, but is still a user, not the gateway.
                usage: { pushForAnyServer: ['user:default/mock'] },
              },
            },
          }),
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'API',
                metadata: {
                  name: 'payments-ledger',
                  namespace: 'default',
                  annotations: {
                    'mcp-platform.io/slo':
                      'availability=99,latency-p95=2000ms,window=30d',
                  },
                },
                spec: {
                  type: 'mcp-server',
                  lifecycle: 'production',
                  owner: PAYMENTS,
                  remotes: [{ type: 'streamable-http', url: ledger.url }],
                  definition: 'discovered by mcp-catalog',
                },
              },
              group('engineering'),
              group('payments', 'engineering'),
              group('analytics', 'engineering'),
              group('customer-success'),
            ],
          }),
        ],
      });
      const { server } = backend;
      const user = mockCredentials.user.header();
      const gateway = mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('plugin:mcp-gateway'),
        targetPluginId: 'mcp-insights',
      });
      const client = new ExampleToolClient(ledger.url);
      const get = (path: string, query: Record<string, string> = {}) =>
        request(server)
          .get(`/api/mcp-insights${path}`)
          .query(query)
          .set('Authorization', user);
      const push = (auth: string, events: object[]) =>
        request(server)
          .post('/api/mcp-insights/v1/usage/events?wait=true')
          .set('Authorization', auth)
          .send({ events });
      try {
        // The calls reach the server (its metrics count them), then the metrics are scraped.
        await client.call('get_payment', { paymentId: 'pay_1001' });
        await client.call('get_payment', { paymentId: 'pay_1002' });
        await client.call('get_payment', { paymentId: 'pay_9999' });
        await request(server)
          .post('/api/mcp-insights/v1/collection/run')
          .set('Authorization', user)
          .expect(202);
        const status = await get('/v1/collection/status');
        const scrapedAt = status.body.targets.find(
          (t: { target: string }) => t.target === LEDGER,
        ).lastSuccessAt;
        expect(scrapedAt).toEqual(expect.any(String));

        // What the gateway's meter sends for the same calls (same 5-minute bucket): it waited
        // longer than the server measured (network, queueing), so they missed the latency SLO.
        const relayed = (
          id: string,
          team: string,
          outcome: 'success' | 'error',
        ) => ({
          id,
          timestamp: scrapedAt,
          server: LEDGER,
          tool: 'get_payment',
          outcome,
          durationMs: 2500,
          consumer: {
            principal: 'user:default/ada',
            user: 'user:default/ada',
            team,
          },
          requestBytes: 180,
          responseBytes: 620,
          estimatedTokens: { input: 45, output: 155 },
          source: 'gateway',
        });
        const batch = [
          relayed('gw-1', ANALYTICS, 'success'),
          relayed('gw-2', ANALYTICS, 'success'),
          relayed('gw-3', SUPPORT, 'error'),
        ];
        const refused = await push(user, batch);
        expect(refused.status).toBe(200);
        expect(refused.body).toMatchObject({
          accepted: 0,
          rejected: 3,
          errors: [0, 1, 2].map(index => ({
            index,
            id: batch[index].id,
            message: GATEWAY_SOURCE_REFUSAL,
          })),
        });
        expect((await push(gateway, batch)).body).toMatchObject({
          accepted: 3,
          rejected: 0,
        });
        // A replay (the gateway crashed before it acknowledged) counts nothing.
        expect((await push(gateway, batch)).body).toMatchObject({
          accepted: 0,
          duplicates: 3,
        });
        // A fee the server's owner pays for those calls: spend the consumers are charged with.
        expect(
          (
            await push(gateway, [
              { id: 'fee-1', timestamp: scrapedAt, server: LEDGER, cost: 0.3 },
            ])
          ).body,
        ).toMatchObject({ accepted: 1 });

        // Owners' view: three calls, not six; SLOs as the callers saw them.
        const report = await get('/v1/cost/report', { team: PAYMENTS });
        expect(report.body.servers).toEqual([
          expect.objectContaining({ serverRef: LEDGER, calls: 3, errors: 1 }),
        ]);
        const slo = await get('/v1/slo/servers');
        expect(slo.body.items).toEqual([
          expect.objectContaining({
            serverRef: LEDGER,
            calls: 3,
            objectives: [
              expect.objectContaining({
                id: 'availability',
                totalEvents: 3,
                badEvents: 1,
              }),
              expect.objectContaining({
                id: 'latency-p95',
                totalEvents: 3,
                badEvents: 3,
              }),
            ],
          }),
        ]);

        // The server's cost tab: what the gateway saw, and its spend by consuming team.
        const serverCost: ServerCostReport = (
          await get('/v1/cost/servers/default/payments-ledger')
        ).body;
        expect(serverCost.gateway).toMatchObject({
          calls: 3,
          errors: 1,
          requestBytes: 540,
          responseBytes: 1860,
          estimatedInputTokens: 135,
          estimatedOutputTokens: 465,
          days: 1,
        });
        const shares = Object.fromEntries(
          serverCost.consumers.map(c => [c.team, c.total]),
        );
        expect(Object.keys(shares).sort()).toEqual([ANALYTICS, SUPPORT]);
        expect(serverCost.server.other).toBeCloseTo(0.3, 6);
        expect(shares[ANALYTICS]).toBeCloseTo(
          (serverCost.server.total * 2) / 3,
          5,
        );
        expect(shares[ANALYTICS] + shares[SUPPORT]).toBeCloseTo(
          serverCost.server.total,
          5,
        );

        // The consumers' view adds up to the owners' view.
        const owners = await get('/v1/cost/teams');
        const consumers: ConsumerCostListResponse = (
          await get('/v1/cost/consumers')
        ).body;
        expect(consumers.total).toEqual(owners.body.total);
        expect(
          consumers.teams.find(t => t.team === 'group:default/engineering'),
        ).toMatchObject({ calls: 2, children: [ANALYTICS, PAYMENTS] });
        const analytics = await get('/v1/cost/consumers/report', {
          team: 'Group:default/Analytics',
        });
        expect(analytics.body).toMatchObject({
          team: ANALYTICS,
          calls: 2,
          servers: [
            expect.objectContaining({
              serverRef: LEDGER,
              ownerTeam: PAYMENTS,
              calls: 2,
            }),
          ],
        });
        expect(
          (await get('/v1/cost/consumers/report', { team: DIRECT_USAGE })).body,
        ).toMatchObject({ team: DIRECT_USAGE, calls: 0 });
        expect(
          (await get('/v1/cost/consumers/report', { team: 'analytics' })).body
            .error.message,
        ).toMatch(/team must be an entity ref .*, unallocated or direct/);
        expect(
          (
            await get('/v1/cost/consumers/report', {
              team: 'group:default/nobody',
            })
          ).status,
        ).toBe(404);

        const csv = await get('/v1/cost/export.csv', { view: 'consuming' });
        expect(csv.headers['content-disposition']).toMatch(
          /filename="mcp-cost-consumers-all-/,
        );
        const [header, ...lines] = csv.text.trimEnd().split('\r\n');
        expect(header).toBe(CONSUMER_COST_CSV_COLUMNS.join(','));
        expect(lines.map(l => l.split(',').slice(1, 6))).toEqual([
          [ANALYTICS, LEDGER, PAYMENTS, '2', '0'],
          [SUPPORT, LEDGER, PAYMENTS, '1', '1'],
        ]);
        expect(
          (await get('/v1/cost/export.csv', { team: DIRECT_USAGE })).body.error
            .message,
        ).toBe('Invalid query: team direct is a consumer: pass view=consuming');
      } finally {
        await client.close();
        await backend.stop();
      }
    },
  );
});
