import { DatabaseManager } from '@backstage/backend-defaults/database';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/**
 * Backstage's database service (`backend.database`, each plugin its own database, as
 * `createBackend()` brings it) that also closes every plugin's connection pool when the backend
 * stops. Backstage's own means to and does not (backend-defaults 0.18: its shutdown calls
 * `includes` on knex's config object, which throws, and the error is swallowed), so in a test the
 * pools' timers and connections would keep the Jest worker alive after the test.
 */
export const databaseServiceFactoryClosingPools = createServiceFactory({
  service: coreServices.database,
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
    rootLifecycle: coreServices.rootLifecycle,
    rootLogger: coreServices.rootLogger,
  },
  async createRootContext({ config, rootLifecycle, rootLogger }) {
    const manager = DatabaseManager.fromConfig(config, {
      rootLifecycle,
      rootLogger,
    });
    const clients = new Set<Knex>();
    rootLifecycle.addShutdownHook(async () => {
      await Promise.allSettled([...clients].map(client => client.destroy()));
    });
    return { manager, clients };
  },
  async factory({ pluginMetadata, lifecycle, logger }, { manager, clients }) {
    const database = manager.forPlugin(pluginMetadata.getId(), {
      lifecycle,
      logger,
    });
    return {
      ...database,
      async getClient() {
        const client = await database.getClient();
        clients.add(client);
        return client;
      },
    };
  },
});
