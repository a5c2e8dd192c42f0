/* eslint jest/no-standalone-expect: ["error", { "additionalTestBlockFunctions": ["itOnPostgres"] }] */
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
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
  ExampleToolClient,
  RunningExampleServer,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
// The whole suite runs on each replica; test-only, the plugins stay independent at runtime.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mcpCatalogPlugin from '@mcp-platform/plugin-mcp-catalog-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mcpPolicyPlugin from '@mcp-platform/plugin-mcp-policy-backend';
import permissionModuleMcpPolicy from '@mcp-platform/plugin-permission-backend-module-mcp-policy';
import {
  authWithActorsServiceFactory,
  prepareSharedDatabase,
  userInfoFromMembership,
} from '@mcp-platform/test-utils';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { mcpInsightsPlugin } from './plugin';
import { mcpPolicyModuleInsightsContext } from '@mcp-platform/plugin-mcp-policy-backend-module-insights';
import { startRecordingProxy } from '@mcp-platform/test-utils';
import { TEST_INSIGHTS_CONFIG } from './testing/testSettings';

/*
 * Two backend replicas with the whole suite (catalog, MCP catalog, insights, policy engine and
 * its permission module) on one PostgreSQL database, as in production: what one replica does,
 * the other sees, and scheduled work runs once for both. It lives here because insights joins
 * the others: it reads the catalog's servers and feeds the policy engine's budget context.
 */

jest.setTimeout(300_000);

const MEMBERSHIP: Record<string, string[]> = {
  'user:default/grace': ['group:default/payments'],
  'user:default/guest': ['group:default/platform-team'],
};

const ORG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: payments }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform-team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: grace }
spec: { memberOf: [payments] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: guest }
spec: { memberOf: [platform-team] }
`;

const ledgerEntity = (url: string) => `---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: payments-ledger
  annotations:
    mcp-platform.io/data-classification: internal
    # Calls are counted over the objective's window.
    mcp-platform.io/slo: availability=99,window=30d
spec:
  type: mcp-server
  lifecycle: production
  owner: group:default/payments
  remotes: [{ type: streamable-http, url: "${url}" }]
  definition: discovered by mcp-catalog
`;

const DECISIONS_OF_GRACE =
  '/v1/decisions?kind=tool-call&user=user:default/grace&limit=100';
const DISCOVERY_TASK = 'mcp-catalog-discovery';
const COLLECT_TASK = 'mcp-insights-collect';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Polls until `probe` returns a value, or fails with what it last saw. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(250);
  }
}

describe('two backend replicas on one PostgreSQL database', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  const itOnPostgres = databases.supports('POSTGRES_15') ? it : it.skip;
  const mockDir = createMockDirectory();
  let ledger: RunningExampleServer;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    ledger = await startExampleServer(createPaymentsLedger());
    // tools/list answers slowly, so a discovery run lasts long enough that a second replica
    // running the same task at the same time would find the server still due.
    proxy = await startRecordingProxy(ledger.url, {
      delayMs: method => (method === 'tools/list' ? 1500 : 0),
    });
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await proxy?.close();
    await ledger?.close();
  });

  async function startReplica(knex: Knex) {
    const backend = await startTestBackend({
      features: [
        catalogBackend,
        mcpCatalogPlugin,
        mcpInsightsPlugin,
        mcpPolicyPlugin,
        mcpPolicyModuleInsightsContext,
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
            mcpCatalog: {
              discovery: {
                allowedCidrs: ['127.0.0.0/8'],
                // Every second on some replica; a server is due again only after an hour.
                frequencySeconds: 1,
                refreshIntervalMinutes: 60,
                timeoutSeconds: 60,
                // New tools wait for an approval, which the policy engine enforces.
                baselineOnFirstDiscovery: false,
              },
            },
            mcpInsights: {
              ...TEST_INSIGHTS_CONFIG.mcpInsights,
              // Once at start, then only when someone asks for a run.
              collection: {
                allowedCidrs: ['127.0.0.0/8'],
                frequencySeconds: 3600,
              },
            },
            mcpPolicy: {
              platformGroups: ['group:default/platform-team'],
              permission: { fallback: 'allow' },
            },
          },
        }),
      ],
    });
    cleanups.push(() => backend.stop());
    return backend.server;
  }

  itOnPostgres(
    'share discovery, collection, pushed usage, approvals and the decision log',
    async () => {
      const knexA = await databases.init('POSTGRES_15');
      // The second replica has a connection pool of its own to the same database.
      const knexB = knexFactory(knexA.client.config);
      cleanups.push(() => knexB.destroy());
      await prepareSharedDatabase(knexA);
      mockDir.setContent({
        'catalog.yaml': `${ORG}${ledgerEntity(`${proxy.origin}/mcp`)}`,
      });

      // Usage from before the replicas start: the first scrape counts it.
      const client = new ExampleToolClient(ledger.url);
      cleanups.push(() => client.close());
      await client.call('get_payment', { paymentId: 'pay_1001' });
      await client.call('get_payment', { paymentId: 'pay_9999' });

      // One after the other: each migrates the database at start.
      const a = await startReplica(knexA);
      const b = await startReplica(knexB);
      const as = (user: string) => mockCredentials.user.header(user);
      const service = mockCredentials.service.header();
      const grace = as('user:default/grace');
      const platform = as('user:default/guest');

      // The scheduled work of both plugins is one global task for both replicas.
      const taskOf = async (
        server: typeof a,
        pluginId: string,
        taskId: string,
      ) => {
        const res = await request(server)
          .get(`/api/${pluginId}/.backstage/scheduler/v1/tasks`)
          .set('Authorization', service);
        expect(res.status).toBe(200);
        return res.body.tasks.find(
          (t: { taskId: string }) => t.taskId === taskId,
        );
      };
      for (const server of [a, b]) {
        expect(
          await taskOf(server, 'mcp-catalog', DISCOVERY_TASK),
        ).toMatchObject({ scope: 'global' });
        expect(
          await taskOf(server, 'mcp-insights', COLLECT_TASK),
        ).toMatchObject({ scope: 'global' });
      }

      // --- Discovery: once, though both replicas run the task every second.
      const serverOn = async (server: typeof a) =>
        (
          await request(server)
            .get('/api/mcp-catalog/v1/servers/default/payments-ledger')
            .set('Authorization', grace)
        ).body;
      await eventually(
        'the ledger discovered, as replica B sees it',
        async () => ((await serverOn(b)).status === 'ok' ? true : undefined),
      );
      // Several more runs of the task, on either replica.
      const runsSeen = new Set<string>();
      await eventually('three more discovery runs', async () => {
        for (const server of [a, b]) {
          const ended = (await taskOf(server, 'mcp-catalog', DISCOVERY_TASK))
            .taskState?.lastRunEndedAt;
          if (ended) runsSeen.add(ended);
        }
        return runsSeen.size >= 4 ? true : undefined;
      });
      const listsByScheduledRuns = proxy.count({ rpcMethod: 'tools/list' });
      expect((await serverOn(a)).discoveryHistory).toHaveLength(1);
      expect((await serverOn(b)).discoveryHistory).toHaveLength(1);
      // What one discovery asks for, measured by asking for one more on replica A.
      const refresh = await request(a)
        .post('/api/mcp-catalog/v1/servers/default/payments-ledger/refresh')
        .set('Authorization', grace);
      expect(refresh.status).toBe(200);
      const listsPerDiscovery =
        proxy.count({ rpcMethod: 'tools/list' }) - listsByScheduledRuns;
      expect(listsPerDiscovery).toBeGreaterThan(0);
      expect(listsByScheduledRuns).toBe(listsPerDiscovery);
      expect((await serverOn(b)).discoveryHistory).toHaveLength(2);

      // --- Collection: one scrape per run, whichever replica is asked for it.
      const statusOn = async (server: typeof a) =>
        (
          await request(server)
            .get('/api/mcp-insights/v1/collection/status')
            .set('Authorization', grace)
        ).body;
      const firstRun = await eventually(
        'the first collection run',
        async () => (await statusOn(b)).lastRunAt,
      );
      const scrapes = () =>
        proxy.count({ httpMethod: 'GET', path: '/metrics' });
      // The start-up run scraped the ledger once, or not at all when the catalog did not list
      // it yet; never once per replica.
      const scrapedAtStart = scrapes();
      expect(scrapedAtStart).toBeLessThanOrEqual(1);
      let lastRun = firstRun;
      for (const [server, calls] of [
        [a, 2],
        [b, 1],
      ] as const) {
        for (let i = 0; i < calls; i++) {
          await client.call('get_payment', { paymentId: 'pay_1001' });
        }
        // 409 while the previous run still holds the task.
        await eventually('the collection run to be accepted', async () => {
          const res = await request(server)
            .post('/api/mcp-insights/v1/collection/run')
            .set('Authorization', grace);
          if (res.status === 409) return undefined;
          expect(res.status).toBe(202);
          return true;
        });
        const previous = lastRun;
        lastRun = await eventually('the requested collection run', async () => {
          const at = (await statusOn(server === a ? b : a)).lastRunAt;
          return at !== previous ? at : undefined;
        });
      }
      expect(scrapes()).toBe(scrapedAtStart + 2);

      // --- Pushed usage: an event id counts once, whichever replicas it is sent to.
      const event = (id: string) => ({
        id,
        timestamp: new Date().toISOString(),
        server: 'api:default/payments-ledger',
        tool: 'get_payment',
        outcome: 'success',
        durationMs: 12,
      });
      const push = (server: typeof a, id: string) =>
        request(server)
          .post('/api/mcp-insights/v1/usage/events?wait=true')
          .set('Authorization', service)
          .send({ events: [event(id)] });
      const sentToA = await push(a, 'replica-push-1');
      expect(sentToA.body).toMatchObject({ accepted: 1, duplicates: 0 });
      const replayedToB = await push(b, 'replica-push-1');
      expect(replayedToB.body).toMatchObject({
        accepted: 0,
        duplicates: 1,
        duplicateIds: ['replica-push-1'],
      });
      // The same event to both at once: one of them takes it.
      const both = await Promise.all([
        push(a, 'replica-push-2'),
        push(b, 'replica-push-2'),
      ]);
      expect(both.map(r => r.body.accepted).sort()).toEqual([0, 1]);
      const callsOn = async (server: typeof a) => {
        const res = await request(server)
          .get('/api/mcp-insights/v1/slo/servers')
          .set('Authorization', grace);
        return res.body.items.find(
          (s: { name: string }) => s.name === 'payments-ledger',
        )?.calls;
      };
      // 2 before the start, 3 between runs (scraped), 2 distinct pushed events.
      expect(await callsOn(a)).toBe(7);
      expect(await callsOn(b)).toBe(7);

      // --- Approvals: given on A, enforced by the policy engine of B.
      const evaluateOn = async (server: typeof a) => {
        const res = await request(server)
          .post('/api/mcp-policy/v1/tool-calls/evaluate')
          .set('Authorization', service)
          .send({
            user: { ref: 'user:default/grace' },
            tools: [
              {
                server: 'api:default/payments-ledger',
                tool: 'get_account_balance',
              },
            ],
          });
        expect(res.status).toBe(200);
        return res.body.decisions[0];
      };
      const before = await evaluateOn(b);
      expect(before).toMatchObject({ result: 'deny' });
      expect(before.rules.map((r: { rule: string }) => r.rule)).toContain(
        'tool-access/unapproved-definition',
      );
      const toolPath =
        '/api/mcp-catalog/v1/tools/default/payments-ledger/get_account_balance';
      const tool = await request(a).get(toolPath).set('Authorization', grace);
      expect(tool.body.approval).toBe('new');
      const approval = await request(a)
        .post(`${toolPath}/approve`)
        .set('Authorization', platform)
        .send({ definitionHash: tool.body.definitionHash });
      expect(approval.status).toBe(200);
      const onB = await request(b).get(toolPath).set('Authorization', grace);
      expect(onB.body).toMatchObject({
        approval: 'approved',
        definitionHash: tool.body.definitionHash,
      });
      // Each replica's engine may answer from its 2 s cache of tool facts for a moment, A's
      // too: the approval's own permission check on A read the tool's facts just before the
      // approval was stored. Never for long: 15 s leaves a loaded machine room and still
      // tells these 2 s from the 30 s of the entity cache.
      const approvedAt = Date.now();
      const allowedOn = (server: typeof a, name: string) =>
        eventually(`${name} to allow the approved tool`, async () => {
          const decision = await evaluateOn(server);
          return decision.result === 'allow' ? decision : undefined;
        });
      const after = await allowedOn(b, 'B');
      const onA = await allowedOn(a, 'A');
      expect(Date.now() - approvedAt).toBeLessThan(15_000);

      // --- The decision log: a decision recorded through A is listed through B.
      expect(onA.decisionId).toMatch(/^\d+$/);
      expect(after.decisionId).toMatch(/^\d+$/);
      const read = (server: typeof a, path: string) =>
        request(server)
          .get(`/api/mcp-policy${path}`)
          .set('Authorization', platform);
      const entry = await read(b, `/v1/decisions/${onA.decisionId}`);
      expect(entry.status).toBe(200);
      expect(entry.body).toMatchObject({
        id: onA.decisionId,
        kind: 'tool-call',
        user: 'user:default/grace',
        result: 'allow',
        subject: 'api:default/payments-ledger#get_account_balance',
      });
      const listedOnA = await read(a, DECISIONS_OF_GRACE);
      const listedOnB = await read(b, DECISIONS_OF_GRACE);
      expect(listedOnB.body.items.map((d: { id: string }) => d.id)).toEqual(
        listedOnA.body.items.map((d: { id: string }) => d.id),
      );
      expect(listedOnB.body.items.map((d: { id: string }) => d.id)).toEqual(
        expect.arrayContaining([onA.decisionId, after.decisionId]),
      );
    },
  );
});
