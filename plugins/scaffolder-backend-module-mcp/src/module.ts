import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import path from 'node:path';
import { createPublishLocalAction } from './actions/createPublishLocalAction';

/** Scaffolder actions for creating MCP servers. */
export const scaffolderModuleMcp = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'mcp',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, config }) {
        const baseDir =
          config.getOptionalString('mcpScaffolder.localPublish.baseDir') ??
          path.join(process.cwd(), '.mcp-platform', 'repos');
        scaffolder.addActions(createPublishLocalAction({ baseDir }));
      },
    });
  },
});
