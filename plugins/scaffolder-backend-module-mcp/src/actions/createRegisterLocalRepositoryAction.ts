import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import path from 'node:path';
import {
  LOCAL_REPOSITORY_LOCATION_TYPE,
  LOCAL_REPOSITORY_NAME,
} from '@mcp-platform/plugin-catalog-backend-module-mcp-local-repositories';
import { isMcpServerEntity } from '@mcp-platform/plugin-mcp-catalog-common';

function mainEntity(entities: Entity[]): Entity {
  return entities.find(isMcpServerEntity) ?? entities[0];
}

/**
 * `mcp:catalog:register-local` — registers the `catalog-info.yaml` of a repository created by
 * `publish:local`. Needs the catalog module `catalogModuleMcpLocalRepositories`
 * (`@mcp-platform/plugin-catalog-backend-module-mcp-local-repositories`).
 *
 * @public
 */
export function createRegisterLocalRepositoryAction(options: {
  catalog: CatalogService;
  baseDir: string;
}) {
  const { catalog } = options;
  return createTemplateAction({
    id: 'mcp:catalog:register-local',
    description: [
      'Registers the `catalog-info.yaml` of a repository that `publish:local` created, so the',
      'catalog (and MCP discovery) pick it up without an SCM integration.',
      '',
      'The descriptor is first checked with a dry run, so entities the catalog would reject (an',
      'invalid `mcp-server` API, a name already taken) fail this step before anything is',
      'registered. Outputs `entityRef` (the `mcp-server` API when there is one) and',
      '`catalogInfoUrl`.',
    ].join('\n'),
    examples: [
      {
        description: 'Register a repository published with publish:local',
        example: [
          'steps:',
          '  - id: register',
          '    action: mcp:catalog:register-local',
          '    input:',
          '      repoName: ${{ parameters.name }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        repoName: z =>
          z.string().describe('Name of the repository given to publish:local'),
      },
      output: {
        entityRef: z => z.string().describe('The main registered entity'),
        catalogInfoUrl: z =>
          z.string().describe('file:// URL of the registered descriptor'),
      },
    },
    async handler(ctx) {
      const { repoName } = ctx.input;
      if (!LOCAL_REPOSITORY_NAME.test(repoName)) {
        throw new InputError(`Invalid repoName "${repoName}"`);
      }
      const location = {
        type: LOCAL_REPOSITORY_LOCATION_TYPE,
        target: repoName,
      };
      const credentials = await ctx.getInitiatorCredentials();

      const dryRun = await catalog.addLocation(
        { ...location, dryRun: true },
        { credentials },
      );
      if (dryRun.entities.length === 0) {
        throw new InputError(
          `The catalog-info.yaml of "${repoName}" describes no entities`,
        );
      }
      await catalog.addLocation(location, { credentials });

      const entityRef = stringifyEntityRef(mainEntity(dryRun.entities));
      ctx.logger.info(`Registered ${entityRef} from repository "${repoName}"`);
      ctx.output('entityRef', entityRef);
      ctx.output(
        'catalogInfoUrl',
        `file://${path.join(options.baseDir, repoName, 'catalog-info.yaml')}`,
      );
    },
  });
}
