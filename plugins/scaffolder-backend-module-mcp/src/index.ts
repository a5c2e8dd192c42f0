/**
 * Scaffolder actions for creating MCP servers.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMcp as default } from './module';
export { createPublishLocalAction } from './actions/createPublishLocalAction';
export { createValidateMcpServerAction } from './actions/createValidateMcpServerAction';
export { createRegisterLocalRepositoryAction } from './actions/createRegisterLocalRepositoryAction';
export { catalogModuleMcpLocalRepositories } from './catalog/catalogModuleMcpLocalRepositories';
export { LocalRepositoryLocationProcessor } from './catalog/LocalRepositoryLocationProcessor';
export {
  LOCAL_REPOSITORY_LOCATION_TYPE,
  readLocalRepositoriesDir,
} from './localRepositories';
export { createPolicyCheckAction } from './actions/createPolicyCheckAction';
