import { TestDatabases } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { active, candidate, recorded } from '../__testUtils__/dryRunFixtures';
import { DatabaseDecisionLog } from '../database/DatabaseDecisionLog';
import { migrationConfig } from '../database/migrations';
import { DryRunSandbox, DryRunStoppedError } from './DryRunSandbox';

jest.setTimeout(180_000);

/**
 * `cel.bind` chains that double a value at every step: they pass every load-time check, yet each
 * decision builds a string of 10 million characters, or a list that outgrows any heap.
 */
function doubling(levels: number, seed: string, use: string): string {
  let expression = use.replace('LAST', `v${levels}`);
  for (let i = levels; i >= 1; i--) {
    expression = `cel.bind(v${i}, v${i - 1} + v${i - 1}, ${expression})`;
  }
  return `cel.bind(v0, ${seed}, ${expression})`;
}

describe('DryRunSandbox', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'replays in a child process, and stops candidates at their time and memory limits (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(migrationConfig);
      const log = DatabaseDecisionLog.fromKnex(knex);
      await log.append(recorded(300));
      const loadEntries = () => log.forReplay({ limit: 1000 });
      const sandbox = (
        limits: Partial<{
          timeoutMs: number;
          maxMemoryMb: number;
          maxConcurrent: number;
        }> = {},
      ) =>
        new DryRunSandbox({
          timeoutMs: 60_000,
          maxMemoryMb: 256,
          maxConcurrent: 2,
          toolCallDefault: 'deny',
          permissionDefault: 'deny',
          ...limits,
        });

      // An honest candidate: every recorded call is to a read-only tool, now denied.
      const outcome = await sandbox().run(
        {
          candidates: [candidate('tool.name.startsWith("tool_1")')],
          active,
          replace: false,
        },
        loadEntries,
      );
      expect(outcome).toMatchObject({
        response: { replayed: 300, newlyDenied: 111, newlyAllowed: 0 },
      });

      // Load errors come back as such, with their place.
      const broken = await sandbox().run(
        { candidates: [candidate('tool.nam == ""')], active, replace: false },
        loadEntries,
      );
      expect(broken).toEqual({
        errors: [
          expect.objectContaining({
            source: 'candidate.yaml',
            rule: 'candidate/r',
            message: expect.stringContaining('No such key: nam'),
          }),
        ],
      });

      // Each decision builds and measures a 10-million-character string: about 40 s over 300
      // decisions on an idle machine (longer on a loaded one), so the dry run stops at a 10 s
      // bound, which the honest dry runs here (under 1 s idle) meet even with every core busy.
      const slow = candidate(
        doubling(20, 'tool.name + "xxxxxxxxx"', 'size(LAST) < 0'),
      );
      await expect(
        sandbox({ timeoutMs: 10_000 }).run(
          { candidates: [slow], active, replace: false },
          loadEntries,
        ),
      ).rejects.toThrow(
        new DryRunStoppedError(
          'The dry run stopped after 10000 ms (mcpPolicy.dryRun.timeoutMs): the candidate policies take too long on the recorded decisions. Replay fewer decisions (kind, since, until, limit) or simplify the expressions.',
        ),
      );

      // A list doubled 26 times would need gigabytes: the child's heap limit stops it.
      const greedy = candidate(
        doubling(26, '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]', 'size(LAST) < 0'),
      );
      await expect(
        sandbox({ maxMemoryMb: 64 }).run(
          { candidates: [greedy], active, replace: false },
          loadEntries,
        ),
      ).rejects.toThrow(
        /^The dry run stopped: the candidate policies needed more than 64 MB of memory/,
      );

      // One at a time here: a second dry run is refused while the first runs.
      const single = sandbox({ maxConcurrent: 1, timeoutMs: 10_000 });
      const first = single.run(
        { candidates: [slow], active, replace: false },
        loadEntries,
      );
      await expect(
        single.run(
          { candidates: [candidate('true')], active, replace: false },
          loadEntries,
        ),
      ).rejects.toThrow(ServiceUnavailableError);
      await expect(first).rejects.toThrow(DryRunStoppedError);
      // ...and accepted again once it has stopped.
      await expect(
        single.run(
          { candidates: [candidate('false')], active, replace: true },
          loadEntries,
        ),
      ).resolves.toMatchObject({ response: { replayed: 300 } });
    },
  );
});
