import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import {
  LOCAL_REPOSITORY_LOCATION_TYPE,
  readLocalRepositoriesDir,
} from './localRepositories';
import { LocalRepositoryLocationProcessor } from './LocalRepositoryLocationProcessor';

/**
 * Catalog module that lets `mcp:catalog:register-local` register repositories created by
 * `publish:local`: it reads locations of type `mcp-local-repo` and allows that type (next to
 * `url`) to be registered through the catalog API.
 *
 * @public
 */
export const catalogModuleMcpLocalRepositories = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'mcp-local-repositories',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        processing: catalogProcessingExtensionPoint,
        locations: catalogLocationsExtensionPoint,
      },
      async init({ config, processing, locations }) {
        processing.addProcessor(
          new LocalRepositoryLocationProcessor({
            baseDir: readLocalRepositoriesDir(config),
          }),
        );
        locations.setAllowedLocationTypes([
          'url',
          LOCAL_REPOSITORY_LOCATION_TYPE,
        ]);
      },
    });
  },
});
