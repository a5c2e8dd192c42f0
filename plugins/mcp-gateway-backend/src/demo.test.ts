import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import {
  CHANGED_TOOL,
  createAnalyticsWarehouse,
  createModelGateway,
  createPaymentsLedger,
  createSupportDesk,
  demoConsumers,
  describeTableRelease,
  ExampleServerDefinition,
  FLAGGED_TOOL,
  RunningExampleServer,
  seededRandom,
  startExampleServer,
  startUsageGenerator,
  ToolMetrics,
  withFlaggedTool,
} from '@mcp-platform/example-mcp-servers';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { startGatewayStack } from './__testUtils__/startGatewayStack';

jest.setTimeout(300_000);

/**
 * The demo (scripts/start.sh) through a real gateway, backend, catalog and policy engine: the
 * example servers with the demo's states, the entities' annotations as in
 * examples/mcp-servers/catalog-info.yaml, and the usage generator calling as the demo's consumer
 * services. What the dashboards and the Gateway tab then show rests on this.
 */
describe('the demo through the gateway', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    "charges each consumer's calls to its team, refuses the misuse, the flagged tool and the unapproved release with their reasons (%p)",
    async databaseId => {
      const metrics = (name: string) =>
        new ToolMetrics({ server: name, team: 'test' });
      const start = (definition: ExampleServerDefinition, port?: number) =>
        startExampleServer(definition, { port });
      const servers: RunningExampleServer[] = [
        await start(createPaymentsLedger()),
        await start(createAnalyticsWarehouse()),
        await start(createSupportDesk()),
        await start(
          withFlaggedTool(createModelGateway(metrics('model-gateway'))),
        ),
      ];
      const closed = http.createServer();
      await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
      const downPort = (closed.address() as AddressInfo).port;
      await new Promise(r => closed.close(r));

      const urlOf = (name: string) => servers.find(s => s.name === name)!.url;
      const classified = (classification: string, extra = {}) => ({
        'mcp-platform.io/data-classification': classification,
        ...extra,
      });
      const knex = await databases.init(databaseId);
      // The annotations and owners of examples/mcp-servers/catalog-info.yaml.
      const stack = await startGatewayStack({
        knex,
        servers: [
          {
            name: 'payments-ledger',
            owner: 'group:default/payments',
            url: urlOf('payments-ledger'),
            annotations: classified('confidential', {
              'mcp-platform.io/approved-groups':
                'group:default/customer-success',
            }),
          },
          {
            name: 'analytics-warehouse',
            owner: 'group:default/analytics',
            url: urlOf('analytics-warehouse'),
          },
          {
            name: 'support-desk',
            owner: 'group:default/customer-success',
            url: urlOf('support-desk'),
          },
          {
            name: 'model-gateway',
            owner: 'group:default/ml-platform',
            url: urlOf('model-gateway'),
            lifecycle: 'experimental',
          },
          {
            name: 'legacy-crm',
            owner: 'group:default/customer-success',
            url: `http://127.0.0.1:${downPort}/mcp`,
            annotations: classified('confidential'),
            lifecycle: 'deprecated',
          },
        ],
        config: {
          // The engine reuses a tool's catalog facts for ten minutes here, so that the release
          // and the approval below reach its decisions only through the catalog's announcements.
          mcpPolicy: {
            permission: { fallback: 'allow' },
            toolFactsCacheMs: 600_000,
          },
          mcpGateway: {
            consumers: demoConsumers.map(c => ({
              subject: c.subject,
              team: c.team,
            })),
            breaker: { consecutiveFailures: 2, openSeconds: 60 },
          },
        },
      });
      const { backend, server, base } = stack;
      const tokenOf = (subject: string) =>
        mockCredentials.service.token({
          onBehalfOf: mockCredentials.service(subject),
          targetPluginId: 'mcp-gateway',
        });
      const asConsumer = (subject: string) => ({
        Authorization: `Bearer ${tokenOf(subject)}`,
      });
      const toolsFor = async (subject: string) =>
        (
          await request(server)
            .get('/api/mcp-gateway/v1/tools')
            .set(asConsumer(subject))
        ).body.items as {
          name: string;
          callable: boolean;
          refusal?: { kind: string; message: string; rule?: string };
        }[];
      const callAs = (subject: string, name: string, args: object) =>
        request(server)
          .post('/api/mcp-gateway/v1/mcp')
          .set(asConsumer(subject))
          .set('Accept', 'application/json, text/event-stream')
          .set('Content-Type', 'application/json')
          .send({
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: { name, arguments: args },
          });

      try {
        await stack.waitForCallable('user:default/grace', [
          'payments-ledger__get_payment',
          'analytics-warehouse__describe_table',
          'support-desk__search_tickets',
          'model-gateway__list_models',
        ]);

        // The demo's traffic, as the usage generator sends it in scripts/start.sh.
        const problems: string[] = [];
        const generator = startUsageGenerator({
          servers,
          callsPerMinute: 6000,
          random: seededRandom(7),
          onError: error => problems.push(error.message),
          gateway: {
            url: `${base}/v1/mcp`,
            tokens: Object.fromEntries(
              demoConsumers.map(c => [c.subject, tokenOf(c.subject)]),
            ),
            refusedCalls: [
              {
                subject: 'support-assistant',
                server: 'payments-ledger',
                tool: 'refund_payment',
                share: 0.2,
                args: () => ({
                  paymentId: 'pay_1001',
                  reason: 'requested_by_customer',
                }),
              },
            ],
          },
        });
        const bySubject = () => {
          const totals = new Map<string, { calls: number; errors: number }>();
          for (const [key, c] of generator.counts) {
            if (key.includes('#refund_payment#')) continue;
            const subject = key.split('#')[2];
            const t = totals.get(subject) ?? { calls: 0, errors: 0 };
            t.calls += c.calls;
            t.errors += c.errors;
            totals.set(subject, t);
          }
          return totals;
        };
        const refunds = () =>
          generator.counts.get(
            'payments-ledger#refund_payment#support-assistant',
          ) ?? { calls: 0, errors: 0 };
        // Count calls, not time: a loaded machine only makes this slower.
        while (
          problems.length === 0 &&
          (refunds().calls < 2 ||
            demoConsumers.some(
              c => (bySubject().get(c.subject)?.calls ?? 0) < 5,
            ))
        )
          await new Promise(r => setTimeout(r, 50));
        await generator.stop();
        expect(problems).toEqual([]);

        // Every consumer's calls went through (the examples' few deliberate mistakes aside)...
        for (const c of demoConsumers) {
          const { calls, errors } = bySubject().get(c.subject)!;
          expect([c.subject, errors < calls]).toEqual([c.subject, true]);
        }
        // ...and the support assistant's refunds were refused by the policy, and only those.
        expect(refunds().errors).toBe(refunds().calls);
        const refused = (
          await request(server)
            .get('/api/mcp-gateway/v1/refusals')
            .set(asConsumer('support-assistant'))
        ).body.items as { tool: string; kind: string; rule?: string }[];
        expect(refused.length).toBeGreaterThan(0);
        expect(
          new Set(refused.map(r => `${r.tool} ${r.kind} ${r.rule}`)),
        ).toEqual(
          new Set([
            'refund_payment policy tool-access/destructive-production-owner-only',
          ]),
        );
        for (const c of demoConsumers.filter(
          x => x.subject !== 'support-assistant',
        ))
          expect(
            (
              await request(server)
                .get('/api/mcp-gateway/v1/refusals')
                .set(asConsumer(c.subject))
            ).body.items,
          ).toEqual([]);

        // The calls are metered for the consuming teams (waiting in the outbox: no insights
        // here), one event per relayed call.
        const relayed = [...bySubject().values()].reduce(
          (s, c) => s + c.calls,
          0,
        );
        let metered: { consumer: { principal: string; team?: string } }[] = [];
        for (
          const until = Date.now() + 60_000;
          metered.length < relayed && Date.now() < until;

        ) {
          metered = (
            await knex('mcp_gateway_usage_outbox').select('event')
          ).map(r => JSON.parse(r.event));
          await new Promise(r => setTimeout(r, 250));
        }
        expect(metered).toHaveLength(relayed);
        const teams = new Map(demoConsumers.map(c => [c.subject, c.team]));
        for (const event of metered)
          expect(event.consumer.team).toBe(teams.get(event.consumer.principal));
        expect(new Set(metered.map(e => e.consumer.principal))).toEqual(
          new Set(teams.keys()),
        );

        // The flagged tool: listed as refused for everyone, with its finding; calls refused.
        const flagged = (await toolsFor('eval-runner')).find(
          t => t.name === `model-gateway__${FLAGGED_TOOL}`,
        )!;
        expect(flagged).toMatchObject({
          callable: false,
          refusal: { kind: 'policy', rule: 'tool-access/high-findings' },
        });
        const flaggedCall = await callAs(
          'eval-runner',
          `model-gateway__${FLAGGED_TOOL}`,
          { query: 'refunds', documents: ['a', 'b'] },
        );
        expect(JSON.stringify(flaggedCall.body.result)).toMatch(
          /high risk finding/,
        );

        // The release changes describe_table: refused until the analytics team approves it.
        const index = servers.findIndex(s => s.name === 'analytics-warehouse');
        const port = Number(new URL(servers[index].url).port);
        await servers[index].close();
        servers[index] = await start(
          describeTableRelease(createAnalyticsWarehouse()),
          port,
        );
        const changed = `analytics-warehouse__${CHANGED_TOOL}`;
        let view: Awaited<ReturnType<typeof toolsFor>>[number] | undefined;
        for (const until = Date.now() + 90_000; ; ) {
          view = (await toolsFor('growth-dashboards')).find(
            t => t.name === changed,
          );
          if (view?.refusal?.kind === 'not-approved' || Date.now() > until)
            break;
          await new Promise(r => setTimeout(r, 500));
        }
        expect(view?.refusal).toMatchObject({
          kind: 'not-approved',
          message: expect.stringMatching(
            /definition changed and waits for a member of group:default\/analytics to approve it/,
          ),
        });
        const release = await callAs('growth-dashboards', changed, {
          table: 'growth.signups',
        });
        expect(release.body.result.isError).toBe(true);
        expect(JSON.stringify(release.body.result.content)).toMatch(
          /definition changed/,
        );
        const catalogued = await request(server)
          .get('/api/mcp-catalog/v1/servers/default/analytics-warehouse')
          .set('Authorization', mockCredentials.user.header());
        const pending = catalogued.body.tools.find(
          (t: any) => t.name === CHANGED_TOOL,
        );
        expect(pending).toMatchObject({ approval: 'changed' });

        // Ada (analytics, its owners) approves it; the engine's next decision allows it at once,
        // though it decided on the changed definition a moment ago: the catalog announces the
        // approval and the engine forgets the tool's cached facts.
        const ada = mockCredentials.user.header('user:default/ada');
        const decide = () =>
          request(server)
            .post('/api/mcp-policy/v1/tool-calls/evaluate')
            .set('Authorization', ada)
            .send({
              tools: [
                {
                  server: 'api:default/analytics-warehouse',
                  tool: CHANGED_TOOL,
                },
              ],
            });
        expect((await decide()).body.decisions[0]).toMatchObject({
          result: 'deny',
          rules: expect.arrayContaining([
            expect.objectContaining({
              rule: 'tool-access/unapproved-definition',
            }),
          ]),
        });
        const approved = await request(server)
          .post(
            `/api/mcp-catalog/v1/tools/default/analytics-warehouse/${CHANGED_TOOL}/approve`,
          )
          .set('Authorization', ada)
          .send({ definitionHash: pending.definitionHash });
        expect(approved.status).toBe(200);
        expect((await decide()).body.decisions[0]).toMatchObject({
          result: 'allow',
        });

        // The down server: its breaker opens and the Gateway tab says why.
        let down: { breaker?: string; lastError?: string } | undefined;
        for (const until = Date.now() + 60_000; ; ) {
          await toolsFor('support-assistant');
          const upstreams = await request(server)
            .get('/api/mcp-gateway/v1/upstreams')
            .set(asConsumer('support-assistant'));
          down = upstreams.body.items.find(
            (u: any) => u.serverRef === 'api:default/legacy-crm',
          );
          if (down?.breaker === 'open' || Date.now() > until) break;
          await new Promise(r => setTimeout(r, 500));
        }
        expect(down).toMatchObject({
          breaker: 'open',
          lastError: expect.stringMatching(/connection refused/),
        });
      } finally {
        await backend.stop();
        await Promise.all(servers.map(s => s.close()));
      }
    },
  );
});
