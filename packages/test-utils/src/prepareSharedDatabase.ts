import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/**
 * Runs the scheduler's migrations once on a database that a test backend's plugins will share.
 * With one knex for every plugin (`mockServices.database.factory({ knex })`), each plugin's
 * scheduler migrates the same tables at start; on PostgreSQL two of them creating the migration
 * lock table at once fail with a duplicate-key error.
 */
export async function prepareSharedDatabase(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@backstage/backend-defaults',
      'migrations/scheduler',
    ),
    tableName: 'backstage_backend_tasks__knex_migrations',
  });
}
