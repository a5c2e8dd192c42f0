import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The real policy engine reads the context; test-only, the plugins stay independent at runtime.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mcpPolicyPlugin from '@mcp-platform/plugin-mcp-policy-backend';
import request from 'supertest';
import { mcpInsightsPlugin } from './plugin';
import { mcpPolicyModuleInsightsContext } from '@mcp-platform/plugin-mcp-policy-backend-module-insights';
import { TEST_INSIGHTS_CONFIG } from './testing/testSettings';

jest.setTimeout(120_000);

/*
 * A server's own monthly budget, as the MCP server template writes it on the API entity: tracked
 * by insights beside the team's, answered on the server's cost routes, and read by tool-call
 * rules through the insights context (`context.serverBudget`). Also the cost estimate the
 * template's review step shows.
 */

/**
 * 1 replica of 0.1 CPU and 128 MiB: under 0.005 an hour at the test prices, so a whole month of
 * compute stays under the budget of 5 whatever the time of day (the forecast cannot cross it
 * on compute alone).
 */
const refundDesk: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: {
    name: 'refund-desk',
    namespace: 'default',
    annotations: {
      'mcp-platform.io/monthly-budget': '5',
      'mcp-platform.io/resources': 'replicas=1,cpu=100m,memory=128Mi',
    },
  },
  spec: {
    type: 'mcp-server',
    lifecycle: 'production',
    owner: 'group:default/payments',
    remotes: [
      { type: 'streamable-http', url: 'https://refund-desk.invalid/mcp' },
    ],
    definition: 'discovered by mcp-catalog',
  },
};
const ledger: Entity = {
  ...refundDesk,
  metadata: { name: 'payments-ledger', namespace: 'default' },
};
const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

/** Policies of an adopter: a server past its own budget serves nobody until next month. */
const SERVER_BUDGET_POLICY = `
apiVersion: mcp-platform.io/v1alpha1
kind: McpPolicy
metadata:
  name: server-budgets
spec:
  rules:
    - name: stop-at-server-budget
      target: tool-call
      condition: context.serverBudget.state == "over-budget"
      effect: deny
      message: The server has spent its monthly budget.
      messageExpression: >-
        "The server " + context.serverBudget.server + " has spent "
        + string(int(context.serverBudget.usedRatio * 100.0)) + " % of its monthly budget of "
        + string(context.serverBudget.monthlyBudget) + " " + context.serverBudget.currency
        + "; it answers again next month or when its owners raise the budget."
    - name: everyone-else
      target: tool-call
      condition: "true"
      effect: allow
      message: Everyone else may call the tools.
`;

describe('server budgets and cost estimates', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const mockDir = createMockDirectory();

  it.each(databases.eachSupportedId())(
    'estimates compute cost, tracks a server budget and lets tool-call rules read it, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      mockDir.setContent({
        'policies/server-budgets.yaml': SERVER_BUDGET_POLICY,
      });
      const backend = await startTestBackend({
        features: [
          mcpInsightsPlugin,
          mcpPolicyPlugin,
          mcpPolicyModuleInsightsContext,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              ...TEST_INSIGHTS_CONFIG,
              mcpPolicy: {
                builtinPack: false,
                policyFiles: [mockDir.resolve('policies')],
              },
            },
          }),
          catalogServiceMock.factory({
            entities: [refundDesk, ledger, payments],
          }),
        ],
      });
      const { server } = backend;
      const user = mockCredentials.user.header('user:default/grace');
      const service = mockCredentials.service.header();
      try {
        // --- The estimate the template's review step shows.
        const estimate = (body: unknown, auth = user) =>
          request(server)
            .post('/api/mcp-insights/v1/cost/estimate')
            .set('Authorization', auth)
            .send(body as object);
        const valid = {
          replicas: 2,
          cpu: 0.5,
          memoryMiB: 512,
          environment: 'production',
        };
        expect(
          (await estimate(valid, mockCredentials.none.header())).status,
        ).toBe(401);
        const answer = await estimate(valid);
        expect(answer.status).toBe(200);
        // 2 × (0.5 cores × 0.04 + 0.536870912 GB × 0.005) per hour, 730 hours.
        const hourly = 2 * (0.5 * 0.04 + (512 * 1024 ** 2 * 0.005) / 1e9);
        expect(answer.body).toEqual({
          currency: 'USD',
          costModelConfigured: true,
          environment: 'production',
          resources: { replicas: 2, cpu: 0.5, memoryGb: 0.536870912 },
          rates: { cpuCoreHour: 0.04, memoryGbHour: 0.005 },
          hoursPerMonth: 730,
          hourly: expect.closeTo(hourly, 6),
          monthly: expect.closeTo(hourly * 730, 6),
          monthlyBreakdown: {
            cpu: expect.closeTo(2 * 0.5 * 0.04 * 730, 6),
            memory: expect.closeTo(2 * 0.536870912 * 0.005 * 730, 6),
          },
        });
        const bad = await estimate({
          replicas: -1,
          cpu: 'lots',
          memoryMiB: 512,
        });
        expect(bad.status).toBe(400);
        expect(bad.body.error).toEqual(
          expect.objectContaining({
            name: 'InputError',
            message:
              'Invalid estimate request: replicas must not be negative; cpu must be CPU cores per replica, e.g. 0.5',
          }),
        );
        expect(
          (await estimate({ replicas: 1, cpu: 1 })).body.error.message,
        ).toBe(
          'Invalid estimate request: memoryMiB give memory per replica as memoryMiB (e.g. 512) or memoryGb, once',
        );
        const malformed = await request(server)
          .post('/api/mcp-insights/v1/cost/estimate')
          .set('Authorization', user)
          .set('Content-Type', 'application/json')
          .send('{"replicas": 2,');
        expect(malformed.status).toBe(400);

        // --- The server's budget, once insights has copied the catalog.
        expect(
          (
            await request(server)
              .post('/api/mcp-insights/v1/collection/run')
              .set('Authorization', user)
          ).status,
        ).toBe(202);
        const costOf = () =>
          request(server)
            .get('/api/mcp-insights/v1/cost/servers/default/refund-desk')
            .set('Authorization', user);
        const deadline = Date.now() + 60_000;
        while ((await costOf()).status !== 200) {
          if (Date.now() > deadline)
            throw new Error('insights never copied the catalog');
          await new Promise(r => setTimeout(r, 250));
        }
        const serverBudget = async () =>
          (
            await request(server)
              .get('/api/mcp-insights/v1/policy-context/server-budget')
              .query({ server: 'refund-desk' })
              .set('Authorization', service)
          ).body;
        expect(await serverBudget()).toMatchObject({
          server: 'api:default/refund-desk',
          known: true,
          currency: 'USD',
          monthlyBudget: 5,
          thresholdReached: null,
          state: 'ok',
        });
        expect(
          (
            await request(server)
              .get('/api/mcp-insights/v1/policy-context/server-budget')
              .query({ server: 'component:default/refund-desk' })
              .set('Authorization', service)
          ).body.error.message,
        ).toMatch(/must be an API entity ref/);

        // The policy engine reads it through the insights context: within budget, calls pass.
        const evaluate = async (serverRef: string) =>
          (
            await request(server)
              .post('/api/mcp-policy/v1/tool-calls/evaluate')
              .set('Authorization', service)
              .send({
                user: {
                  ref: 'user:default/grace',
                  groups: ['group:default/payments'],
                },
                tools: [{ server: serverRef, tool: 'issue_refund' }],
                record: false,
              })
          ).body.decisions[0];
        expect(await evaluate('api:default/payments-ledger')).toMatchObject({
          result: 'allow',
        });

        // A paid API call of 6 takes the server past its budget of 5.
        const pushed = await request(server)
          .post('/api/mcp-insights/v1/usage/events?wait=true')
          .set('Authorization', service)
          .send({
            events: [
              {
                id: 'refund-provider-fee',
                timestamp: new Date().toISOString(),
                server: 'refund-desk',
                cost: 6,
              },
            ],
          });
        expect(pushed.body).toMatchObject({ accepted: 1, rejected: 0 });

        const over = await serverBudget();
        expect(over).toMatchObject({
          monthlyBudget: 5,
          thresholdReached: 1,
          state: 'over-budget',
        });
        expect(over.monthToDateSpend).toBeGreaterThanOrEqual(6);
        expect(over.usedRatio).toBeGreaterThanOrEqual(1.2);

        const report = (await costOf()).body;
        expect(report.server.budget).toMatchObject({
          monthlyBudget: 5,
          source: 'annotation',
          thresholdReached: 1,
          state: 'over-budget',
        });
        expect(report.alerts).toContainEqual(
          expect.objectContaining({
            kind: 'budget-threshold',
            severity: 'critical',
            serverRef: 'api:default/refund-desk',
            team: 'group:default/payments',
          }),
        );
        const team = (
          await request(server)
            .get('/api/mcp-insights/v1/cost/report')
            .query({ team: 'group:default/payments' })
            .set('Authorization', user)
        ).body;
        expect(
          team.servers.find((s: { name: string }) => s.name === 'refund-desk')
            .budget,
        ).toMatchObject({ state: 'over-budget' });
        expect(
          team.alerts.filter(
            (a: { serverRef?: string; kind: string }) =>
              a.serverRef === 'api:default/refund-desk' &&
              a.kind === 'budget-threshold',
          ),
        ).toHaveLength(1);
        expect(
          (
            await request(server)
              .get('/api/mcp-insights/v1/pricing')
              .set('Authorization', user)
          ).body.serverBudgets,
        ).toEqual([
          {
            server: 'api:default/refund-desk',
            monthlyBudget: 5,
            source: 'annotation',
          },
        ]);

        // The rule reads the server's budget and refuses, saying why; the other server is fine.
        const refused = await evaluate('api:default/refund-desk');
        expect(refused).toMatchObject({
          result: 'deny',
          reason: 'deny-rule',
        });
        expect(refused.message).toMatch(
          /^The server api:default\/refund-desk has spent 1\d\d % of its monthly budget of 5(\.0)? USD; it answers again next month or when its owners raise the budget\.$/,
        );
        expect(await evaluate('api:default/payments-ledger')).toMatchObject({
          result: 'allow',
        });
      } finally {
        await backend.stop();
      }
    },
  );
});
