import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { mcpGatewayPlugin } from './plugin';

/**
 * Where `discovery.endpoints` sends the `mcp-gateway` plugin when that is not this backend (its
 * internal target), or undefined when the gateway is this backend's to serve.
 *
 * @public
 */
export function gatewayRoutedElsewhere(config: Config): string | undefined {
  const ownOrigin = new URL(config.getString('backend.baseUrl')).origin;
  for (const endpoint of config.getOptionalConfigArray('discovery.endpoints') ??
    []) {
    if (!endpoint.getStringArray('plugins').includes('mcp-gateway')) continue;
    const target =
      typeof endpoint.get('target') === 'string'
        ? endpoint.getString('target')
        : endpoint.getOptionalString('target.internal') ??
          endpoint.getOptionalString('target.external');
    if (!target) continue;
    const url = target.replace(/\{\{\s*pluginId\s*\}\}/g, 'mcp-gateway');
    if (new URL(url).origin !== ownOrigin) return url;
  }
  return undefined;
}

/**
 * The MCP gateway plugin, unless `discovery.endpoints` routes `mcp-gateway` to another backend
 * (a gateway backend of its own, see the README's "Running the gateway as its own backend").
 * Install this instead of the plugin in a backend that should hand the gateway over by config.
 *
 * Serving it in both places would not work: the other plugins of this backend check the
 * gateway's service tokens against the keys of the instance discovery names, so this
 * backend's own gateway would be refused by its neighbours, and the app would never reach it.
 *
 * @public
 */
export const mcpGatewayUnlessRoutedElsewhere = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig, logger: coreServices.rootLogger },
  *loader({ config, logger }) {
    const elsewhere = gatewayRoutedElsewhere(config);
    if (elsewhere) {
      logger.info(
        `MCP gateway: served by the backend at ${elsewhere} (discovery.endpoints), not by this one`,
      );
      return;
    }
    yield mcpGatewayPlugin;
  },
});
