import {
  CLIENT_CAPABILITIES_META_KEY,
  createMcpHandler,
  fromJsonSchema,
  isLegacyRequest,
  McpServer,
  MissingRequiredClientCapabilityError,
  ProtocolError,
  ProtocolErrorCode,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';
import type {
  AuthInfo,
  CallToolResult,
  JsonSchemaType,
  ServerContext,
} from '@modelcontextprotocol/server';
import { SchemaCompiler } from '../upstream/SchemaCompiler';
import { GatewayCaller } from '../gateway/GatewayCaller';
import { GatewayRefusal } from '../gateway/GatewayRefusal';
import { GatewayService } from '../gateway/GatewayService';
import { GatewayScope } from '../gateway/GatewayScope';

/** What the HTTP layer hands each MCP request, through the SDK's `authInfo` pass-through. */
export interface GatewayRequestContext {
  caller: GatewayCaller;
  scope: GatewayScope;
  requestBytes: number;
  /** The parsed JSON-RPC body (the SDK's factory does not get it). */
  body?: unknown;
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

/** What `toNodeHandler` needs of an MCP HTTP handler, and the change notifications. */
export interface GatewayMcpHandler {
  fetch(
    request: Request,
    options?: { authInfo?: AuthInfo; parsedBody?: unknown },
  ): Promise<Response>;
  /** Tells subscribed 2026-07-28 clients that tool lists changed. */
  toolsChanged(): void;
  close(): Promise<void>;
}

/**
 * An upstream's "missing client capability" (-32021) is about the gateway's own request to it,
 * which declares none: the gateway relays results, not the input rounds (sampling, elicitation)
 * a tool may ask its client for. A caller that did not declare the capability either gets the
 * same error, about its own request; one that did is told the gateway cannot relay the round.
 */
function relayedCapabilityError(
  error: ProtocolError,
  declared: Record<string, unknown>,
) {
  const required = ((error.data as { requiredCapabilities?: object })
    ?.requiredCapabilities ?? {}) as Record<string, unknown>;
  const missing = Object.keys(required).filter(c => declared[c] === undefined);
  if (missing.length)
    return new MissingRequiredClientCapabilityError({
      requiredCapabilities: Object.fromEntries(
        missing.map(c => [c, required[c]]),
      ),
    });
  return new ProtocolError(
    ProtocolErrorCode.InternalError,
    `The tool asks its client for ${Object.keys(required).join(
      ', ',
    )}, which the MCP gateway does not relay; call the server directly for this tool.`,
  );
}

/** The capabilities the caller declared with the request (2026-07-28; a stateless 2025 request has none). */
function declaredCapabilities(ctx: ServerContext): Record<string, unknown> {
  const meta = ctx.mcpReq._meta as Record<string, unknown> | undefined;
  return (meta?.[CLIENT_CAPABILITIES_META_KEY] ?? {}) as Record<
    string,
    unknown
  >;
}

/**
 * A tool call as the caller gets it, whichever way the request came in (the SDK's entry or the
 * fast path): the result, a refusal as a tool error the model can read, or a JSON-RPC error
 * (unknown tool, rate limit, a missing client capability, the upstream's own errors).
 */
export async function callForClient(
  service: GatewayService,
  context: GatewayRequestContext,
  name: string,
  args: Record<string, unknown> | undefined,
  signal: AbortSignal,
  declared: Record<string, unknown>,
): Promise<CallToolResult> {
  try {
    return await service.callTool(context.caller, context.scope, name, args, {
      signal,
      requestBytes: context.requestBytes,
    });
  } catch (error) {
    if (
      error instanceof ProtocolError &&
      error.code === ProtocolErrorCode.MissingRequiredClientCapability
    )
      throw relayedCapabilityError(error, declared);
    if (!(error instanceof GatewayRefusal)) throw error;
    if (error.extra.unknownTool) throw new ProtocolError(-32602, error.message);
    const why = error.extra.rule
      ? `${error.message} (rule ${error.extra.rule}${
          error.extra.decisionId ? `, decision ${error.extra.decisionId}` : ''
        })`
      : error.message;
    if (error.kind === 'rate-limit') {
      context.rateLimited = {
        retryAfterSeconds: error.extra.retryAfterSeconds ?? 60,
      };
      // A limit a policy rule lowered (a throttle) names the rule and its logged decision.
      throw new ProtocolError(RATE_LIMITED_CODE, why, {
        retryAfterSeconds: error.extra.retryAfterSeconds,
        ...(error.extra.rule
          ? { rule: error.extra.rule, decisionId: error.extra.decisionId }
          : {}),
      });
    }
    return {
      isError: true,
      content: [{ type: 'text', text: `Refused by the MCP gateway: ${why}` }],
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
}

/** The tool name of a `tools/call` body, if that is what it is. */
function calledTool(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return undefined;
  const { method, params } = body as { method?: unknown; params?: unknown };
  if (method !== 'tools/call' || !params || typeof params !== 'object')
    return undefined;
  const name = (params as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The gateway's MCP endpoint: the SDK's HTTP entry (both revisions on one URL: 2026-07-28
 * stateless, 2025-11-25 served statelessly) over an `McpServer` whose `tools/list` and
 * `tools/call` are the gateway's. A call registers the one tool it names, with its live input
 * schema, so the SDK checks the arguments and the SEP-2243 `Mcp-Param-*` headers as for any
 * server. A refused call is a tool error the model can read (the reason and, for policy
 * refusals, the rule); an unknown tool is a JSON-RPC error; a rate limit is a JSON-RPC error
 * with `retryAfterSeconds`, which the HTTP layer also turns into 429.
 */
export function createGatewayMcpHandler(options: {
  service: GatewayService;
  version: string;
  instructions: string;
}): GatewayMcpHandler {
  const { service } = options;
  // Input schemas compiled once each, across list refreshes (see SchemaCompiler).
  const validator = new SchemaCompiler();

  const serverFor = async ({ authInfo }: { authInfo?: AuthInfo }) => {
    const context = contextOf(authInfo);
    const server = new McpServer(
      { name: 'backstage-mcp-gateway', version: options.version },
      {
        capabilities: { tools: { listChanged: true }, logging: {} },
        instructions: options.instructions,
        jsonSchemaValidator: validator,
      },
    );
    const name = calledTool(context.body);
    const definition =
      name === undefined
        ? undefined
        : await service.definitionFor(
            context.scope,
            name,
            AbortSignal.timeout(30_000),
          );
    if (name !== undefined && definition) {
      // Registered so that the SDK's entry checks the SEP-2243 Mcp-Param-* headers against this
      // tool's schema; the call itself goes to the gateway's handler below, whose errors stay
      // JSON-RPC errors (McpServer's own handler would turn every error into a tool result).
      server.registerTool(
        name,
        {
          title: definition.title,
          description: definition.description,
          inputSchema: fromJsonSchema<Record<string, unknown>>(
            definition.inputSchema as JsonSchemaType,
            validator,
          ),
          annotations: definition.annotations,
        },
        () => ({ content: [] }),
      );
    }
    server.server.setRequestHandler('tools/list', async (_request, ctx) => {
      const offer = await service.listTools(
        context.caller,
        context.scope,
        ctx.mcpReq.signal,
      );
      return { tools: offer.tools.map(t => t.definition) };
    });
    server.server.setRequestHandler('tools/call', (request, ctx) =>
      callForClient(
        service,
        context,
        request.params.name,
        request.params.arguments as Record<string, unknown> | undefined,
        ctx.mcpReq.signal,
        declaredCapabilities(ctx),
      ),
    );
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
    const server = await serverFor({ authInfo: init?.authInfo });
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
    toolsChanged: () => modern.notify.toolsChanged(),
    close: () => modern.close(),
  };
}
