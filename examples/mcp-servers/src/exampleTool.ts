import type {
  CallToolResult,
  InputRequiredResult,
  McpServer,
  ServerContext,
  ToolAnnotations,
} from '@modelcontextprotocol/server';
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
  /**
   * The arguments, as a zod shape. An argument whose schema carries
   * `.meta({ 'x-mcp-header': 'Name' })` is mirrored by 2026-07-28 clients into an
   * `Mcp-Param-Name` HTTP header, which the server checks against the body.
   */
  inputSchema: S;
  annotations: ToolAnnotations;
  handler: (
    args: z.infer<z.ZodObject<S>>,
    ctx: ServerContext,
  ) =>
    | Promise<CallToolResult | InputRequiredResult>
    | CallToolResult
    | InputRequiredResult;
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
        inputSchema: z.object(tool.inputSchema),
        annotations: { title: tool.title, ...tool.annotations },
      },
      async (args, ctx) => {
        const stopTimer = metrics.duration.startTimer({ tool_name: tool.name });
        let status = 'success';
        try {
          const result = await tool.handler(args, ctx);
          if ('isError' in result && result.isError) status = 'error';
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
