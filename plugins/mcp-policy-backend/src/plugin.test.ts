import { createBackendModule } from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  TestDatabases,
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import {
  RunningExampleServer,
  createPaymentsLedger,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
// The real MCP catalog supplies tool facts; test-only, the plugins stay independent at runtime.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mcpCatalogPlugin from '@mcp-platform/plugin-mcp-catalog-backend';
import { mcpPolicyContextExtensionPoint } from '@mcp-platform/plugin-mcp-policy-node';
import permissionModuleMcpPolicy from '@mcp-platform/plugin-permission-backend-module-mcp-policy';
import request from 'supertest';
import { mcpPolicyPlugin } from './plugin';
import {
  authWithActors,
  userInfoFromMembership,
} from './__testUtils__/testBackendFeatures';

jest.setTimeout(180_000);

/** Stands in for the sign-in resolver: ownership refs as the token would carry them. */
const MEMBERSHIP: Record<string, string[]> = {
  'user:default/grace': ['group:default/payments'],
  'user:default/ada': ['group:default/analytics'],
  'user:default/guest': ['group:default/platform-team'],
  'user:default/cto': ['group:default/engineering'],
};

/** Budget and SLO inputs, as the insights plugin provides them. */
const insightsContext = createBackendModule({
  pluginId: 'mcp-policy',
  moduleId: 'test-insights',
  register(env) {
    env.registerInit({
      deps: { policy: mcpPolicyContextExtensionPoint },
      async init({ policy }) {
        policy.addContextProvider(
          {
            name: 'budget',
            async provide(req) {
              const analytics = req.ownerRef === 'group:default/analytics';
              return {
                team: req.ownerRef,
                currency: 'USD',
                monthlyBudget: 1000,
                monthToDateSpend: analytics ? 950 : 100,
                forecastSpend: analytics ? 1400 : 300,
                usedRatio: analytics ? 0.95 : 0.1,
              };
            },
          },
          {
            name: 'slo',
            async provide(req) {
              return {
                server: req.serverRef,
                known: false,
                errorBudgetRemaining: null,
              };
            },
          },
        );
      },
    });
  },
});

const ORG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: engineering }
spec: { type: department, children: [payments] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: payments }
spec: { type: team, parent: engineering, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: analytics }
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
metadata: { name: ada }
spec: { memberOf: [analytics] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: guest }
spec: { memberOf: [platform-team] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: cto }
spec: { memberOf: [engineering] }
`;

const TEAM_POLICY = `apiVersion: mcp-platform.io/v1alpha1
kind: McpPolicy
metadata:
  name: team-extras
spec:
  rules:
    - name: large-fleet
      target: deployment
      condition: deployment.replicas > 3
      effect: audit
      message: Large fleet.
`;

const deployment = {
  name: 'payments-refunds',
  owner: 'group:default/payments',
  environment: 'production',
  change: 'create',
  dataClassification: 'internal',
  replicas: 2,
  cpu: 0.5,
  memoryMiB: 512,
  rateLimit: { requestsPerMinute: 600 },
};

describe('mcp-policy backend', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const mockDir = createMockDirectory();
  let ledger: RunningExampleServer;

  beforeAll(async () => {
    ledger = await startExampleServer(createPaymentsLedger());
  });
  afterAll(async () => {
    await ledger.close();
  });

  it.each(databases.eachSupportedId())(
    'decides, explains, logs and reloads on real backends (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      mockDir.setContent({
        'catalog.yaml': `${ORG}---
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
        'policies/team.yaml': TEAM_POLICY,
      });
      const { server } = await startTestBackend({
        features: [
          catalogBackend,
          mcpCatalogPlugin,
          mcpPolicyPlugin,
          insightsContext,
          permissionBackend,
          permissionModuleMcpPolicy,
          permissionsServiceFactory,
          schedulerServiceFactory,
          userInfoFromMembership(MEMBERSHIP),
          authWithActors,
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
                  frequencySeconds: 1,
                  // No server here is meant to time out: a deadline a loaded machine meets.
                  timeoutSeconds: 30,
                },
              },
              mcpPolicy: {
                policyFiles: [mockDir.resolve('policies')],
                reloadIntervalSeconds: 1,
                platformGroups: ['group:default/platform-team'],
                permission: { otherPermissions: 'allow' },
              },
            },
          }),
        ],
      });
      const as = (user: string) => mockCredentials.user.header(user);
      const post = (path: string, body: object, user = 'user:default/grace') =>
        request(server)
          .post(`/api/mcp-policy${path}`)
          .set('Authorization', as(user))
          .send(body);
      const get = (path: string, user = 'user:default/guest') =>
        request(server)
          .get(`/api/mcp-policy${path}`)
          .set('Authorization', as(user));

      // Wait for the catalog to hold the org with its relations (the payments team under
      // engineering: an entity read before the catalog stitched them is reused for 30 s) and
      // for discovery to know the ledger's tools.
      const deadline = Date.now() + 120_000;
      const orgReady = async () =>
        (
          await post(
            '/v1/permissions/evaluate',
            {
              user: { ref: 'user:default/cto' },
              permission: {
                name: 'mcp.catalog.refresh',
                resourceRef: 'api:default/payments-ledger',
              },
            },
            'user:default/cto',
          )
        ).body.result === 'allow';
      for (;;) {
        const probe = await post(
          '/v1/tool-calls/evaluate',
          {
            tools: [
              { server: 'api:default/payments-ledger', tool: 'refund_payment' },
            ],
          },
          'user:default/ada',
        );
        const fired = (probe.body.decisions?.[0]?.rules ?? []).map(
          (r: any) => r.rule,
        );
        if (
          fired.includes('tool-access/destructive-production-owner-only') &&
          !fired.includes('tool-access/unknown-tool') &&
          (await orgReady())
        ) {
          break;
        }
        if (Date.now() > deadline) {
          throw new Error(`catalog not ready: ${JSON.stringify(probe.body)}`);
        }
        await new Promise(r => setTimeout(r, 500));
      }

      // Every route but health needs credentials.
      const anonymous = await request(server)
        .post('/api/mcp-policy/v1/deployments/evaluate')
        .set('Authorization', mockCredentials.none.header())
        .send({ deployment });
      expect(anonymous.status).toBe(401);
      expect((await request(server).get('/api/mcp-policy/health')).status).toBe(
        200,
      );

      // Deployments: allowed, denied with the rule's message, and bad input.
      const ok = await post('/v1/deployments/evaluate', { deployment });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ result: 'allow', violations: [] });
      expect(ok.body.decisionId).toMatch(/^\d+$/);

      const tooFast = await post('/v1/deployments/evaluate', {
        deployment: { ...deployment, rateLimit: { requestsPerMinute: 5000 } },
      });
      expect(tooFast.body.result).toBe('deny');
      expect(tooFast.body.violations).toEqual([
        {
          rule: 'deployment-guardrails/rate-limit-max',
          effect: 'deny',
          message:
            'The rate limit of 5000 requests per minute is above the maximum of 1000; lower it.',
        },
      ]);

      const taken = await post('/v1/deployments/evaluate', {
        deployment: { ...deployment, name: 'payments-ledger' },
      });
      expect(taken.body.violations.map((v: any) => v.message)).toEqual([
        'The name payments-ledger is taken by api:default/payments-ledger (owner group:default/payments); choose another name.',
      ]);

      const overBudget = await post('/v1/deployments/evaluate', {
        deployment: {
          ...deployment,
          owner: 'group:default/analytics',
          replicas: 4,
        },
      });
      expect(overBudget.body.violations.map((v: any) => v.rule)).toEqual([
        'deployment-guardrails/team-budget-headroom',
      ]);
      expect(overBudget.body.audits.map((v: any) => v.rule)).toEqual([
        'team-extras/large-fleet',
      ]);

      const unknownOwner = await post('/v1/deployments/evaluate', {
        deployment: { ...deployment, owner: 'group:default/nobody' },
      });
      expect(unknownOwner.body.violations[0].message).toBe(
        'Owner group:default/nobody is not a group in the catalog; pick an existing team (e.g. group:default/payments).',
      );

      const bad = await post('/v1/deployments/evaluate', {
        deployment: { name: 'Bad Name', owner: 'payments' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(
        /^Invalid deployment evaluation request: deployment\.name: must be lower-case letters.*deployment\.owner: must be an entity ref like "group:default\/name"/,
      );

      // Tool calls: owners, other teams, read-only tools, unknown tools.
      const tools = [
        { server: 'api:default/payments-ledger', tool: 'refund_payment' },
        { server: 'api:default/payments-ledger', tool: 'get_account_balance' },
        { server: 'api:default/payments-ledger', tool: 'drop_tables' },
      ];
      const grace = await post('/v1/tool-calls/evaluate', {
        tools,
        record: true,
      });
      expect(grace.body.user).toBe('user:default/grace');
      expect(grace.body.decisions.map((d: any) => [d.tool, d.result])).toEqual([
        ['refund_payment', 'allow'],
        ['get_account_balance', 'allow'],
        ['drop_tables', 'deny'],
      ]);
      // A user's own question is a what-if unless they ask to record it.
      const ada = await post(
        '/v1/tool-calls/evaluate',
        { tools, record: true },
        'user:default/ada',
      );
      expect(ada.body.decisions[0]).toMatchObject({
        result: 'deny',
        reason: 'deny-rule',
        message:
          'Only members of group:default/payments may call the destructive production tool refund_payment.',
      });
      expect(ada.body.decisions[1]).toMatchObject({
        result: 'allow',
        reason: 'allow-rule',
      });

      // A batch (the catalog's facts of all its servers read at once) decides as each tool asked
      // alone (its server read alone): every ledger tool, one the catalog does not know, and a
      // server it does not know. Each part starts after the 2 s the facts are kept.
      const ledgerTools = (
        await request(server)
          .get('/api/mcp-catalog/v1/servers/default/payments-ledger')
          .set('Authorization', as('user:default/guest'))
      ).body.tools.map((t: { name: string }) => t.name) as string[];
      expect(ledgerTools.length).toBeGreaterThan(3);
      const mixed = [
        ...ledgerTools.map(tool => ({
          server: 'api:default/payments-ledger',
          tool,
        })),
        { server: 'api:default/payments-ledger', tool: 'no_such_tool' },
        { server: 'api:default/nowhere', tool: 'anything' },
      ];
      const gist = (d: any) => [d.server, d.tool, d.result, d.reason, d.rules];
      await new Promise(r => setTimeout(r, 2_100));
      const together = await post(
        '/v1/tool-calls/evaluate',
        { tools: mixed },
        'user:default/ada',
      );
      expect(together.status).toBe(200);
      await new Promise(r => setTimeout(r, 2_100));
      const alone = [];
      for (const tool of mixed)
        alone.push(
          (
            await post(
              '/v1/tool-calls/evaluate',
              { tools: [tool] },
              'user:default/ada',
            )
          ).body.decisions[0],
        );
      expect(together.body.decisions.map(gist)).toEqual(alone.map(gist));
      expect(together.body.decisions.at(-2).rules[0].rule).toBe(
        'tool-access/unknown-tool',
      );

      // The permission framework answers through the engine.
      const authorize = async (user: string, items: object[]) => {
        const res = await request(server)
          .post('/api/permission/authorize')
          .set('Authorization', as(user))
          .send({
            items: items.map((item, i) => ({ id: String(i), ...item })),
          });
        if (res.status !== 200) {
          throw new Error(
            `authorize: ${res.status} ${JSON.stringify(res.body)}`,
          );
        }
        return res.body.items.map((i: any) => i.result);
      };
      const invoke = (tool: string) => ({
        permission: {
          type: 'resource',
          name: 'mcp.tool.invoke',
          attributes: { action: 'read' },
          resourceType: 'mcp-tool',
        },
        resourceRef: `api:default/payments-ledger#${tool}`,
      });
      const basic = (name: string) => ({
        permission: { type: 'basic', name, attributes: { action: 'read' } },
      });
      const approveTool = (tool: string) => ({
        permission: {
          type: 'resource',
          name: 'mcp.tool.approve',
          attributes: { action: 'update' },
          resourceType: 'mcp-tool',
        },
        resourceRef: `api:default/payments-ledger#${tool}`,
      });
      const refreshLedger = {
        permission: {
          type: 'resource',
          name: 'mcp.catalog.refresh',
          attributes: { action: 'update' },
          resourceType: 'mcp-server',
        },
        resourceRef: 'api:default/payments-ledger',
      };
      expect(
        await authorize('user:default/grace', [
          invoke('refund_payment'),
          invoke('get_account_balance'),
        ]),
      ).toEqual(['ALLOW', 'ALLOW']);
      expect(
        await authorize('user:default/ada', [
          invoke('refund_payment'),
          invoke('get_account_balance'),
          basic('catalog.entity.read'),
        ]),
      ).toEqual(['DENY', 'ALLOW', 'ALLOW']);

      // Owners act on their own servers: the payments team (Grace) and the members of the
      // group above it (the CTO, in engineering) approve the ledger's tools and refresh it;
      // analytics (Ada) may not; the platform team (guest) may act on every server.
      const act = [approveTool('refund_payment'), refreshLedger];
      expect(await authorize('user:default/grace', act)).toEqual([
        'ALLOW',
        'ALLOW',
      ]);
      expect(await authorize('user:default/cto', act)).toEqual([
        'ALLOW',
        'ALLOW',
      ]);
      expect(await authorize('user:default/ada', act)).toEqual([
        'DENY',
        'DENY',
      ]);
      expect(await authorize('user:default/guest', act)).toEqual([
        'ALLOW',
        'ALLOW',
      ]);
      // The same question over HTTP gets the engine's explanation.
      const whyNotAda = await post(
        '/v1/permissions/evaluate',
        {
          user: { ref: 'user:default/ada' },
          permission: {
            name: 'mcp.tool.approve',
            action: 'update',
            resourceRef: 'api:default/payments-ledger#refund_payment',
          },
        },
        'user:default/ada',
      );
      expect(whyNotAda.body).toMatchObject({
        result: 'deny',
        reason: 'default',
      });
      const whyCto = await post(
        '/v1/permissions/evaluate',
        {
          user: { ref: 'user:default/cto' },
          permission: {
            name: 'mcp.catalog.refresh',
            resourceRef: 'api:default/payments-ledger',
          },
        },
        'user:default/cto',
      );
      expect(whyCto.body).toMatchObject({
        result: 'allow',
        message:
          'Members of group:default/payments and of group:default/engineering may approve the tool changes of payments-ledger and refresh its discovery.',
      });
      // Enforced permission decisions are logged with the facts they were decided on.
      const ownerLogDeadline = Date.now() + 30_000;
      let ctoLog = await get(
        '/v1/decisions?kind=permission&user=user:default/cto&includeInput=true',
      );
      while (ctoLog.body.items.length < 2 && Date.now() < ownerLogDeadline) {
        await new Promise(r => setTimeout(r, 200));
        ctoLog = await get(
          '/v1/decisions?kind=permission&user=user:default/cto&includeInput=true',
        );
      }
      expect(
        ctoLog.body.items.map((d: any) => [d.principal, d.subject, d.result]),
      ).toEqual(
        expect.arrayContaining([
          [
            'plugin:permission',
            'mcp.tool.approve on api:default/payments-ledger#refund_payment',
            'allow',
          ],
          [
            'plugin:permission',
            'mcp.catalog.refresh on api:default/payments-ledger',
            'allow',
          ],
        ]),
      );
      expect(ctoLog.body.items[0].input.server).toMatchObject({
        owner: 'group:default/payments',
        ownerAncestors: ['group:default/engineering'],
      });

      // The decision log holds the enforced decisions, readable by the platform team only.
      const denied = await get(
        '/v1/decisions?rule=tool-access/destructive-production-owner-only&includeInput=true',
      );
      expect(denied.status).toBe(200);
      expect(
        denied.body.items.map((d: any) => [d.principal, d.user, d.subject]),
      ).toEqual([
        [
          'plugin:permission',
          'user:default/ada',
          'api:default/payments-ledger#refund_payment',
        ],
        [
          'user:default/ada',
          'user:default/ada',
          'api:default/payments-ledger#drop_tables',
        ],
        [
          'user:default/ada',
          'user:default/ada',
          'api:default/payments-ledger#refund_payment',
        ],
      ]);
      expect(denied.body.items[0].input.server.owner).toBe(
        'group:default/payments',
      );
      expect(denied.body.items[0].inputDigest).toMatch(/^[0-9a-f]{64}$/);
      const page = await get('/v1/decisions?kind=deployment&limit=2');
      expect(page.body.items).toHaveLength(2);
      const next = await get(
        `/v1/decisions?kind=deployment&limit=10&cursor=${page.body.nextCursor}`,
      );
      expect(next.body.items.map((d: any) => d.subject)).toContain(
        'payments-refunds (production, create)',
      );
      expect((await get('/v1/decisions', 'user:default/ada')).status).toBe(403);

      const policies = await get('/v1/policies');
      const fired = policies.body.policies
        .flatMap((p: any) => p.rules)
        .find((r: any) => r.id === 'deployment-guardrails/rate-limit-max');
      expect(fired.firedLast7Days).toBe(1);

      // Dry run: what would a stricter tool policy have denied?
      const strict = {
        name: 'strict.yaml',
        content: `apiVersion: mcp-platform.io/v1alpha1
kind: McpPolicy
metadata: { name: strict }
spec:
  rules:
    - name: no-writes
      target: tool-call
      condition: '!tool.readOnly'
      effect: deny
      message: No writes this week.
`,
      };
      const dry = await post(
        '/v1/dry-run',
        { documents: [strict], kind: 'tool-call' },
        'user:default/guest',
      );
      expect(dry.status).toBe(200);
      // Without the permission to read decisions, a dry run replays only the caller's own:
      // Ada's writes were denied already, and Grace's allowed refunds are not hers to replay.
      const adaDry = await post(
        '/v1/dry-run',
        { documents: [strict], kind: 'tool-call' },
        'user:default/ada',
      );
      expect(adaDry.status).toBe(200);
      expect(adaDry.body).toMatchObject({ newlyDenied: 0, newlyAllowed: 0 });
      expect(adaDry.body.replayed).toBeGreaterThan(0);
      expect(adaDry.body.replayed).toBeLessThan(dry.body.replayed);
      expect(dry.body.newlyDenied).toBeGreaterThanOrEqual(2);
      expect(dry.body.changes[0]).toMatchObject({
        subject: 'api:default/payments-ledger#refund_payment',
        before: 'allow',
        after: 'deny',
      });
      expect(dry.body.changes.map((c: any) => c.subject)).not.toContain(
        'api:default/payments-ledger#get_account_balance',
      );
      // As the whole set, it has no allow rules left: read-only tools fall to the default deny.
      const whole = await post(
        '/v1/dry-run',
        { documents: [strict], kind: 'tool-call', replace: true },
        'user:default/guest',
      );
      expect(whole.body.changes.map((c: any) => c.subject)).toContain(
        'api:default/payments-ledger#get_account_balance',
      );
      const invalid = await post(
        '/v1/dry-run',
        {
          documents: [
            {
              name: 'x.yaml',
              content: strict.content.replace(
                '!tool.readOnly',
                'tool.readOnly +',
              ),
            },
          ],
        },
        'user:default/ada',
      );
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors[0]).toMatchObject({
        source: 'x.yaml',
        rule: 'strict/no-writes',
        line: 8,
      });

      // A bad document is rejected; the last good set stays active.
      const before = (await get('/v1/policies')).body.policySetDigest;
      mockDir.addContent({
        'policies/team.yaml': TEAM_POLICY.replace(
          'deployment.replicas > 3',
          'deployment.replica > 3',
        ),
      });
      const reloadDeadline = Date.now() + 30_000;
      let state = (await get('/v1/policies')).body;
      while (state.errors.length === 0 && Date.now() < reloadDeadline) {
        await new Promise(r => setTimeout(r, 300));
        state = (await get('/v1/policies')).body;
      }
      expect(state.policySetDigest).toBe(before);
      expect(state.errors).toEqual([
        expect.objectContaining({
          source: mockDir.resolve('policies/team.yaml'),
          rule: 'team-extras/large-fleet',
          line: 9,
          message: expect.stringContaining('No such key: replica'),
        }),
      ]);
      const stillEnforced = await post('/v1/deployments/evaluate', {
        deployment: { ...deployment, replicas: 5, rateLimit: undefined },
      });
      expect(stillEnforced.body.violations.map((v: any) => v.rule)).toEqual([
        'deployment-guardrails/rate-limit-required',
      ]);
      expect(stillEnforced.body.audits.map((v: any) => v.rule)).toEqual([
        'team-extras/large-fleet',
      ]);
      await server.close?.();
    },
  );
});
