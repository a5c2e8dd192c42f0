import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createModelGateway,
  createPaymentsLedger,
  RunningExampleServer,
  startExampleServer,
  ToolMetrics,
} from '@mcp-platform/example-mcp-servers';
import { ExampleToolClient } from '@mcp-platform/example-mcp-servers';
import {
  mcpPolicyContextExtensionPoint,
  PolicyContextProvider,
} from '@mcp-platform/plugin-mcp-policy-node';
import { register } from 'prom-client';
import request from 'supertest';
import { parse } from 'yaml';
import { mcpInsightsPlugin } from './plugin';
import { mcpPolicyModuleInsightsContext } from '@mcp-platform/plugin-mcp-policy-backend-module-insights';
import { TEST_INSIGHTS_CONFIG } from './testing/testSettings';

jest.setTimeout(120_000);

const api = (
  name: string,
  owner: string,
  annotations: Record<string, string>,
  url: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    type: 'mcp-server',
    lifecycle: 'production',
    owner,
    remotes: [{ type: 'streamable-http', url }],
    definition: 'discovered by mcp-catalog',
  },
});
const group = (name: string, parent?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
});

// The policy engine's extension point, as the mcp-policy plugin offers it.
const providers: PolicyContextProvider[] = [];
const policyPluginStandIn = createBackendPlugin({
  pluginId: 'mcp-policy',
  register(env) {
    env.registerExtensionPoint(mcpPolicyContextExtensionPoint, {
      addContextProvider: (...added) => providers.push(...added),
    });
    env.registerInit({ deps: {}, async init() {} });
  },
});

describe('mcp-insights backend', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let ledger: RunningExampleServer;
  let gateway: RunningExampleServer;

  // Fresh servers per test: counters start at zero, so expected counts are exact.
  beforeEach(async () => {
    ledger = await startExampleServer(createPaymentsLedger());
    const metrics = new ToolMetrics({
      server: 'model-gateway',
      team: 'ml-platform',
    });
    gateway = await startExampleServer(createModelGateway(metrics), {
      metrics,
    });
  });
  afterEach(async () => {
    await ledger.close();
    await gateway.close();
  });

  async function start(
    databaseId: Parameters<typeof databases.init>[0],
    extra: Parameters<typeof startTestBackend>[0]['features'] = [],
  ) {
    const knex = await databases.init(databaseId);
    providers.length = 0;
    return startTestBackend({
      features: [
        mcpInsightsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({ data: TEST_INSIGHTS_CONFIG }),
        catalogServiceMock.factory({
          entities: [
            api(
              'payments-ledger',
              'group:default/payments',
              { 'mcp-platform.io/slo': 'availability=99.9,latency-p95=2000ms' },
              ledger.url,
            ),
            api(
              'model-gateway',
              'ml-platform',
              { 'mcp-platform.io/metrics-url': gateway.metricsUrl },
              'https://model-gateway.invalid/mcp',
            ),
            group('engineering'),
            group('payments', 'engineering'),
            group('ml-platform', 'engineering'),
          ],
        }),
        ...extra,
      ],
    });
  }

  it.each(databases.eachSupportedId())(
    'collects, accepts pushed usage and answers every route to authenticated callers, on %p',
    async databaseId => {
      const backend = await start(databaseId, [
        policyPluginStandIn,
        mcpPolicyModuleInsightsContext,
      ]);
      const { server } = backend;
      const user = mockCredentials.user.header();
      // Usage is pushed by a service (a gateway): users push only for their teams' servers.
      const service = mockCredentials.service.header();
      const client = new ExampleToolClient(ledger.url);
      try {
        expect(
          (await request(server).get('/api/mcp-insights/health')).status,
        ).toBe(200);
        for (const path of [
          '/v1/cost/teams',
          '/v1/slo/servers',
          '/v1/collection/status',
        ]) {
          expect(
            (
              await request(server)
                .get(`/api/mcp-insights${path}`)
                .set('Authorization', mockCredentials.none.header())
            ).status,
          ).toBe(401);
        }
        expect(
          (
            await request(server)
              .post('/api/mcp-insights/v1/usage/events')
              .set('Authorization', mockCredentials.none.header())
              .send({ events: [] })
          ).status,
        ).toBe(401);

        await client.call('get_payment', { paymentId: 'pay_1001' });
        await client.call('get_payment', { paymentId: 'pay_9999' });
        const run = await request(server)
          .post('/api/mcp-insights/v1/collection/run')
          .set('Authorization', user);
        expect(run.status).toBe(202);
        const status = await request(server)
          .get('/api/mcp-insights/v1/collection/status')
          .set('Authorization', user);
        expect(status.body.source).toBe('scrape');
        expect(status.body.targets).toEqual([
          expect.objectContaining({
            target: 'api:default/model-gateway',
            url: gateway.metricsUrl,
            consecutiveFailures: 0,
          }),
          expect.objectContaining({
            target: 'api:default/payments-ledger',
            url: ledger.metricsUrl,
            consecutiveFailures: 0,
            seriesCount: expect.any(Number),
          }),
        ]);

        const slo = await request(server)
          .get('/api/mcp-insights/v1/slo/servers')
          .set('Authorization', user);
        const ledgerSlo = slo.body.items.find(
          (i: { name: string }) => i.name === 'payments-ledger',
        );
        expect(ledgerSlo).toMatchObject({
          team: 'group:default/payments',
          calls: 2,
          objectives: [
            expect.objectContaining({
              id: 'availability',
              totalEvents: 2,
              badEvents: 1,
              errorBudgetRemaining: 0,
            }),
            expect.objectContaining({
              id: 'latency-p95',
              totalEvents: 2,
              badEvents: 0,
            }),
          ],
        });

        const now = new Date().toISOString();
        const batch = {
          events: [
            {
              id: 'ev-1',
              timestamp: now,
              server: 'model-gateway',
              tool: 'summarize_text',
              outcome: 'success',
              durationMs: 420,
              tokens: [
                { model: 'big-model', input: 1_000_000, output: 100_000 },
              ],
            },
            {
              id: 'ev-2',
              timestamp: now,
              server: 'api:default/payments-ledger',
              tool: 'refund_payment',
              outcome: 'error',
              durationMs: 2500,
              cost: 0.25,
            },
            {
              id: 'ev-1',
              timestamp: now,
              server: 'model-gateway',
              tool: 'summarize_text',
              outcome: 'success',
            },
            {
              id: 'ev-3',
              timestamp: now,
              server: 'model-gateway',
              tokens: [{ model: 'gpt-5-ultra', input: 10 }],
            },
            {
              id: 'ev-4',
              timestamp: now,
              server: 'model-gateway',
              tokens: [{ model: 'big-model', input: -5 }],
            },
            {
              id: 'ev-5',
              timestamp: now,
              server: 'model-gateway',
              tool: 'embed_text',
            },
            {
              id: 'ev-6',
              timestamp: '2020-01-01T00:00:00Z',
              server: 'model-gateway',
              cost: 1,
            },
            {
              id: 'ev-7',
              timestamp: now,
              server: 'component:default/x',
              cost: 1,
            },
          ],
        };
        const pushed = await request(server)
          .post('/api/mcp-insights/v1/usage/events?wait=true')
          .set('Authorization', service)
          .send(batch);
        expect(pushed.status).toBe(200);
        expect(pushed.body).toEqual({
          accepted: 2,
          duplicates: 1,
          rejected: 5,
          duplicateIds: ['ev-1'],
          errors: [
            {
              index: 3,
              id: 'ev-3',
              message:
                'unknown model "gpt-5-ultra": add it to the price table (mcpInsights.cost.models)',
            },
            {
              index: 4,
              id: 'ev-4',
              message: 'tokens.0.input must not be negative',
            },
            {
              index: 5,
              id: 'ev-5',
              message: 'outcome is required with tool: success or error',
            },
            {
              index: 6,
              id: 'ev-6',
              message: 'timestamp is older than 7 days, the idempotency window',
            },
            {
              index: 7,
              id: 'ev-7',
              message: expect.stringContaining('must be an API entity ref'),
            },
          ],
        });
        const again = await request(server)
          .post('/api/mcp-insights/v1/usage/events')
          .set('Authorization', service)
          .send({ events: batch.events.slice(0, 2) });
        expect(again.body).toMatchObject({
          accepted: 0,
          duplicates: 2,
          duplicateIds: ['ev-1', 'ev-2'],
        });
        expect(
          (
            await request(server)
              .post('/api/mcp-insights/v1/usage/events')
              .set('Authorization', service)
              .send({ events: 'nope' })
          ).body.error,
        ).toMatchObject({
          name: 'InputError',
          message: expect.stringContaining('Invalid usage batch'),
        });

        const report = await request(server)
          .get('/api/mcp-insights/v1/cost/report')
          .query({ team: 'group:default/engineering' })
          .set('Authorization', user);
        expect(report.status).toBe(200);
        expect(report.body).toMatchObject({
          team: 'group:default/engineering',
          children: ['group:default/ml-platform', 'group:default/payments'],
          monthlyBudget: 1000,
          currency: 'USD',
        });
        // 1M input + 100k output of big-model (10 + 3) and a 0.25 refund fee, plus compute.
        expect(report.body.monthToDate.llmTokens).toBeCloseTo(13, 6);
        expect(report.body.monthToDate.other).toBeCloseTo(0.25, 6);
        expect(report.body.monthToDate.compute).toBeGreaterThanOrEqual(0);
        const gatewayCost = report.body.servers.find(
          (s: { name: string }) => s.name === 'model-gateway',
        );
        expect(gatewayCost.tools).toEqual([
          expect.objectContaining({
            tool: 'summarize_text',
            calls: 1,
            directCost: 13,
          }),
        ]);

        const teams = await request(server)
          .get('/api/mcp-insights/v1/cost/teams')
          .set('Authorization', user);
        expect(teams.body.teams.map((t: { team: string }) => t.team)).toEqual(
          expect.arrayContaining([
            'group:default/engineering',
            'group:default/ml-platform',
            'group:default/payments',
          ]),
        );
        expect(
          (
            await request(server)
              .get('/api/mcp-insights/v1/cost/report')
              .query({ team: 'payments' })
              .set('Authorization', user)
          ).body.error.message,
        ).toMatch(/team must be an entity ref/);
        expect(
          (
            await request(server)
              .get('/api/mcp-insights/v1/cost/report')
              .query({ team: 'group:default/x', month: '2999-01' })
              .set('Authorization', user)
          ).status,
        ).toBe(400);

        const csv = await request(server)
          .get('/api/mcp-insights/v1/cost/export.csv')
          .query({ team: 'group:default/ml-platform', level: 'tool' })
          .set('Authorization', user);
        expect(csv.headers['content-type']).toMatch(/^text\/csv/);
        expect(csv.headers['content-disposition']).toMatch(
          /attachment; filename="mcp-cost-group-default-ml-platform-/,
        );
        expect(csv.text).toMatch(
          /,api:default\/model-gateway,summarize_text,1,0,0,13,0,13,USD/,
        );

        const serverCost = await request(server)
          .get('/api/mcp-insights/v1/cost/servers/default/payments-ledger')
          .set('Authorization', user);
        expect(serverCost.body.server).toMatchObject({
          calls: 3,
          errors: 2,
          other: 0.25,
        });
        expect(
          (
            await request(server)
              .get('/api/mcp-insights/v1/slo/servers/default/payments-ledger')
              .set('Authorization', user)
          ).body,
        ).toMatchObject({
          name: 'payments-ledger',
          objectives: [
            expect.objectContaining({ burnDown: expect.any(Array) }),
            expect.anything(),
          ],
        });
        expect(
          (
            await request(server)
              .get('/api/mcp-insights/v1/slo/servers/default/nope')
              .set('Authorization', user)
          ).status,
        ).toBe(404);

        const rules = await request(server)
          .get('/api/mcp-insights/v1/export/prometheus-rules')
          .set('Authorization', user);
        expect(rules.headers['content-type']).toMatch(/^application\/yaml/);
        expect(
          parse(rules.text).groups.map((g: { name: string }) => g.name),
        ).toContain('sloth-slo-alerts-payments-ledger-availability');
        const dashboard = await request(server)
          .get('/api/mcp-insights/v1/export/grafana/default/payments-ledger')
          .set('Authorization', user);
        expect(dashboard.body.title).toBe('MCP server: payments-ledger');
        expect(
          (
            await request(server)
              .get('/api/mcp-insights/v1/pricing')
              .set('Authorization', user)
          ).body,
        ).toMatchObject({
          currency: 'USD',
          budgets: [
            {
              team: 'group:default/engineering',
              monthlyBudget: 1000,
              source: 'config',
            },
            {
              team: 'group:default/payments',
              monthlyBudget: 100,
              source: 'config',
            },
          ],
        });

        // The policy engine's inputs, through the module, over HTTP with a service token.
        expect(providers.map(p => p.name)).toEqual([
          'budget',
          'consumerBudget',
          'serverBudget',
          'slo',
        ]);
        const [budget, consumerBudget, serverBudgetProvider, sloProvider] =
          providers;
        // Neither server has a budget of its own; the gateway has spent 13 in tokens.
        expect(
          await serverBudgetProvider.provide({
            kind: 'tool-call',
            serverRef: 'api:default/model-gateway',
          }),
        ).toMatchObject({
          server: 'api:default/model-gateway',
          known: true,
          currency: 'USD',
          monthlyBudget: null,
          monthToDateSpend: expect.any(Number),
          usedRatio: null,
          state: 'no-budget',
        });
        expect(
          await serverBudgetProvider.provide({ kind: 'deployment' }),
        ).toMatchObject({ known: false, state: 'no-budget' });
        const budgetContext = await budget.provide({
          kind: 'deployment',
          ownerRef: 'group:default/payments',
        });
        expect(Object.keys(budgetContext).sort()).toEqual([
          'currency',
          'forecastSpend',
          'monthToDateSpend',
          'monthlyBudget',
          'overBudget',
          'team',
          'usedRatio',
        ]);
        expect(budgetContext).toMatchObject({
          team: 'group:default/payments',
          currency: 'USD',
          monthlyBudget: 100,
        });
        expect(budgetContext.usedRatio).toBeCloseTo(
          (budgetContext.monthToDateSpend as number) / 100,
          9,
        );
        expect(
          await budget.provide({
            kind: 'tool-call',
            serverRef: 'api:default/model-gateway',
          }),
        ).toMatchObject({
          team: 'group:default/ml-platform',
          monthlyBudget: null,
          usedRatio: null,
        });
        // The team a call is made for (the gateway's consuming team), not the server's owner.
        expect(
          await consumerBudget.provide({
            kind: 'tool-call',
            serverRef: 'api:default/model-gateway',
            teamRef: 'group:default/payments',
          }),
        ).toMatchObject({
          team: 'group:default/payments',
          monthlyBudget: 100,
          overBudget: false,
        });
        expect(
          await consumerBudget.provide({
            kind: 'tool-call',
            serverRef: 'api:default/model-gateway',
          }),
        ).toEqual({
          team: '',
          currency: '',
          monthlyBudget: null,
          monthToDateSpend: 0,
          forecastSpend: 0,
          usedRatio: null,
          overBudget: false,
        });
        expect(
          await sloProvider.provide({
            kind: 'tool-call',
            serverRef: 'api:default/payments-ledger',
          }),
        ).toEqual({
          server: 'api:default/payments-ledger',
          known: true,
          errorBudgetRemaining: 0,
        });
        expect(
          await sloProvider.provide({
            kind: 'tool-call',
            serverRef: 'api:default/model-gateway',
          }),
        ).toEqual({
          server: 'api:default/model-gateway',
          known: true,
          errorBudgetRemaining: null,
        });
        expect(await sloProvider.provide({ kind: 'deployment' })).toEqual({
          server: '',
          known: false,
          errorBudgetRemaining: null,
        });

        const events = await register
          .getSingleMetric('mcp_insights_usage_events_total')!
          .get();
        expect(events.values).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ labels: { result: 'rejected' } }),
          ]),
        );
      } finally {
        await client.close();
        await backend.stop();
      }
    },
  );

  it('refuses mutations to callers without the permission, and reads stay open', async () => {
    const backend = await start('SQLITE_3', [
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    const { server } = backend;
    const user = mockCredentials.user.header();
    try {
      const push = await request(server)
        .post('/api/mcp-insights/v1/usage/events')
        .set('Authorization', user)
        .send({
          events: [
            {
              id: 'x',
              timestamp: new Date().toISOString(),
              server: 'payments-ledger',
              cost: 1,
            },
          ],
        });
      expect(push.status).toBe(403);
      expect(push.body.error.message).toBe(
        'You lack the mcp.insights.usage.push permission',
      );
      const run = await request(server)
        .post('/api/mcp-insights/v1/collection/run')
        .set('Authorization', user);
      expect(run.status).toBe(403);
      expect(
        (
          await request(server)
            .get('/api/mcp-insights/v1/cost/teams')
            .set('Authorization', user)
        ).status,
      ).toBe(200);
      expect(
        (
          await request(server)
            .get('/api/mcp-insights/v1/slo/parse')
            .query({ annotation: 'uptime=99' })
            .set('Authorization', user)
        ).body.error,
      ).toMatchObject({
        name: 'InputError',
        message: expect.stringContaining('Unknown SLO key "uptime"'),
      });
    } finally {
      await backend.stop();
    }
  });
});
