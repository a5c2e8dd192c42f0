import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mcpCatalogPermissions } from '@mcp-platform/plugin-mcp-catalog-common';
import { applyMigrations } from './database/migrations';
import { createRouter } from './service/createRouter';

/**
 * The MCP catalog backend: discovery of MCP servers' tools, their history and risk findings, and
 * a private MCP registry.
 */
export const mcpCatalogPlugin = createBackendPlugin({
  pluginId: 'mcp-catalog',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        database: coreServices.database,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        logger,
        httpRouter,
        httpAuth,
        database,
        permissionsRegistry,
      }) {
        permissionsRegistry.addPermissions(mcpCatalogPermissions);
        const db = await applyMigrations(database);
        httpRouter.use(await createRouter({ logger, httpAuth, db }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
