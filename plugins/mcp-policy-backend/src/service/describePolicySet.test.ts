import { resolve } from 'node:path';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { recorded } from '../__testUtils__/dryRunFixtures';
import { DatabaseDecisionLog } from '../database/DatabaseDecisionLog';
import { migrationConfig } from '../database/migrations';
import { PolicySetLoader } from '../engine/PolicySetLoader';
import { describePolicy, describePolicySet } from './describePolicySet';

jest.setTimeout(60_000);

describe('describePolicySet', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'lists each policy with its rules and how often each fired in the last 7 days (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(migrationConfig);
      const log = DatabaseDecisionLog.fromKnex(knex);
      // Three allowed read-only calls, recorded on 2026-11-01.
      const decisions = recorded(3);
      const fired = decisions[0].rules[0].rule;
      await log.append(decisions);
      const loader = new PolicySetLoader({
        paths: [resolve(__dirname, '../../policies/builtin')],
        logger: mockServices.logger.mock(),
      });
      const state = await loader.reload();
      const options = {
        state,
        log,
        defaults: {
          toolCallDefault: 'deny' as const,
          permissionDefault: 'allow' as const,
        },
        now: new Date('2026-11-03T00:00:00Z'),
      };

      const info = await describePolicySet(options);
      expect(info).toMatchObject({
        policySetDigest: state.set!.digest,
        loadedAt: state.loadedAt!.toISOString(),
        errors: [],
        toolCallDefault: 'deny',
        permissionDefault: 'allow',
      });
      expect(info.policies.map(p => p.name).sort()).toEqual([
        'deployment-guardrails',
        'suite-permissions',
        'tool-access',
      ]);
      const toolAccess = info.policies.find(p => p.name === 'tool-access')!;
      expect(toolAccess.rules.every(r => r.id.startsWith('tool-access/'))).toBe(
        true,
      );
      const counted = toolAccess.rules.find(r => r.id === fired);
      expect(counted).toMatchObject({ target: 'tool-call', effect: 'allow' });
      expect(counted!.firedLast7Days).toBe(3);
      expect(
        toolAccess.rules.filter(r => r.id !== fired && r.firedLast7Days > 0),
      ).toEqual([]);

      // A week later the same decisions are out of the window.
      const later = await describePolicySet({
        ...options,
        now: new Date('2026-11-20T00:00:00Z'),
      });
      expect(
        later.policies.flatMap(p => p.rules).find(r => r.id === fired)!
          .firedLast7Days,
      ).toBe(0);

      await expect(describePolicy('tool-access', options)).resolves.toEqual(
        toolAccess,
      );
      await expect(describePolicy('nope', options)).rejects.toThrow(
        new NotFoundError(
          'No policy named "nope" is loaded; GET /v1/policies lists them',
        ),
      );
    },
  );

  it('describes an engine with no policy set loaded', async () => {
    const lastAttemptAt = new Date('2026-11-03T00:00:00Z');
    const info = await describePolicySet({
      state: {
        sources: [],
        lastAttemptAt,
        errors: [{ source: 'a.yaml', message: 'broken' }],
      },
      log: { firedCounts: async () => new Map() },
      defaults: { toolCallDefault: 'deny', permissionDefault: 'deny' },
    });
    expect(info).toEqual({
      policySetDigest: 'none',
      loadedAt: lastAttemptAt.toISOString(),
      lastLoadAttemptAt: lastAttemptAt.toISOString(),
      errors: [{ source: 'a.yaml', message: 'broken' }],
      toolCallDefault: 'deny',
      permissionDefault: 'deny',
      policies: [],
    });
  });
});
