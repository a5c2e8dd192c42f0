import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
  ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Logger } from './logger.js';
import type { ToolMetrics } from './metrics.js';
import type { ToolRateLimiter } from './rateLimiter.js';

/** Who is calling, from the validated access token (absent over stdio or without auth). */
export interface Caller {
  subject: string;
  clientId?: string;
  scopes: string[];
}

/** What a tool handler gets besides its arguments. */
export interface ToolContext {
  logger: Logger;
  caller?: Caller;
  /** Aborted when the client cancels the call or disconnects. */
  signal: AbortSignal;
  /** Counts LLM tokens the tool spent, for the platform's cost dashboards. */
  recordLlmTokens(
    model: string,
    usage: { input?: number; output?: number; cached?: number },
  ): void;
}

/** A tool of this server: its zod schema validates the arguments and types the handler. */
export interface GoldenPathTool<S extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  inputSchema: S;
  outputSchema?: z.ZodRawShape;
  annotations: ToolAnnotations;
  handler(
    args: z.infer<z.ZodObject<S>>,
    context: ToolContext,
  ): Promise<CallToolResult> | CallToolResult;
}

/** Declares a tool, inferring its handler's argument types from `inputSchema`. */
export function defineTool<S extends z.ZodRawShape>(
  tool: GoldenPathTool<S>,
): GoldenPathTool {
  return tool as unknown as GoldenPathTool;
}

/** A failure the caller can act on: its message is returned to the model as the tool result. */
export class ToolInputError extends Error {
  override name = 'ToolInputError';
}

/** A tool result carrying JSON, as text for any client and as structured content. */
export function jsonResult(value: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(value) }],
    structuredContent: value,
  };
}

/** A tool error result, which the model sees and can react to (MCP tool execution error). */
export function errorResult(
  message: string,
  meta?: Record<string, unknown>,
): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: message }],
    _meta: meta,
  };
}

/** The services every tool call goes through. */
export interface GoldenPathServices {
  metrics: ToolMetrics;
  rateLimiter: ToolRateLimiter;
  logger: Logger;
}

type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

function callerOf(extra: RequestExtra): Caller | undefined {
  const auth = extra.authInfo;
  if (!auth) return undefined;
  const subject = auth.extra?.subject;
  return {
    subject: typeof subject === 'string' ? subject : auth.clientId,
    clientId: auth.clientId,
    scopes: auth.scopes,
  };
}

/**
 * Wraps a tool handler in the golden-path middleware: per-tool rate limit, metrics, structured
 * logging, and errors turned into tool error results (internal details stay in the log).
 * The golden-path lint fails the build when a tool is registered without it.
 */
export function withGoldenPathMiddleware(
  tool: GoldenPathTool,
  services: GoldenPathServices,
) {
  const { metrics, rateLimiter } = services;
  const logger = services.logger.child({ tool: tool.name });
  const recorder = metrics.forTool(tool.name);
  const recordLlmTokens: ToolContext['recordLlmTokens'] = (model, usage) =>
    metrics.recordLlmTokens(model, usage);

  return async (
    args: unknown,
    extra: RequestExtra,
  ): Promise<CallToolResult> => {
    const caller = callerOf(extra);
    const limit = rateLimiter.take(tool.name);
    if (!limit.allowed) {
      recorder.rateLimited();
      logger.warn('tool call rate limited', {
        status: 'rate_limited',
        caller: caller?.subject,
        requestId: extra.requestId,
        retryAfterMs: limit.retryAfterMs,
      });
      return errorResult(
        `Rate limit exceeded for tool "${tool.name}": at most ${
          rateLimiter.perMinute
        } calls per minute. Retry in ${Math.ceil(
          limit.retryAfterMs / 1000,
        )} s.`,
        {
          'mcp-platform.io/rate-limited': true,
          'mcp-platform.io/retry-after-ms': limit.retryAfterMs,
        },
      );
    }

    const startedAt = performance.now();
    let status: 'success' | 'error' = 'success';
    try {
      const result = await tool.handler(args as never, {
        logger,
        caller,
        signal: extra.signal,
        recordLlmTokens,
      });
      if (result.isError) status = 'error';
      return result;
    } catch (error) {
      status = 'error';
      if (error instanceof ToolInputError) return errorResult(error.message);
      logger.error('tool failed', { requestId: extra.requestId, error });
      return errorResult(
        `Internal error in tool "${tool.name}" (request ${String(
          extra.requestId,
        )}); the failure was logged.`,
      );
    } finally {
      const seconds = (performance.now() - startedAt) / 1000;
      recorder.completed(status, seconds);
      logger.info('tool call', {
        status,
        durationMs: Math.round(seconds * 1e6) / 1e3,
        caller: caller?.subject,
        requestId: extra.requestId,
      });
    }
  };
}

/** A tool with its handler already wrapped in {@link withGoldenPathMiddleware}. */
export interface GuardedTool {
  tool: GoldenPathTool;
  guardedHandler: ReturnType<typeof withGoldenPathMiddleware>;
}

/**
 * Wraps every tool once at start-up (the HTTP transport builds a server per request, so the
 * per-call path does no set-up work) and refuses duplicate names.
 */
export function guardTools(
  tools: readonly GoldenPathTool[],
  services: GoldenPathServices,
): GuardedTool[] {
  const seen = new Set<string>();
  return tools.map(tool => {
    if (seen.has(tool.name))
      throw new Error(`Tool "${tool.name}" is defined twice`);
    seen.add(tool.name);
    return { tool, guardedHandler: withGoldenPathMiddleware(tool, services) };
  });
}

/** Registers guarded tools on a server. The only place that calls `registerTool`. */
export function registerGoldenPathTools(
  server: McpServer,
  tools: readonly GuardedTool[],
): void {
  for (const { tool, guardedHandler } of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.inputSchema,
        outputSchema: tool.outputSchema,
        annotations: { title: tool.title, ...tool.annotations },
      },
      guardedHandler,
    );
  }
}
