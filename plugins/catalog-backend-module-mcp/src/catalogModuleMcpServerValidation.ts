import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { PlatformGatewayNameFacts } from './GatewayNameFacts';
import { McpGatewayNameProcessor } from './McpGatewayNameProcessor';
import { McpServerEntityProcessor } from './McpServerEntityProcessor';

/**
 * Catalog module that rejects invalid `mcp-server` API entities with a processing error naming
 * every invalid field, and reports the tool names the MCP gateway cannot offer (alias shape,
 * an alias two servers share, over-long or invalid `<alias>__<tool>` names).
 *
 * @public
 */
export const catalogModuleMcpServerValidation = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'mcp-server-validation',
  register(env) {
    env.registerInit({
      deps: {
        catalogProcessing: catalogProcessingExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
      },
      async init({ catalogProcessing, catalog, auth, discovery, logger }) {
        catalogProcessing.addProcessor(new McpServerEntityProcessor());
        catalogProcessing.addProcessor(
          new McpGatewayNameProcessor({
            facts: new PlatformGatewayNameFacts({
              catalog,
              auth,
              discovery,
              logger,
            }),
            logger,
          }),
        );
      },
    });
  },
});
