import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_DATA_CLASSIFICATION,
  DATA_CLASSIFICATIONS,
  isMcpServerEntity,
  validateMcpServerSpec,
} from '@mcp-platform/plugin-mcp-catalog-common';

/**
 * Rejects `mcp-server` API entities that the MCP platform could not use, so authors see why in
 * the catalog instead of the server silently missing from discovery and the registry.
 *
 * @public
 */
export class McpServerEntityProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'McpServerEntityProcessor';
  }

  // Post-processing runs after the catalog has validated the envelope and the API kind, so the
  // entity ref is well formed, and an emitted error keeps the broken entity out of the catalog.
  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isMcpServerEntity(entity)) return entity;

    const problems = findProblems(entity);
    if (problems.length > 0) {
      emit(
        processingResult.inputError(
          location,
          `${stringifyEntityRef(entity)}: ${problems.join('; ')}`,
        ),
      );
    }
    return entity;
  }
}

function findProblems(entity: Entity): string[] {
  const problems: string[] = [];

  const specResult = validateMcpServerSpec(entity.spec);
  if (!specResult.ok) problems.push(...specResult.problems);

  // The annotation is optional, but a value outside the known set cannot be ranked by
  // sensitivity, so it is reported rather than carried into the catalog as is.
  const classification =
    entity.metadata.annotations?.[ANNOTATION_DATA_CLASSIFICATION];
  if (
    classification !== undefined &&
    !(DATA_CLASSIFICATIONS as readonly string[]).includes(classification)
  ) {
    problems.push(
      `metadata.annotations["${ANNOTATION_DATA_CLASSIFICATION}"] must be one of ${DATA_CLASSIFICATIONS.join(
        ', ',
      )}, got "${classification}"`,
    );
  }

  return problems;
}
