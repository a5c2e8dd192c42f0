/**
 * Scaffolder actions for creating MCP servers.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMcp as default } from './module';
export { createPublishLocalAction } from './actions/createPublishLocalAction';
export { createValidateMcpServerAction } from './actions/createValidateMcpServerAction';
export { createRegisterLocalRepositoryAction } from './actions/createRegisterLocalRepositoryAction';
export { createPolicyCheckAction } from './actions/createPolicyCheckAction';
