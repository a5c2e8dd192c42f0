import { TestDatabases } from '@backstage/backend-test-utils';
import {
  DatabaseGatewayStore,
  migrationConfig,
} from '../database/GatewayStore';
import { RateLimiter } from './RateLimiter';

jest.setTimeout(60_000);

describe('RateLimiter', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function stores(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest(migrationConfig);
    return DatabaseGatewayStore.fromKnex(knex);
  }

  it.each(databases.eachSupportedId())(
    'holds a limit across two gateway replicas sharing the database, within 5 %% (%p)',
    async databaseId => {
      const store = await stores(databaseId);
      const now = () => 28_333_334 * 60_000 + 10_000; // one fixed minute
      const replicas = [
        new RateLimiter(store, now),
        new RateLimiter(store, now),
      ];
      const limit = {
        key: 'team:group:default/payments',
        scope: 'team' as const,
        perMinute: 2_000,
      };
      let allowed = 0;
      let refused = 0;
      // Both replicas take calls concurrently, far more than the limit.
      await Promise.all(
        replicas.map(async limiter => {
          for (let i = 0; i < 1_600; i++) {
            const verdict = await limiter.take([limit]);
            if (verdict) refused++;
            else allowed++;
          }
        }),
      );
      expect(allowed).toBeLessThanOrEqual(2_000);
      expect(allowed).toBeGreaterThanOrEqual(1_900);
      expect(refused).toBe(3_200 - allowed);
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses with the limit that ran out and the seconds to the next window, taking nothing from the others (%p)',
    async databaseId => {
      const store = await stores(databaseId);
      let t = 28_333_334 * 60_000 + 40_000; // 40 s into a minute
      const limiter = new RateLimiter(store, () => t);
      const user = {
        key: 'user:grace',
        scope: 'user' as const,
        perMinute: 100,
      };
      const tool = {
        key: 'tool:api:default/x#y',
        scope: 'tool' as const,
        perMinute: 2,
      };
      expect(await limiter.take([user, tool])).toBeUndefined();
      expect(await limiter.take([user, tool])).toBeUndefined();
      const refused = await limiter.take([user, tool]);
      expect(refused).toEqual({ limit: tool, retryAfterSeconds: 20 });
      // The user limit still has room for a call of another tool.
      const other = { ...tool, key: 'tool:api:default/x#z' };
      expect(await limiter.take([user, other])).toBeUndefined();
      // The next minute starts afresh.
      t += 20_000;
      expect(await limiter.take([user, tool])).toBeUndefined();
    },
  );
});
