import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { McpToolCollatorFactory } from './McpToolCollatorFactory';

/**
 * Indexes MCP tools in Backstage search as documents of type `mcp-tool`. Schedule:
 * `mcpCatalog.search.schedule` (default every 10 minutes, first run after 1 minute).
 * @public
 */
export const searchModuleMcpToolCollator = createBackendModule({
  pluginId: 'search',
  moduleId: 'mcp-tool-collator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({ config, discovery, auth, scheduler, indexRegistry }) {
        const scheduleConfig = config.getOptionalConfig(
          'mcpCatalog.search.schedule',
        );
        const schedule = scheduleConfig
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
          : {
              frequency: { minutes: 10 },
              timeout: { minutes: 15 },
              initialDelay: { minutes: 1 },
            };
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(schedule),
          factory: new McpToolCollatorFactory({ discovery, auth }),
        });
      },
    });
  },
});
