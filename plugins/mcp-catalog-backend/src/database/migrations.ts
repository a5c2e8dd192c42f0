import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@mcp-platform/plugin-mcp-catalog-backend',
  'migrations',
);

/** Brings the plugin's tables up to date unless the deployment manages migrations itself. */
export async function applyMigrations(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({
      directory: migrationsDir,
      tableName: 'mcp_catalog_knex_migrations',
    });
  }
  return client;
}

/** Migration settings, for tests that migrate up and down by hand. */
export const migrationConfig = {
  directory: migrationsDir,
  tableName: 'mcp_catalog_knex_migrations',
};
