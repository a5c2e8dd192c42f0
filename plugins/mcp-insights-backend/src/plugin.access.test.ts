import { createBackendModule } from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import permissionBackend from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  createPaymentsLedger,
  RunningExampleServer,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { mcpInsightsPlugin } from './plugin';
import { authWithActorsServiceFactory } from '@mcp-platform/test-utils';
import { TEST_INSIGHTS_CONFIG } from './testing/testSettings';

jest.setTimeout(120_000);

// A real permission policy: mallory may not read the payments-vault entity; everything else is
// allowed, the insights permissions included.
const testPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'test-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(req, user) {
            if (
              isResourcePermission(req.permission, 'catalog-entity') &&
              req.permission.name === 'catalog.entity.read' &&
              user?.info.userEntityRef === 'user:default/mallory'
            ) {
              return createCatalogConditionalDecision(req.permission, {
                not: catalogConditions.hasMetadata({
                  key: 'name',
                  value: 'payments-vault',
                }),
              });
            }
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});

const yaml = (entities: object[]) =>
  entities.map(e => JSON.stringify(e)).join('\n---\n');
const group = (name: string, parent?: string, children: string[] = []) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name },
  spec: { type: 'team', children, ...(parent ? { parent } : {}) },
});
const user = (name: string, memberOf: string[]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name },
  spec: { memberOf },
});
const api = (
  name: string,
  owner: string,
  extra: { annotations?: Record<string, string>; url?: string } = {},
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name, annotations: extra.annotations ?? {} },
  spec: {
    type: 'mcp-server',
    lifecycle: 'production',
    owner,
    ...(extra.url
      ? { remotes: [{ type: 'streamable-http', url: extra.url }] }
      : {}),
    definition: 'discovered by mcp-catalog',
  },
});

describe('mcp-insights backend: who sees and who reports what', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const mockDir = createMockDirectory();
  let ledger: RunningExampleServer;
  let leaky: http.Server;
  let leakyUrl: string;

  beforeAll(async () => {
    ledger = await startExampleServer(createPaymentsLedger());
    // A "metrics" endpoint that answers a config file with a password in it.
    leaky = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('# vault config\nuser=svc\npassword=hunter2-vault\n');
    });
    await new Promise<void>(r => leaky.listen(0, '127.0.0.1', r));
    leakyUrl = `http://127.0.0.1:${
      (leaky.address() as AddressInfo).port
    }/metrics`;
  });
  afterAll(async () => {
    await ledger.close();
    leaky.closeAllConnections();
    await new Promise(r => leaky.close(r));
  });

  async function start(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    mockDir.setContent({
      'catalog.yaml': yaml([
        group('engineering', undefined, [
          'payments',
          'analytics',
          'platform-team',
        ]),
        group('payments', 'engineering'),
        group('analytics', 'engineering'),
        group('platform-team', 'engineering'),
        user('linus', ['payments']),
        user('mallory', ['analytics']),
        user('erin', ['engineering']),
        user('guest', ['platform-team']),
        api('payments-ledger', 'group:default/payments', { url: ledger.url }),
        api('payments-vault', 'group:default/payments', {
          annotations: {
            'mcp-platform.io/metrics-url': leakyUrl,
            'mcp-platform.io/slo': 'availability=99.9',
            'mcp-platform.io/monthly-budget': '4',
          },
        }),
        api('analytics-warehouse', 'group:default/analytics'),
      ]),
    });
    const backend = await startTestBackend({
      features: [
        catalogBackend,
        permissionBackend,
        permissionsServiceFactory,
        authWithActorsServiceFactory,
        httpAuthServiceFactory,
        testPolicy,
        mcpInsightsPlugin,
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
            mcpInsights: {
              ...TEST_INSIGHTS_CONFIG.mcpInsights,
              collection: { allowedCidrs: ['127.0.0.0/8'] },
              usage: { pushForAnyServer: ['group:default/platform-team'] },
            },
          },
        }),
      ],
    });
    const { server } = backend;
    const as = (who: string) =>
      mockCredentials.user.header(`user:default/${who}`);
    const service = mockCredentials.service.header();
    // The catalog processes the file in the background: wait for the relations.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await request(server)
        .get('/api/catalog/entities/by-query')
        .query('filter=kind=user&filter=kind=api')
        .set('Authorization', service);
      const items: { kind: string; relations?: { type: string }[] }[] =
        res.body.items ?? [];
      if (
        items.length === 7 &&
        items
          .filter(e => e.kind === 'User')
          .every(e => e.relations?.some(r => r.type === 'memberOf'))
      ) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(`catalog not ready: ${JSON.stringify(res.body)}`);
      }
      await new Promise(r => setTimeout(r, 250));
    }
    // One collection run copies the servers and groups and scrapes the metrics URLs.
    expect(
      (
        await request(server)
          .post('/api/mcp-insights/v1/collection/run')
          .set('Authorization', as('linus'))
      ).status,
    ).toBe(202);
    const push = (who: string, events: object[]) =>
      request(server)
        .post('/api/mcp-insights/v1/usage/events?wait=true')
        .set('Authorization', who === 'service' ? service : as(who))
        .send({ events });
    const get = (who: string, path: string) =>
      request(server)
        .get(`/api/mcp-insights${path}`)
        .set('Authorization', who === 'service' ? service : as(who));
    return { backend, push, get };
  }

  const now = () => new Date().toISOString();
  const spend = (id: string, server: string, cost: number) => ({
    id,
    timestamp: now(),
    server,
    tool: 'get_payment',
    outcome: 'success',
    durationMs: 12,
    cost,
  });

  it.each(databases.eachSupportedId())(
    'limits usage pushes to the servers of the caller’s teams and bounds their amounts, on %p',
    async databaseId => {
      const { backend, push, get } = await start(databaseId);
      try {
        // Not in the owning team: refused event by event, nothing stored.
        const refused = await push('mallory', [
          spend('m-1', 'payments-ledger', 3),
          spend('m-2', 'api:default/payments-vault', 3),
        ]);
        expect(refused.status).toBe(200);
        expect(refused.body).toMatchObject({ accepted: 0, rejected: 2 });
        expect(refused.body.errors).toEqual([
          {
            index: 0,
            id: 'm-1',
            message: expect.stringMatching(
              /^you may push usage only for servers your groups own \(yours: group:default\/analytics\), and api:default\/payments-ledger is not one of them/,
            ),
          },
          expect.objectContaining({ index: 1, id: 'm-2' }),
        ]);
        const untouched = await get(
          'service',
          '/v1/cost/servers/default/payments-ledger',
        );
        expect(untouched.body.server).toMatchObject({ calls: 0, other: 0 });

        // The owning team's member; a member of its parent group; a pushForAnyServer group's
        // member; a service principal (for a server the catalog does not know, too).
        const own = await push('linus', [
          spend('l-1', 'payments-ledger', 1),
          spend('l-2', 'analytics-warehouse', 1),
        ]);
        expect(own.body).toMatchObject({
          accepted: 1,
          rejected: 1,
          errors: [expect.objectContaining({ index: 1, id: 'l-2' })],
        });
        expect(
          (await push('erin', [spend('e-1', 'payments-ledger', 1)])).body,
        ).toMatchObject({ accepted: 1, rejected: 0 });
        expect(
          (await push('guest', [spend('g-1', 'analytics-warehouse', 1)])).body,
        ).toMatchObject({ accepted: 1, rejected: 0 });
        expect(
          (
            await push('service', [
              spend('s-1', 'payments-ledger', 1),
              spend('s-2', 'not-in-the-catalog', 1),
            ])
          ).body,
        ).toMatchObject({ accepted: 2, rejected: 0 });
        // A user the catalog does not know belongs to no team.
        expect(
          (await push('ghost', [spend('x-1', 'payments-ledger', 1)])).body,
        ).toMatchObject({ accepted: 0, rejected: 1 });

        const counted = await get(
          'service',
          '/v1/cost/servers/default/payments-ledger',
        );
        expect(counted.body.server).toMatchObject({ calls: 3, other: 3 });

        // Amounts over the documented maxima are rejected, naming the field and the maximum.
        const big = await push('service', [
          { ...spend('b-1', 'payments-ledger', 5000) },
          {
            ...spend('b-2', 'payments-ledger', 0),
            tokens: [{ model: 'gpt-4o-mini', input: 20_000_000 }],
          },
          { ...spend('b-3', 'payments-ledger', 0), durationMs: 90_000_000 },
        ]);
        expect(big.body).toMatchObject({
          accepted: 0,
          rejected: 3,
          errors: [
            {
              index: 0,
              id: 'b-1',
              message:
                'cost must be at most 1000 (mcpInsights.usage.maxPerEvent.cost)',
            },
            {
              index: 1,
              id: 'b-2',
              message:
                'tokens.0.input must be at most 10000000 (mcpInsights.usage.maxPerEvent.tokens)',
            },
            {
              index: 2,
              id: 'b-3',
              message:
                'durationMs must be at most 86400000 (mcpInsights.usage.maxPerEvent.durationMs)',
            },
          ],
        });
      } finally {
        await backend.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'shows a server’s costs, SLOs and collection state only to users who may read its entity, on %p',
    async databaseId => {
      const { backend, push, get } = await start(databaseId);
      try {
        expect(
          (
            await push('service', [
              spend('v-1', 'payments-vault', 5),
              spend('l-1', 'payments-ledger', 2),
              // A call shows the warehouse runs: its compute cost starts.
              spend('a-1', 'analytics-warehouse', 0),
            ])
          ).body,
        ).toMatchObject({ accepted: 3 });

        const report = (who: string) =>
          get(who, '/v1/cost/report?team=group:default/engineering');
        const names = (servers: { name: string }[]) =>
          servers.map(s => s.name).sort();
        const linus = (await report('linus')).body;
        expect(names(linus.servers)).toEqual([
          'analytics-warehouse',
          'payments-ledger',
          'payments-vault',
        ]);
        expect(linus.monthToDate.other).toBeCloseTo(7, 9);
        const mallory = (await report('mallory')).body;
        expect(names(mallory.servers)).toEqual([
          'analytics-warehouse',
          'payments-ledger',
        ]);
        expect(mallory.monthToDate.other).toBeCloseTo(2, 9);
        const payments = (who: string) =>
          get(who, '/v1/cost/teams').then(
            r =>
              r.body.teams.find(
                (t: { team: string }) => t.team === 'group:default/payments',
              ).monthToDate.other,
          );
        expect(await payments('linus')).toBeCloseTo(7, 9);
        expect(await payments('mallory')).toBeCloseTo(2, 9);

        // The hidden server's own routes answer as for a server that does not exist.
        for (const path of [
          '/v1/cost/servers/default/payments-vault',
          '/v1/slo/servers/default/payments-vault',
          '/v1/export/grafana/default/payments-vault',
          '/v1/export/prometheus-rules?server=payments-vault',
        ]) {
          expect((await get('mallory', path)).status).toBe(404);
          expect((await get('linus', path)).status).toBe(200);
        }
        const vaultCost = await get(
          'linus',
          '/v1/cost/servers/default/payments-vault',
        );
        expect(vaultCost.body.server.other).toBeCloseTo(5, 9);
        expect(
          (await get('mallory', '/v1/cost/servers/default/nope')).body.error
            .message,
        ).toBe(
          (
            await get('mallory', '/v1/cost/servers/default/payments-vault')
          ).body.error.message.replace('payments-vault', 'nope'),
        );

        const sloNames = async (who: string) =>
          (await get(who, '/v1/slo/servers')).body.items
            .map((i: { name: string }) => i.name)
            .sort();
        expect(await sloNames('linus')).toContain('payments-vault');
        expect(await sloNames('mallory')).not.toContain('payments-vault');

        const csv = (who: string) =>
          get(who, '/v1/cost/export.csv?level=server').then(r => r.text);
        expect(await csv('linus')).toContain('api:default/payments-vault');
        expect(await csv('mallory')).not.toContain('payments-vault');
        expect(await csv('mallory')).toContain('api:default/payments-ledger');

        expect(
          (
            await get(
              'mallory',
              '/v1/policy-context/slo?server=api:default/payments-vault',
            )
          ).body,
        ).toEqual({
          server: 'api:default/payments-vault',
          known: false,
          errorBudgetRemaining: null,
        });

        // The vault's own budget (4, spent 5) is as hidden as the rest of it.
        expect(
          linus.servers.find(
            (s: { name: string }) => s.name === 'payments-vault',
          ).budget,
        ).toMatchObject({ monthlyBudget: 4, state: 'over-budget' });
        expect(
          linus.alerts.filter(
            (a: { serverRef?: string }) =>
              a.serverRef === 'api:default/payments-vault',
          ),
        ).toContainEqual(
          expect.objectContaining({ kind: 'budget-threshold', threshold: 1 }),
        );
        expect(
          mallory.alerts.filter(
            (a: { serverRef?: string }) =>
              a.serverRef === 'api:default/payments-vault',
          ),
        ).toEqual([]);
        const serverBudgets = async (who: string) =>
          (await get(who, '/v1/pricing')).body.serverBudgets;
        expect(await serverBudgets('linus')).toEqual([
          {
            server: 'api:default/payments-vault',
            monthlyBudget: 4,
            source: 'annotation',
          },
        ]);
        expect(await serverBudgets('mallory')).toEqual([]);
        expect(
          (
            await get(
              'mallory',
              '/v1/policy-context/server-budget?server=payments-vault',
            )
          ).body,
        ).toMatchObject({ known: false, monthlyBudget: null });
        expect(
          (
            await get(
              'linus',
              '/v1/policy-context/server-budget?server=payments-vault',
            )
          ).body,
        ).toMatchObject({
          known: true,
          monthlyBudget: 4,
          state: 'over-budget',
        });

        // Collection state: the vault's scrape failed on a body holding a password, which is
        // stored as a line number and a reason only, and shown only to those who may see it.
        const targets = async (who: string) =>
          (await get(who, '/v1/collection/status')).body.targets;
        const seen = await targets('linus');
        const vault = seen.find(
          (t: { target: string }) => t.target === 'api:default/payments-vault',
        );
        expect(vault).toMatchObject({
          url: leakyUrl,
          consecutiveFailures: 1,
          lastError: `the response of ${leakyUrl} is not Prometheus text format at line 2: a sample value is not a number`,
        });
        expect(JSON.stringify(seen)).not.toMatch(/hunter2|password|user=svc/);
        expect(
          (await targets('mallory')).map((t: { target: string }) => t.target),
        ).toEqual([
          'api:default/analytics-warehouse',
          'api:default/payments-ledger',
        ]);
        expect(
          seen.find(
            (t: { target: string }) =>
              t.target === 'api:default/payments-ledger',
          ),
        ).toMatchObject({ consecutiveFailures: 0 });
      } finally {
        await backend.stop();
      }
    },
  );
});
