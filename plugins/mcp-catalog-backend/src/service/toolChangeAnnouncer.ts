import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  MCP_TOOL_CHANGES_TOPIC,
  McpToolChangeEvent,
} from '@mcp-platform/plugin-mcp-catalog-common';

/**
 * Publishes a tool change; a failure is logged, never fails the change itself (the caches it
 * concerns expire within seconds anyway).
 */
export function toolChangeAnnouncer(options: {
  events?: EventsService;
  logger: LoggerService;
}) {
  return async (change: McpToolChangeEvent) => {
    if (!options.events) return;
    try {
      await options.events.publish({
        topic: MCP_TOOL_CHANGES_TOPIC,
        eventPayload: change,
      });
    } catch (error) {
      options.logger.warn(
        `Could not announce the ${change.change} change of ${change.serverRef}${
          change.toolName ? `#${change.toolName}` : ''
        }: ${(error as Error).message}`,
      );
    }
  };
}
