import {
  type CallToolResult,
  type InputRequiredResult,
  type McpServer,
  ProtocolError,
  type ServerContext,
  type ToolAnnotations,
} from '@modelcontextprotocol/server';
import type { z } from 'zod';
import type { Logger } from './logger.js';
import type { ToolMetrics } from './metrics.js';
import type { ToolRateLimiter } from './rateLimiter.js';
import { currentPeerAddress } from './requestPeer.js';

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
  /**
   * The SDK's context of this request, for what the golden path does not wrap: the protocol era
   * (`mcp.mcpReq.envelope` on 2026-07-28 requests), progress, messages to the client's log
   * (`mcp.mcpReq.log`, delivered only when the client asked for them) and the answers to input
   * requests of an earlier round (`mcp.mcpReq.inputResponses`).
   */
  mcp: ServerContext;
}

/**
 * What a tool returns: a result, or (multi-round-trip) the input it needs from the client first,
 * built with `inputRequired(...)` from `@modelcontextprotocol/server`.
 */
export type ToolResult = CallToolResult | InputRequiredResult;

/** A tool of this server: its zod schema validates the arguments and types the handler. */
export interface GoldenPathTool<S extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  inputSchema: S;
  outputSchema?: z.ZodObject;
  annotations: ToolAnnotations;
  handler(
    args: z.output<S>,
    context: ToolContext,
  ): Promise<ToolResult> | ToolResult;
}

/** Declares a tool, inferring its handler's argument types from `inputSchema`. */
export function defineTool<S extends z.ZodObject>(
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

function callerOf(ctx: ServerContext): Caller | undefined {
  const auth = ctx.http?.authInfo;
  if (!auth) return undefined;
  const subject = auth.extra?.subject;
  return {
    subject: typeof subject === 'string' ? subject : auth.clientId,
    clientId: auth.clientId,
    scopes: auth.scopes,
  };
}

/**
 * Whose rate-limit bucket a call draws from: the token's subject (its client id when it has
 * none), else the network address of an anonymous HTTP client, else the one stdio client.
 */
function rateLimitKeyOf(
  caller: Caller | undefined,
  peer: string | undefined,
): string {
  if (caller) return `subject:${caller.subject}`;
  return peer ? `address:${peer}` : 'stdio';
}

/**
 * Wraps a tool handler in the golden-path middleware: rate limit per tool and caller, metrics,
 * structured logging, and errors turned into tool error results (internal details stay in the
 * log). Each round of a multi-round-trip call counts as a call. The golden-path lint fails the
 * build when a tool is registered without it.
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

  return async (args: unknown, ctx: ServerContext): Promise<ToolResult> => {
    const caller = callerOf(ctx);
    const peer = currentPeerAddress();
    const requestId = ctx.mcpReq.id;
    const limit = rateLimiter.take(tool.name, rateLimitKeyOf(caller, peer));
    if (!limit.allowed) {
      recorder.rateLimited();
      logger.warn('tool call rate limited', {
        status: 'rate_limited',
        caller: caller?.subject,
        peer,
        requestId,
        retryAfterMs: limit.retryAfterMs,
      });
      return errorResult(
        `Rate limit exceeded for tool "${tool.name}": at most ${
          rateLimiter.perMinute
        } calls per minute per caller. Retry in ${Math.ceil(
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
        signal: ctx.mcpReq.signal,
        recordLlmTokens,
        mcp: ctx,
      });
      if ('isError' in result && result.isError) status = 'error';
      return result;
    } catch (error) {
      status = 'error';
      if (error instanceof ToolInputError) return errorResult(error.message);
      // A protocol error (an SDK refusal such as a missing client capability) is the protocol's
      // answer to the client, not a failure of this tool.
      if (error instanceof ProtocolError) throw error;
      logger.error('tool failed', { requestId, error });
      return errorResult(
        `Internal error in tool "${tool.name}" (request ${String(
          requestId,
        )}); the failure was logged.`,
      );
    } finally {
      const seconds = (performance.now() - startedAt) / 1000;
      recorder.completed(status, seconds);
      logger.info('tool call', {
        status,
        durationMs: Math.round(seconds * 1e6) / 1e3,
        caller: caller?.subject,
        peer,
        requestId,
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
 * Wraps every tool once at start-up (the HTTP handler builds a server per request, so the
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
