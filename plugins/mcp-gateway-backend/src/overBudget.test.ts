import {
  createMockDirectory,
  mockCredentials,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  createAnalyticsWarehouse,
  createPaymentsLedger,
  RunningExampleServer,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
import {
  Client,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
// The real insights backend and its policy context module tell the engine which teams are over
// budget; test-only, the plugins stay independent at runtime (they talk over HTTP).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mcpInsightsPlugin from '@mcp-platform/plugin-mcp-insights-backend';
import { mcpPolicyModuleInsightsContext } from '@mcp-platform/plugin-mcp-policy-backend-module-insights';
import request from 'supertest';
import { startGatewayStack } from './__testUtils__/startGatewayStack';

jest.setTimeout(240_000);

const GRACE = 'user:default/grace';
const ADA = 'user:default/ada';

/** A slower pace than the built-in pack's 60 a minute, so a test reaches it in a few calls. */
const THROTTLE_POLICY = `apiVersion: mcp-platform.io/v1alpha1
kind: McpPolicy
metadata:
  name: team-rules
spec:
  rules:
    - name: over-budget-slow-down
      target: tool-call
      condition: context.consumerBudget.overBudget
      effect: throttle
      rateLimit: { perMinute: 2 }
      message: Over budget; two calls a minute.
      messageExpression: >-
        "Team " + context.consumerBudget.team + " is over its MCP budget; two calls a minute."
`;

/** What a platform team that prefers refusal writes instead. */
const REFUSE_POLICY = `apiVersion: mcp-platform.io/v1alpha1
kind: McpPolicy
metadata:
  name: team-rules
spec:
  rules:
    - name: over-budget-refused
      target: tool-call
      condition: context.consumerBudget.overBudget
      effect: deny
      message: Your team has spent its monthly MCP budget; ask its lead to raise it.
      messageExpression: >-
        "Team " + context.consumerBudget.team + " has spent its monthly MCP budget ("
        + string(int(context.consumerBudget.usedRatio * 100.0)) + " %); ask its lead to raise it."
`;

/**
 * Budget overruns as a policy input the gateway acts on: analytics (ada's team) has spent five
 * times its budget, payments (grace's) is well within its own. The real catalog, policy engine,
 * insights backend (with its context provider) and gateway, calling a real upstream.
 */
describe('mcp-gateway and teams over budget', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const policies = createMockDirectory();
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
    'throttles, then refuses, the calls of a consuming team over budget and not the others (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      policies.setContent({ 'team-rules.yaml': THROTTLE_POLICY });
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
        features: [mcpInsightsPlugin, mcpPolicyModuleInsightsContext],
        config: {
          mcpPolicy: {
            permission: { fallback: 'allow' },
            policyFiles: [policies.resolve('team-rules.yaml')],
            reloadIntervalSeconds: 1,
          },
          mcpInsights: {
            cost: {
              budgets: [
                { team: 'group:default/analytics', monthly: 1 },
                { team: 'group:default/payments', monthly: 10_000 },
              ],
            },
            alerts: { notifications: { enabled: false } },
          },
        },
      });
      const { backend, server, base } = stack;
      const service = mockCredentials.service.header();
      const connect = async (who: string) => {
        const client = new Client({ name: 'over-budget-test', version: '1' });
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
      /** A call, refused (a tool error, or a rate limit's JSON-RPC error and 429) or not. */
      const call = async (client: Client) => {
        try {
          const result = await client.callTool({
            name: 'payments-ledger__get_payment',
            arguments: { paymentId: 'pay_1001' },
          });
          return {
            refused: Boolean(result.isError),
            text: JSON.stringify(result.content),
          };
        } catch (error) {
          return { refused: true, text: (error as Error).message };
        }
      };
      try {
        await stack.waitForCallable(GRACE, ['payments-ledger__get_payment']);
        await stack.waitForCallable(ADA, ['payments-ledger__get_payment']);

        // Insights learns the servers and their owners, then analytics' spend arrives.
        // 409: a scheduled run is already under way (a loaded machine), which does the same.
        const run = await request(server)
          .post('/api/mcp-insights/v1/collection/run')
          .set('Authorization', mockCredentials.user.header(GRACE));
        expect([202, 409]).toContain(run.status);
        for (;;) {
          const known = await request(server)
            .get('/api/mcp-insights/v1/slo/servers/default/analytics-warehouse')
            .set('Authorization', service);
          if (known.status === 200) break;
          await new Promise(r => setTimeout(r, 250));
        }
        await request(server)
          .post('/api/mcp-insights/v1/usage/events?wait=true')
          .set('Authorization', service)
          .send({
            events: [
              {
                id: 'big-query',
                timestamp: new Date().toISOString(),
                server: 'analytics-warehouse',
                tool: 'run_query',
                outcome: 'success',
                cost: 5,
              },
            ],
          })
          .expect(200);
        const budget = async (team: string) =>
          (
            await request(server)
              .get('/api/mcp-insights/v1/policy-context/budget')
              .query({ team })
              .set('Authorization', service)
              .expect(200)
          ).body;
        // 5 of 1 (and the warehouse's compute since it first answered, a fraction of a cent).
        expect(await budget('group:default/analytics')).toMatchObject({
          usedRatio: expect.closeTo(5, 2),
          overBudget: true,
        });
        expect(await budget('group:default/payments')).toMatchObject({
          overBudget: false,
        });

        // ada's calls are made for analytics: once the engine sees the spend (insights' answers
        // are reused for up to 30 s), two a minute, then the throttle refuses, naming the rule
        // and its logged decision.
        const ada = await connect(ADA);
        const adaCalls: { refused: boolean; text: string }[] = [];
        for (let i = 0; i < 300 && !adaCalls.some(c => c.refused); i++) {
          adaCalls.push(await call(ada));
          await new Promise(r => setTimeout(r, 200));
        }
        const throttled = adaCalls.find(c => c.refused);
        expect(throttled?.text).toMatch(
          /Rate limit of 2 calls per minute per team reached \(lowered by policy rule team-rules\/over-budget-slow-down: Team group:default\/analytics is over its MCP budget; two calls a minute\.\); try again in \d+ s\. \(rule team-rules\/over-budget-slow-down, decision \d+\)/,
        );
        expect(adaCalls.filter(c => !c.refused).length).toBeGreaterThanOrEqual(
          2,
        );
        const decisionId = /decision (\d+)/.exec(throttled!.text)![1];
        const logged = await request(server)
          .get(`/api/mcp-policy/v1/decisions/${decisionId}`)
          .set('Authorization', service)
          .expect(200);
        expect(logged.body).toMatchObject({
          result: 'allow',
          user: ADA,
          subject: 'api:default/payments-ledger#get_payment',
        });
        expect(logged.body.rules.map((r: { rule: string }) => r.rule)).toEqual(
          expect.arrayContaining([
            'tool-access/over-budget-consumers-throttled',
            'team-rules/over-budget-slow-down',
          ]),
        );
        const refusals = await request(server)
          .get('/api/mcp-gateway/v1/refusals')
          .set('Authorization', mockCredentials.user.header(ADA))
          .expect(200);
        expect(refusals.body.items[0]).toMatchObject({
          kind: 'rate-limit',
          user: ADA,
          rule: 'team-rules/over-budget-slow-down',
          decisionId,
        });

        // grace's calls are made for payments, within its budget: never throttled.
        const grace = await connect(GRACE);
        for (let i = 0; i < 6; i++)
          expect((await call(grace)).refused).toBe(false);

        // The platform team prefers refusal: the engine reloads the policy, the gateway refuses.
        policies.setContent({ 'team-rules.yaml': REFUSE_POLICY });
        let refusal = '';
        for (let i = 0; i < 120; i++) {
          refusal = (await call(ada)).text;
          if (/over-budget-refused/.test(refusal)) break;
          await new Promise(r => setTimeout(r, 250));
        }
        expect(refusal).toMatch(
          /Team group:default\/analytics has spent its monthly MCP budget \(500 %\); ask its lead to raise it\. \(rule team-rules\/over-budget-refused, decision \d+\)/,
        );
        expect((await call(grace)).refused).toBe(false);
        await ada.close();
        await grace.close();
      } finally {
        await backend.stop();
      }
    },
  );
});
