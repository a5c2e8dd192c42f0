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
import permissionModuleMcpPolicy from '@mcp-platform/plugin-permission-backend-module-mcp-policy';
import request from 'supertest';
import { mcpPolicyPlugin } from '../plugin';
import {
  authWithActors,
  userInfoFromMembership,
} from '../__testUtils__/testBackendFeatures';

jest.setTimeout(180_000);

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
metadata: { name: ada }
spec: { memberOf: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: guest }
spec: { memberOf: [platform-team] }
`;

const GRACE = 'user:default/grace';
const ADA = 'user:default/ada';
/** In the platform groups, so allowed to read decisions by the built-in pack. */
const GUEST = 'user:default/guest';

const tools = [
  { server: 'api:default/payments-ledger', tool: 'get_account_balance' },
  { server: 'api:default/payments-ledger', tool: 'refund_payment' },
];
const approve = { name: 'mcp.tool.approve', action: 'update' };

describe('who may ask the engine about whom', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const mockDir = createMockDirectory();

  it.each(databases.eachSupportedId())(
    'answers users about themselves, services and decision readers about anyone, and logs in nobody else’s name (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      mockDir.setContent({ 'org.yaml': ORG });
      const { server } = await startTestBackend({
        features: [
          catalogBackend,
          mcpPolicyPlugin,
          permissionBackend,
          permissionModuleMcpPolicy,
          permissionsServiceFactory,
          schedulerServiceFactory,
          userInfoFromMembership({
            [GRACE]: ['group:default/payments'],
            [GUEST]: ['group:default/platform-team'],
          }),
          authWithActors,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              permission: { enabled: true },
              catalog: {
                rules: [{ allow: ['Group', 'User', 'Location'] }],
                locations: [
                  { type: 'file', target: mockDir.resolve('org.yaml') },
                ],
              },
              mcpPolicy: {
                platformGroups: ['group:default/platform-team'],
                permission: { otherPermissions: 'allow' },
                // The slow candidate below takes about 40 s; honest dry runs, under 1 s idle,
                // meet 10 s even on a machine whose cores are all busy.
                dryRun: { timeoutMs: 10_000 },
              },
            },
          }),
        ],
      });
      const asUser = (user: string) => mockCredentials.user.header(user);
      const asService = (subject: string) =>
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service(subject),
          targetPluginId: 'mcp-policy',
        });
      const post = (path: string, body: object, authorization: string) =>
        request(server)
          .post(`/api/mcp-policy${path}`)
          .set('Authorization', authorization)
          .send(body);
      const logged = async (user: string) =>
        (
          await knex('mcp_policy_decisions')
            .where('user_ref', user)
            .select('principal', 'kind', 'subject')
            .orderBy('id')
        ).map(r => [r.principal, r.kind, r.subject]);

      // Grace may not map what Ada may call, nor write decisions in her name.
      for (const record of [undefined, false, true]) {
        const aboutAda = await post(
          '/v1/tool-calls/evaluate',
          { user: { ref: ADA }, tools, record },
          asUser(GRACE),
        );
        expect(aboutAda.status).toBe(403);
        expect(aboutAda.body.error).toEqual({
          name: 'NotAllowedError',
          message:
            "You may ask about your own tool calls; asking about user:default/ada's needs the permission mcp.policy.decisions.read; ask your platform team",
        });
      }
      const adaPermission = await post(
        '/v1/permissions/evaluate',
        { user: { ref: ADA }, permission: approve, record: true },
        asUser(GRACE),
      );
      expect(adaPermission.status).toBe(403);
      expect(adaPermission.body.error.message).toMatch(
        /^You may ask about your own permissions; asking about user:default\/ada's needs/,
      );
      expect(await logged(ADA)).toEqual([]);

      // About herself she gets answers; they are what-ifs unless she asks to record them.
      const own = await post(
        '/v1/tool-calls/evaluate',
        { user: { ref: GRACE }, tools },
        asUser(GRACE),
      );
      expect(own.status).toBe(200);
      expect(own.body.user).toBe(GRACE);
      expect(own.body.decisions.map((d: any) => d.decisionId)).toEqual([
        undefined,
        undefined,
      ]);
      const ownPermission = await post(
        '/v1/permissions/evaluate',
        { user: { ref: GRACE }, permission: approve },
        asUser(GRACE),
      );
      expect(ownPermission.status).toBe(200);
      expect(ownPermission.body.result).toBe('deny');
      // Only the permission framework's checks of her attempts on Ada are in her name: the
      // enforced decisions that refused her.
      const refusals = Array(4).fill([
        'plugin:permission',
        'permission',
        'mcp.policy.decisions.read',
      ]);
      expect(await logged(GRACE)).toEqual(refusals);
      const recordedOwn = await post(
        '/v1/tool-calls/evaluate',
        { tools, record: true },
        asUser(GRACE),
      );
      expect(recordedOwn.status).toBe(200);
      expect(await logged(GRACE)).toEqual([
        ...refusals,
        [GRACE, 'tool-call', 'api:default/payments-ledger#get_account_balance'],
        [GRACE, 'tool-call', 'api:default/payments-ledger#refund_payment'],
      ]);

      // A decision reader may ask about Ada (the engine's own permission rules say who reads),
      // but still writes nothing in her name.
      const reader = await post(
        '/v1/tool-calls/evaluate',
        { user: { ref: ADA }, tools },
        asUser(GUEST),
      );
      expect(reader.status).toBe(200);
      expect(reader.body.user).toBe(ADA);
      const readerRecording = await post(
        '/v1/tool-calls/evaluate',
        { user: { ref: ADA }, tools, record: true },
        asUser(GUEST),
      );
      expect(readerRecording.status).toBe(403);
      expect(readerRecording.body.error.message).toBe(
        "Decisions about user:default/ada are not recorded on your request; only services that enforce decisions record them in another user's name. Leave out record: true.",
      );
      expect(await logged(ADA)).toEqual([]);

      // Services enforce decisions: they ask about anyone, and their decisions are recorded.
      const gateway = await post(
        '/v1/tool-calls/evaluate',
        { user: { ref: ADA }, tools },
        asService('plugin:gateway'),
      );
      expect(gateway.status).toBe(200);
      const permissionCheck = await post(
        '/v1/permissions/evaluate',
        { user: { ref: ADA }, permission: approve },
        asService('plugin:permission'),
      );
      expect(permissionCheck.status).toBe(200);
      expect(await logged(ADA)).toEqual([
        [
          'plugin:gateway',
          'tool-call',
          'api:default/payments-ledger#get_account_balance',
        ],
        [
          'plugin:gateway',
          'tool-call',
          'api:default/payments-ledger#refund_payment',
        ],
        ['plugin:permission', 'permission', 'mcp.tool.approve'],
      ]);
      // A dry run whose candidate is slow on every recorded decision stops at its bound: a
      // client error naming the limit, and the backend keeps answering.
      const many = Array.from({ length: 300 }, (_, i) => ({
        server: 'api:default/payments-ledger',
        tool: `tool_${i}`,
      }));
      expect(
        (
          await post(
            '/v1/tool-calls/evaluate',
            { user: { ref: ADA }, tools: many },
            asService('plugin:gateway'),
          )
        ).status,
      ).toBe(200);
      // A dry run replays what the caller may read: Grace her own two recorded calls, a
      // decision reader everything.
      const denyAll = {
        name: 'deny-all.yaml',
        content: `apiVersion: mcp-platform.io/v1alpha1
kind: McpPolicy
metadata: { name: deny-all }
spec:
  rules:
    - name: nothing
      target: tool-call
      condition: 'true'
      effect: deny
      message: No.
`,
      };
      const replayed = async (user: string) =>
        (
          await post(
            '/v1/dry-run',
            { kind: 'tool-call', documents: [denyAll], replace: true },
            asUser(user),
          )
        ).body.replayed;
      expect(await replayed(GRACE)).toBe(2);
      expect(await replayed(GUEST)).toBe(2 + 2 + 300);

      let expression = 'size(v20) < 0';
      for (let i = 20; i >= 1; i--) {
        expression = `cel.bind(v${i}, v${i - 1} + v${i - 1}, ${expression})`;
      }
      const slow = await post(
        '/v1/dry-run',
        {
          kind: 'tool-call',
          documents: [
            {
              name: 'slow.yaml',
              content: `apiVersion: mcp-platform.io/v1alpha1
kind: McpPolicy
metadata: { name: slow }
spec:
  rules:
    - name: ten-million-characters
      target: tool-call
      condition: 'cel.bind(v0, tool.name + "xxxxxxxxx", ${expression})'
      effect: deny
      message: Slow.
`,
            },
          ],
        },
        asUser(GUEST),
      );
      expect(slow.status).toBe(422);
      expect(slow.body.error).toEqual({
        name: 'DryRunStoppedError',
        message:
          'The dry run stopped after 10000 ms (mcpPolicy.dryRun.timeoutMs): the candidate policies take too long on the recorded decisions. Replay fewer decisions (kind, since, until, limit) or simplify the expressions.',
      });
      expect((await request(server).get('/api/mcp-policy/health')).status).toBe(
        200,
      );
      await server.close?.();
    },
  );
});
