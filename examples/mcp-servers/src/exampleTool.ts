import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type {
  CallToolResult,
  ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ToolMetrics } from './toolMetrics';

/** A failure the caller can act on; its message is returned to the model as the tool result. */
export class ToolInputError extends Error {
  name = 'ToolInputError';
}

/** A tool of an example server: the schema drives both validation and the handler's types. */
export interface ExampleTool<S extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  inputSchema: S;
  annotations: ToolAnnotations;
  handler: (
    args: z.infer<z.ZodObject<S>>,
  ) => Promise<CallToolResult> | CallToolResult;
}

/** Declares a tool with its argument types inferred from `inputSchema`. */
export function defineTool<S extends z.ZodRawShape>(
  tool: ExampleTool<S>,
): ExampleTool {
  return tool as unknown as ExampleTool;
}

/** A tool result carrying JSON, both as text (for any client) and as structured content. */
export function jsonResult(value: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(value, null, 2) }],
    structuredContent: value,
  };
}

/**
 * Registers tools so that every call is counted and timed in the golden-path metrics,
 * whatever its outcome: a thrown error becomes an `isError` result, as the MCP spec asks.
 */
export function registerInstrumentedTools(
  server: McpServer,
  metrics: ToolMetrics,
  tools: ExampleTool[],
) {
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.inputSchema,
        annotations: { title: tool.title, ...tool.annotations },
      },
      async (args: unknown) => {
        const stopTimer = metrics.duration.startTimer({ tool_name: tool.name });
        let status = 'success';
        try {
          const result = await tool.handler(
            args as z.infer<z.ZodObject<z.ZodRawShape>>,
          );
          if (result.isError) status = 'error';
          return result;
        } catch (error) {
          status = 'error';
          const message =
            error instanceof ToolInputError
              ? error.message
              : `Internal error in ${tool.name}; the failure was logged.`;
          return { isError: true, content: [{ type: 'text', text: message }] };
        } finally {
          stopTimer();
          metrics.invocations.inc({ tool_name: tool.name, status });
        }
      },
    );
  }
}
