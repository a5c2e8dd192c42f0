import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  gatewayAliasCollisionProblem,
  gatewayAliasOf,
  gatewayAliasProblem,
  gatewayToolNameProblems,
  isMcpServerEntity,
} from '@mcp-platform/plugin-mcp-catalog-common';
import { GatewayNameFacts } from './GatewayNameFacts';

/**
 * Reports the names the MCP gateway cannot offer as an error on the `mcp-server` entity: an
 * alias of the wrong shape, an alias another catalogued server already has (the error names
 * both), and tools whose `<alias>__<tool>` name is longer than 64 characters or holds other
 * characters than `[A-Za-z0-9_-]`. The gateway never renames a tool to make it fit; this is
 * where the owners learn why their tools are withheld, with the rule the gateway applies.
 *
 * The error keeps a new entity out of the catalog and an existing one at its last good version,
 * as any processing error does. When the facts cannot be read (the catalog or the MCP catalog
 * not answering), the check they feed is skipped rather than failing the entity.
 *
 * @public
 */
export class McpGatewayNameProcessor implements CatalogProcessor {
  constructor(
    private readonly deps: { facts: GatewayNameFacts; logger: LoggerService },
  ) {}

  getProcessorName(): string {
    return 'McpGatewayNameProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isMcpServerEntity(entity)) return entity;
    const ref = stringifyEntityRef(entity);
    const alias = gatewayAliasOf(entity);
    const problems: string[] = [];
    const aliasProblem = gatewayAliasProblem(alias);
    if (aliasProblem) problems.push(aliasProblem);
    else {
      const others = await this.ask('other servers', ref, () =>
        this.deps.facts.serversWithAlias(alias),
      );
      const sharing = (others ?? []).filter(
        other =>
          other.toLocaleLowerCase('en-US') !== ref.toLocaleLowerCase('en-US'),
      );
      if (sharing.length)
        problems.push(gatewayAliasCollisionProblem(alias, [ref, ...sharing]));
    }
    const tools = await this.ask('tool names', ref, () =>
      this.deps.facts.toolNames(ref),
    );
    problems.push(
      ...gatewayToolNameProblems(aliasProblem ? undefined : alias, tools ?? []),
    );
    if (problems.length)
      emit(
        processingResult.inputError(location, `${ref}: ${problems.join('; ')}`),
      );
    return entity;
  }

  private async ask<T>(
    what: string,
    ref: string,
    read: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      this.deps.logger.warn(
        `Could not read ${what} to check the gateway names of ${ref}; checked again on its next processing: ${error}`,
      );
      return undefined;
    }
  }
}
