import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseDecisionLog, inputDigest } from './DatabaseDecisionLog';
import { NewDecision } from './DecisionLog';
import { migrationConfig } from './migrations';

jest.setTimeout(60_000);

function decision(overrides: Partial<NewDecision>): NewDecision {
  return {
    decidedAt: new Date('2026-11-20T10:00:00Z'),
    kind: 'tool-call',
    principal: 'user:default/ada',
    subject: 'api:default/payments-ledger#refund_payment',
    user: 'user:default/ada',
    result: 'deny',
    reason: 'deny-rule',
    rules: [
      {
        rule: 'tool-access/destructive-production-owner-only',
        effect: 'deny',
        message: 'Only owners.',
      },
    ],
    policySetDigest: 'abc',
    input: { user: { ref: 'user:default/ada', groups: [] } },
    ...overrides,
  };
}

describe('DatabaseDecisionLog', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'stores, filters, pages, counts and expires decisions on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(migrationConfig);
      const log = DatabaseDecisionLog.fromKnex(knex);

      const ids = await log.append([
        decision({ decidedAt: new Date('2026-10-01T00:00:00Z') }),
        decision({}),
        decision({
          kind: 'deployment',
          subject: 'payments-refunds (production, create)',
          user: undefined,
          result: 'allow',
          reason: undefined,
          rules: [],
          principal: 'plugin:scaffolder',
        }),
      ]);
      expect(ids).toHaveLength(3);

      const denied = await log.query({
        rule: 'tool-access/destructive-production-owner-only',
        limit: 1,
      });
      expect(denied.items.map(d => d.id)).toEqual([ids[1]]);
      expect(denied.items[0]).toMatchObject({
        kind: 'tool-call',
        result: 'deny',
        reason: 'deny-rule',
        user: 'user:default/ada',
        inputDigest: inputDigest({
          user: { groups: [], ref: 'user:default/ada' },
        }),
      });
      expect(denied.items[0].input).toBeUndefined();
      const older = await log.query({
        rule: 'tool-access/destructive-production-owner-only',
        limit: 1,
        cursor: denied.nextCursor,
      });
      expect(older.items.map(d => d.id)).toEqual([ids[0]]);
      expect(older.nextCursor).toBeUndefined();

      expect(
        (await log.query({ subject: 'REFUNDS (prod', limit: 10 })).items,
      ).toHaveLength(1);
      expect(
        (await log.query({ subject: '100%_', limit: 10 })).items,
      ).toHaveLength(0);
      expect(
        (await log.query({ principal: 'plugin:scaffolder', limit: 10 })).items,
      ).toHaveLength(1);
      await expect(log.query({ cursor: 'x; drop', limit: 1 })).rejects.toThrow(
        'cursor must be the nextCursor',
      );

      expect((await log.get(ids[1]))?.input).toEqual({
        user: { ref: 'user:default/ada', groups: [] },
      });
      // A dry run without the permission to read decisions replays only the caller's own.
      const replay = async (involving?: string) =>
        (await log.forReplay({ limit: 10, involving })).map(d => d.id);
      expect(await replay()).toEqual([ids[2], ids[1], ids[0]]);
      expect(await replay('user:default/ada')).toEqual([ids[1], ids[0]]);
      expect(await replay('plugin:scaffolder')).toEqual([ids[2]]);
      expect(await replay('user:default/grace')).toEqual([]);
      expect((await log.forReplay({ limit: 1 }))[0].input).toBeDefined();

      const counts = await log.firedCounts(new Date('2026-11-01T00:00:00Z'));
      expect(counts.get('tool-access/destructive-production-owner-only')).toBe(
        1,
      );

      expect(await log.deleteOlderThan(new Date('2026-11-01T00:00:00Z'))).toBe(
        1,
      );
      expect((await log.query({ limit: 10 })).items).toHaveLength(2);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'migrates up and down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(migrationConfig);
      expect(await knex.schema.hasTable('mcp_policy_decisions')).toBe(true);
      await knex.migrate.rollback(migrationConfig, true);
      expect(await knex.schema.hasTable('mcp_policy_decisions')).toBe(false);
      expect(await knex.schema.hasTable('mcp_policy_decision_rules')).toBe(
        false,
      );
      await knex.destroy();
    },
  );
});
