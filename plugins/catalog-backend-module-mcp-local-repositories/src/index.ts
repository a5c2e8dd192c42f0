/**
 * Catalog module that reads the repositories the MCP server template's `publish:local` step
 * creates (locations of type `mcp-local-repo`), so a development backend registers them without
 * GitHub.
 *
 * @packageDocumentation
 */
export { catalogModuleMcpLocalRepositories as default } from './catalogModuleMcpLocalRepositories';
export { catalogModuleMcpLocalRepositories } from './catalogModuleMcpLocalRepositories';
export { LocalRepositoryLocationProcessor } from './LocalRepositoryLocationProcessor';
export {
  LOCAL_REPOSITORY_LOCATION_TYPE,
  LOCAL_REPOSITORY_NAME,
  readLocalRepositoriesDir,
} from './localRepositories';
