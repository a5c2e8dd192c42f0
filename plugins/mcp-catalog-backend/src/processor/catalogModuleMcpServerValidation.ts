import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { McpServerEntityProcessor } from './McpServerEntityProcessor';

/**
 * Catalog module that rejects invalid `mcp-server` API entities with a processing error naming
 * every invalid field.
 *
 * @public
 */
export const catalogModuleMcpServerValidation = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'mcp-server-validation',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new McpServerEntityProcessor());
      },
    });
  },
});
