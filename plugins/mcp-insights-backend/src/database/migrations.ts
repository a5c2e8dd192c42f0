import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** Where the migrations are and which table tracks them. */
export const migrationConfig = {
  directory: resolvePackagePath(
    '@mcp-platform/plugin-mcp-insights-backend',
    'migrations',
  ),
  tableName: 'mcp_insights_knex_migrations',
};

/** Brings the plugin's tables up to date unless the deployment manages migrations itself. */
export async function applyMigrations(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest(migrationConfig);
  }
  return client;
}
