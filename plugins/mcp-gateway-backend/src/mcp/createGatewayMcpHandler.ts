import {
  createMcpHandler,
  isLegacyRequest,
  ProtocolError,
  Server,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';
import type { AuthInfo } from '@modelcontextprotocol/server';
import {
  GatewayCaller,
  GatewayRefusal,
  GatewayService,
} from '../gateway/GatewayService';
import { GatewayScope } from '../gateway/GatewayScope';

/** What the HTTP layer hands each MCP request, through the SDK's `authInfo` pass-through. */
export interface GatewayRequestContext {
  caller: GatewayCaller;
  scope: GatewayScope;
  requestBytes: number;
  /** Set when a call was refused by a rate limit: the HTTP layer answers 429 with Retry-After. */
  rateLimited?: { retryAfterSeconds: number };
}

/** JSON-RPC code of a refused-by-rate-limit call: the spec names none, so a server-defined one. */
export const RATE_LIMITED_CODE = -32000;

/** The context of a request, from the SDK's auth pass-through. */
export function contextOf(
  authInfo: AuthInfo | undefined,
): GatewayRequestContext {
  const context = authInfo?.extra?.gateway as GatewayRequestContext | undefined;
  if (!context) throw new Error('gateway request without a caller');
  return context;
}

/** Wraps a request context as the SDK's `authInfo`. */
export function authInfoOf(
  token: string,
  context: GatewayRequestContext,
): AuthInfo {
  return {
    token,
    clientId: context.caller.principal,
    scopes: [],
    extra: { gateway: context },
  };
}

/**
 * The gateway's MCP endpoint: the SDK's HTTP entry (both revisions on one URL: 2026-07-28
 * stateless, 2025-11-25 served statelessly) over a low-level `Server` whose `tools/list` and
 * `tools/call` are the gateway's. A refused call is a tool error the model can read (the reason
 * and, for policy refusals, the rule); an unknown tool or endpoint is a JSON-RPC error; a rate
 * limit is a JSON-RPC error with `retryAfterSeconds`, which the HTTP layer also turns into 429.
 */
/** What `toNodeHandler` needs of an MCP HTTP handler. */
export interface GatewayMcpHandler {
  fetch(
    request: Request,
    options?: { authInfo?: AuthInfo; parsedBody?: unknown },
  ): Promise<Response>;
  close(): Promise<void>;
}

export function createGatewayMcpHandler(options: {
  service: GatewayService;
  version: string;
  instructions: string;
}): GatewayMcpHandler {
  const { service } = options;
  const serverFor = ({ authInfo }: { authInfo?: AuthInfo }) => {
    const context = contextOf(authInfo);
    const server = new Server(
      { name: 'backstage-mcp-gateway', version: options.version },
      {
        capabilities: { tools: { listChanged: true }, logging: {} },
        instructions: options.instructions,
      },
    );
    server.setRequestHandler('tools/list', async (_request, ctx) => {
      const offer = await service.listTools(
        context.caller,
        context.scope,
        ctx.mcpReq.signal,
      );
      return { tools: offer.tools.map(t => t.definition) };
    });
    server.setRequestHandler('tools/call', async (request, ctx) => {
      try {
        return await service.callTool(
          context.caller,
          context.scope,
          request.params.name,
          request.params.arguments as Record<string, unknown> | undefined,
          { signal: ctx.mcpReq.signal, requestBytes: context.requestBytes },
        );
      } catch (error) {
        if (!(error instanceof GatewayRefusal)) throw error;
        if (error.extra.unknownTool)
          throw new ProtocolError(-32602, error.message);
        if (error.kind === 'rate-limit') {
          context.rateLimited = {
            retryAfterSeconds: error.extra.retryAfterSeconds ?? 60,
          };
          throw new ProtocolError(RATE_LIMITED_CODE, error.message, {
            retryAfterSeconds: error.extra.retryAfterSeconds,
          });
        }
        const why = error.extra.rule
          ? `${error.message} (rule ${error.extra.rule}${
              error.extra.decisionId
                ? `, decision ${error.extra.decisionId}`
                : ''
            })`
          : error.message;
        return {
          isError: true,
          content: [
            {
              type: 'text' as const,
              text: `Refused by the MCP gateway: ${why}`,
            },
          ],
          structuredContent: {
            refused: {
              kind: error.kind,
              message: error.message,
              rule: error.extra.rule,
              decisionId: error.extra.decisionId,
            },
          },
        };
      }
    });
    return server;
  };
  // One JSON answer per request, in both eras: the gateway relays results, not progress
  // notifications, and a rate-limited call can still change the status to 429 before anything
  // is sent. The SDK's own 2025 fallback streams (SSE) when the client accepts it, so 2025-era
  // requests are routed here to a stateless transport in JSON mode instead.
  const modern = createMcpHandler(serverFor, {
    legacy: 'reject',
    responseMode: 'json',
  });
  const legacy = async (
    request: Request,
    init?: { authInfo?: AuthInfo; parsedBody?: unknown },
  ): Promise<Response> => {
    if (request.method.toUpperCase() !== 'POST')
      return Response.json(
        {
          jsonrpc: '2.0',
          error: {
            code: -32000,
            message: 'Method not allowed: the gateway is stateless; use POST.',
          },
          id: null,
        },
        { status: 405, headers: { allow: 'POST' } },
      );
    const server = serverFor({ authInfo: init?.authInfo });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request, init);
    } finally {
      transport.close().catch(() => {});
      server.close().catch(() => {});
    }
  };
  return {
    fetch: async (request, init) =>
      (await isLegacyRequest(request, init?.parsedBody))
        ? legacy(request, init)
        : modern.fetch(request, init),
    close: () => modern.close(),
  };
}
