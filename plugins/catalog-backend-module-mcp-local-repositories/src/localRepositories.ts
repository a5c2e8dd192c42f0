import { RootConfigService } from '@backstage/backend-plugin-api';
import path from 'node:path';

/**
 * Catalog location type of a repository created by `publish:local`; its target is the repository name.
 *
 * @public
 */
export const LOCAL_REPOSITORY_LOCATION_TYPE = 'mcp-local-repo';

/**
 * Names `publish:local` accepts, and so the only targets a local-repository location may have.
 *
 * @public
 */
export const LOCAL_REPOSITORY_NAME = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * Where `publish:local` writes repositories: `mcpScaffolder.localPublish.baseDir`.
 *
 * @public
 */
export function readLocalRepositoriesDir(config: RootConfigService): string {
  return path.resolve(
    config.getOptionalString('mcpScaffolder.localPublish.baseDir') ??
      path.join(process.cwd(), '.mcp-platform', 'repos'),
  );
}
