import {
  CatalogProcessor,
  CatalogProcessorEmit,
  CatalogProcessorParser,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  LOCAL_REPOSITORY_LOCATION_TYPE,
  LOCAL_REPOSITORY_NAME,
} from './localRepositories';

/**
 * Reads `catalog-info.yaml` of repositories that `publish:local` created, for locations of type
 * `mcp-local-repo`. The target is a repository name, never a path, so a location cannot make the
 * catalog read other files of the backend host (which the `file` type would).
 *
 * @public
 */
export class LocalRepositoryLocationProcessor implements CatalogProcessor {
  constructor(private readonly options: { baseDir: string }) {}

  getProcessorName(): string {
    return 'LocalRepositoryLocationProcessor';
  }

  async readLocation(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
    parser: CatalogProcessorParser,
  ): Promise<boolean> {
    if (location.type !== LOCAL_REPOSITORY_LOCATION_TYPE) return false;
    if (!LOCAL_REPOSITORY_NAME.test(location.target)) {
      emit(
        processingResult.inputError(
          location,
          `${LOCAL_REPOSITORY_LOCATION_TYPE} target "${location.target}" is not a repository name`,
        ),
      );
      return true;
    }
    const file = path.join(
      this.options.baseDir,
      location.target,
      'catalog-info.yaml',
    );
    let data: Buffer;
    try {
      data = await fs.readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        if (!optional) {
          emit(
            processingResult.notFoundError(
              location,
              `Repository "${location.target}" has no catalog-info.yaml in ${this.options.baseDir}`,
            ),
          );
        }
        return true;
      }
      throw error;
    }
    for await (const result of parser({ data, location })) {
      emit(result);
    }
    return true;
  }
}
