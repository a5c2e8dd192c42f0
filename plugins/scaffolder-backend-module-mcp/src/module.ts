import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readLocalRepositoriesDir } from '@mcp-platform/plugin-catalog-backend-module-mcp-local-repositories';
import { createPolicyCheckAction } from './actions/createPolicyCheckAction';
import { createPublishLocalAction } from './actions/createPublishLocalAction';
import { createRegisterLocalRepositoryAction } from './actions/createRegisterLocalRepositoryAction';
import { createValidateMcpServerAction } from './actions/createValidateMcpServerAction';

/**
 * Scaffolder actions for creating MCP servers.
 *
 * @public
 */
export const scaffolderModuleMcp = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'mcp',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, config, catalog, discovery, auth }) {
        const baseDir = readLocalRepositoriesDir(config);
        scaffolder.addActions(
          createValidateMcpServerAction({ catalog }),
          createPolicyCheckAction({ discovery, auth }),
          createPublishLocalAction({ baseDir }),
          createRegisterLocalRepositoryAction({ catalog, baseDir }),
        );
      },
    });
  },
});
