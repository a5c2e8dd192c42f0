/**
 * The backend's surroundings in the benchmark: the software catalog, the plugin's own service
 * identity, a conditional permission policy and the auditor. Not test mocks: each stands in for
 * a service so the run measures the MCP catalog alone, and implements only what the catalog
 * calls (anything else throws, so a change in what it calls cannot silently skew the figures).
 */
import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
  BackstageServicePrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { onlyImplemented } from '@mcp-platform/bench-utils';

/**
 * The software catalog holding these `mcp-server` API entities, served the way its
 * queryEntities serves them (pages of `limit`, with a cursor).
 */
export function catalogDataSource(entities: Entity[]): CatalogService {
  const queryEntities: CatalogService['queryEntities'] = async request => {
    // Every entity here matches the scheduler's filter (kind API, spec.type mcp-server).
    const offset =
      request && 'cursor' in request && request.cursor
        ? Number(request.cursor)
        : 0;
    const limit = request?.limit ?? 500;
    const end = Math.min(offset + limit, entities.length);
    return {
      items: entities.slice(offset, end),
      totalItems: entities.length,
      pageInfo: {
        nextCursor: end < entities.length ? String(end) : undefined,
      },
    };
  };
  return onlyImplemented<CatalogService>('CatalogService', { queryEntities });
}

/** The plugin's own service identity, which the scheduler passes to the catalog. */
export function serviceAuth(): AuthService {
  const credentials: BackstageCredentials<BackstageServicePrincipal> = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'service', subject: 'plugin:mcp-catalog' },
  };
  return onlyImplemented<AuthService>('AuthService', {
    getOwnServiceCredentials: async () => credentials,
  });
}

/**
 * A permission policy that answers `catalog.entity.read` conditionally (as "only entities you
 * own" would), so the router asks the catalog which servers the user may see.
 */
export function conditionalCatalogRead(): PermissionsService {
  return onlyImplemented<PermissionsService>('PermissionsService', {
    authorizeConditional: async queries =>
      queries.map(() => ({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: ['user:default/mock'] },
        },
      })),
  });
}

/** The auditor of a run that changes nothing (searches): a call fails the run. */
export function noAuditing(): AuditorService {
  return onlyImplemented<AuditorService>('AuditorService', {});
}

/** A server's API entity as the catalog's queryEntities returns it with `fields`. */
export const serverEntity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name, namespace: 'default' },
  spec: { type: 'mcp-server' },
});
