import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_DATA_CLASSIFICATION,
  validateMcpServerSpec,
} from '@mcp-platform/plugin-mcp-catalog-common';
import { ServerSnapshot } from '../database/McpCatalogStore';

/** Turns an entity into the snapshot the MCP catalog keeps, or undefined if its spec is invalid. */
export function snapshotOf(entity: Entity): ServerSnapshot | undefined {
  const validation = validateMcpServerSpec(entity.spec);
  if (!validation.ok) return undefined;
  return {
    entityRef: stringifyEntityRef(entity),
    name: entity.metadata.name,
    title: entity.metadata.title,
    description: entity.metadata.description,
    ownerRef:
      typeof entity.spec?.owner === 'string'
        ? stringifyEntityRef(
            parseEntityRef(entity.spec.owner, {
              defaultKind: 'group',
              defaultNamespace: entity.metadata.namespace ?? 'default',
            }),
          )
        : undefined,
    lifecycle:
      typeof entity.spec?.lifecycle === 'string'
        ? entity.spec.lifecycle
        : undefined,
    dataClassification:
      entity.metadata.annotations?.[ANNOTATION_DATA_CLASSIFICATION],
    remotes: validation.spec.remotes,
  };
}
