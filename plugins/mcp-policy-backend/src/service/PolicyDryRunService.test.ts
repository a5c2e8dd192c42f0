import { resolve } from 'node:path';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { candidate, recorded } from '../__testUtils__/dryRunFixtures';
import { DatabaseDecisionLog } from '../database/DatabaseDecisionLog';
import { migrationConfig } from '../database/migrations';
import { PolicySetLoader } from '../engine/PolicySetLoader';
import { DryRunSandbox } from './DryRunSandbox';
import {
  CandidatePoliciesRejectedError,
  PolicyDryRunService,
} from './PolicyDryRunService';

jest.setTimeout(180_000);

function documents(condition: string) {
  const { source, content } = candidate(condition);
  return [{ name: source, content }];
}

describe('PolicyDryRunService', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'changes the active set, or stands in for it, and replays only what the caller may read (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(migrationConfig);
      const log = DatabaseDecisionLog.fromKnex(knex);
      // 20 read-only calls by users u0..u19, all allowed by the built-in pack.
      await log.append(recorded(20));
      const loader = new PolicySetLoader({
        paths: [resolve(__dirname, '../../policies/builtin')],
        logger: mockServices.logger.mock(),
      });
      await loader.reload();
      const service = new PolicyDryRunService({
        sandbox: new DryRunSandbox({
          timeoutMs: 60_000,
          maxMemoryMb: 256,
          maxConcurrent: 2,
          toolCallDefault: 'deny',
          permissionDefault: 'deny',
        }),
        loader,
        log,
      });

      // A candidate that denies nothing, added to the active set: nothing changes.
      await expect(
        service.run({ documents: documents('false') }, {}),
      ).resolves.toMatchObject({ replayed: 20, unchanged: 20, newlyDenied: 0 });

      // The same candidate as the whole set: no rule allows, so the default denies every call.
      await expect(
        service.run({ documents: documents('false'), replace: true }, {}),
      ).resolves.toMatchObject({ replayed: 20, newlyDenied: 20 });

      // A caller without the permission to read decisions replays only their own.
      await expect(
        service.run(
          { documents: documents('true') },
          { involving: 'user:default/u3' },
        ),
      ).resolves.toMatchObject({
        replayed: 1,
        newlyDenied: 1,
        changes: [
          expect.objectContaining({
            subject: 'api:default/payments-ledger#tool_3',
          }),
        ],
      });

      // The request's limit bounds the replay.
      await expect(
        service.run({ documents: documents('true'), limit: 5 }, {}),
      ).resolves.toMatchObject({ replayed: 5, newlyDenied: 5 });

      // Candidates that do not load are the caller's input error, with where and why.
      const rejected = service.run(
        { documents: documents('tool.nam == ""') },
        {},
      );
      await expect(rejected).rejects.toBeInstanceOf(InputError);
      await expect(rejected).rejects.toBeInstanceOf(
        CandidatePoliciesRejectedError,
      );
      await expect(rejected).rejects.toMatchObject({
        message: 'The candidate policies do not load: 1 error(s)',
        errors: [
          expect.objectContaining({
            source: 'candidate.yaml',
            rule: 'candidate/r',
          }),
        ],
      });
    },
  );
});
