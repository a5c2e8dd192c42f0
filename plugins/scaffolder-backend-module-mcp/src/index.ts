/**
 * Scaffolder actions for creating MCP servers.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMcp as default } from './module';
export { createPublishLocalAction } from './actions/createPublishLocalAction';
