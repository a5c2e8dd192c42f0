import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_GATEWAY_ALIAS,
  gatewayAliasOf,
  McpServerDetail,
  MCP_SERVER_ENTITY_FILTER,
} from '@mcp-platform/plugin-mcp-catalog-common';

/**
 * What the gateway-name check needs to know beyond the entity itself.
 *
 * @public
 */
export interface GatewayNameFacts {
  /** Refs of the catalogued `mcp-server` APIs whose gateway alias is exactly `alias`. */
  serversWithAlias(alias: string): Promise<string[]>;
  /** The names of a server's active tools as discovery found them; undefined when not known. */
  toolNames(entityRef: string): Promise<string[] | undefined>;
}

/**
 * The facts from the running platform: other servers from the software catalog, tool names
 * from the MCP catalog's REST API (with the catalog plugin's service token). An MCP catalog
 * that is not installed, or has not discovered the server yet, knows no tool names.
 *
 * @public
 */
export class PlatformGatewayNameFacts implements GatewayNameFacts {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      discovery: DiscoveryService;
      logger: LoggerService;
    },
  ) {}

  async serversWithAlias(alias: string): Promise<string[]> {
    const { items } = await this.deps.catalog.queryEntities(
      {
        // Either filter matches: the annotation, or the name of an entity without one.
        // Catalog filters ignore case; the alias compares exactly below.
        filter: [
          {
            ...MCP_SERVER_ENTITY_FILTER,
            [`metadata.annotations.${ANNOTATION_GATEWAY_ALIAS}`]: alias,
          },
          { ...MCP_SERVER_ENTITY_FILTER, 'metadata.name': alias },
        ],
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
        ],
        limit: 100,
      },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    return items
      .filter(entity => gatewayAliasOf(entity) === alias)
      .map(entity => stringifyEntityRef(entity));
  }

  async toolNames(entityRef: string): Promise<string[] | undefined> {
    const { namespace, name } = parseEntityRef(entityRef);
    let baseUrl: string;
    try {
      baseUrl = await this.deps.discovery.getBaseUrl('mcp-catalog');
    } catch {
      return undefined;
    }
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'mcp-catalog',
    });
    const response = await fetch(
      `${baseUrl}/v1/servers/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (response.status === 404) return undefined;
    if (!response.ok)
      throw new Error(
        `the MCP catalog answered ${response.status} for ${entityRef}`,
      );
    const server = (await response.json()) as McpServerDetail;
    return server.tools.filter(t => t.state === 'active').map(t => t.name);
  }
}
