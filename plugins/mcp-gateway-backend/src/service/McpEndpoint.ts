import { mcpServerEntityRef } from '@mcp-platform/plugin-mcp-catalog-common';
import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { toNodeHandler } from '@modelcontextprotocol/node';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayScope } from '../gateway/GatewayScope';
import { GatewayCaller } from '../gateway/GatewayCaller';
import { GatewayService } from '../gateway/GatewayService';
import {
  authInfoOf,
  GatewayMcpHandler,
  GatewayRequestContext,
} from '../mcp/createGatewayMcpHandler';
import { answerToolCall, plainToolCall } from '../mcp/fastToolCall';
import { declaresParamHeaders } from '../upstream/wireToolCall';
import { CallerResolver } from './CallerResolver';
import { RequestGuard } from './RequestGuard';

const VERIFIED_TTL_MS = 10_000;
const MAX_VERIFIED = 10_000;

/** A request body that could not be read as JSON, answered before the MCP layer. */
class BodyError extends Error {
  constructor(readonly status: number, readonly code: number, message: string) {
    super(message);
  }
}

/**
 * Reads a JSON request body up to `limit` bytes. The gateway reads bodies itself rather than
 * through a body-parser middleware so that both of its listeners (Backstage's router and the
 * data-plane port) answer a bad body the same way, as JSON-RPC.
 */
function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit)
    return Promise.reject(
      new BodyError(
        413,
        -32600,
        `Request body of ${declared} bytes exceeds the gateway's limit of ${limit} bytes (mcpGateway.maxRequestBytes)`,
      ),
    );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(
          new BodyError(
            413,
            -32600,
            `Request body exceeds the gateway's limit of ${limit} bytes (mcpGateway.maxRequestBytes)`,
          ),
        );
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > limit) return;
      const text =
        chunks.length === 1
          ? chunks[0].toString('utf8')
          : Buffer.concat(chunks).toString('utf8');
      if (!text.trim()) {
        resolve(undefined);
        return;
      }
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(
          new BodyError(
            400,
            -32700,
            'Parse error: the request body is not valid JSON',
          ),
        );
      }
    });
  });
}

function writeJsonRpcError(
  res: ServerResponse,
  status: number,
  message: string,
  options: { code?: number; headers?: Record<string, string> } = {},
) {
  res
    .writeHead(status, {
      'content-type': 'application/json',
      ...options.headers,
    })
    .end(
      JSON.stringify({
        jsonrpc: '2.0',
        error: { code: options.code ?? -32000, message },
        id: null,
      }),
    );
}

/**
 * One MCP endpoint request, from the raw HTTP exchange to the answer: DNS-rebinding check,
 * authentication (a 401 with `WWW-Authenticate` naming the RFC 9728 metadata), the caller's
 * identity, then the fast path for plain tool calls or the SDK's entry for everything else.
 * It works on Node's own request and response, so Backstage's router and the gateway's
 * data-plane listener serve the same endpoint.
 */
export class McpEndpoint {
  // A token verified and its caller resolved are reused briefly: verifying a signed token and
  // reading the caller's groups and visible servers for every call would cost more than the
  // call. A token is a bearer secret, so the same string is the same caller.
  // The caller of a token in use is resolved again in the background in the last quarter of
  // its time (as policy decisions are), so calls do not wait on it every VERIFIED_TTL_MS.
  private readonly verified = new Map<
    string,
    { caller: GatewayCaller; expiresAt: number; renewing?: boolean }
  >();
  private readonly node: ReturnType<typeof toNodeHandler>;
  /** Who callers are (shared with the REST routes). */
  readonly callers: CallerResolver;

  constructor(
    private readonly options: {
      logger: LoggerService;
      httpAuth: HttpAuthService;
      service: GatewayService;
      handler: GatewayMcpHandler;
      callers: CallerResolver;
      maxRequestBytes: number;
      /** Answer plain `tools/call` requests without the SDK's entry (see fastToolCall.ts). */
      fastPath: boolean;
      serverInfo: { name: string; version: string };
    },
  ) {
    this.callers = options.callers;
    this.node = toNodeHandler(options.handler, {
      maxRequestBodySize: options.maxRequestBytes,
      onerror: error =>
        options.logger.error(`MCP gateway request failed: ${error.message}`),
    });
  }

  /** The caller of a request, or why there is none (already answered). */
  private async callerOf(
    req: IncomingMessage,
    res: ServerResponse,
    guard: RequestGuard,
    path: string,
  ): Promise<GatewayCaller | undefined> {
    const authorization = req.headers.authorization;
    const known = authorization ? this.verified.get(authorization) : undefined;
    const now = Date.now();
    if (known && known.expiresAt > now) {
      if (known.expiresAt - now <= VERIFIED_TTL_MS / 4 && !known.renewing) {
        known.renewing = true;
        this.identify(req).then(
          caller => this.remember(authorization!, caller),
          // No longer valid (expired, revoked, or its user gone): the next call finds out.
          () => this.verified.delete(authorization!),
        );
      }
      return known.caller;
    }
    let caller: GatewayCaller;
    try {
      caller = await this.identify(req);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        writeJsonRpcError(
          res,
          401,
          'Sign in: send a Backstage token as "Authorization: Bearer <token>"',
          {
            headers: {
              'www-authenticate': `Bearer resource_metadata="${await guard.resourceMetadataUrl(
                path,
              )}"`,
            },
          },
        );
        return undefined;
      }
      if (error instanceof NotAllowedError) {
        writeJsonRpcError(res, 403, error.message);
        return undefined;
      }
      throw error;
    }
    if (authorization) this.remember(authorization, caller);
    return caller;
  }

  /** Verifies a request's credentials and resolves its caller. */
  private async identify(req: IncomingMessage): Promise<GatewayCaller> {
    const credentials = await this.options.httpAuth.credentials(
      req as Parameters<HttpAuthService['credentials']>[0],
      { allow: ['user', 'service'] },
    );
    return this.options.callers.resolve(credentials);
  }

  private remember(authorization: string, caller: GatewayCaller) {
    if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
    this.verified.set(authorization, {
      caller,
      expiresAt: Date.now() + VERIFIED_TTL_MS,
    });
  }

  /**
   * Serves one request to the endpoint at `path` (relative to the gateway's base URL, e.g.
   * `/v1/mcp`) for `scope`, checked by `guard` (each listener has its own public URL).
   */
  async serve(
    req: IncomingMessage,
    res: ServerResponse,
    scope: GatewayScope,
    path: string,
    guard: RequestGuard,
  ): Promise<void> {
    try {
      await this.serveChecked(req, res, scope, path, guard);
    } catch (error) {
      this.options.logger.error(
        `MCP gateway request to ${path} failed: ${error}`,
      );
      // The details (which service, what to fix) are for the operators' log.
      if (res.headersSent) res.destroy();
      else if (error instanceof ServiceUnavailableError)
        writeJsonRpcError(
          res,
          503,
          'The MCP gateway cannot reach the platform services it depends on; try again later',
          { code: -32603 },
        );
      else
        writeJsonRpcError(res, 500, 'The MCP gateway failed; try again', {
          code: -32603,
        });
    }
  }

  private async serveChecked(
    req: IncomingMessage,
    res: ServerResponse,
    scope: GatewayScope,
    path: string,
    guard: RequestGuard,
  ) {
    const refused = await guard.check(req);
    if (refused) {
      req.resume();
      writeJsonRpcError(res, 403, refused);
      return;
    }
    let body: unknown;
    if (req.method === 'POST') {
      try {
        body = await readJsonBody(req, this.options.maxRequestBytes);
      } catch (error) {
        if (!(error instanceof BodyError)) throw error;
        writeJsonRpcError(res, error.status, error.message, {
          code: error.code,
        });
        return;
      }
    }
    const caller = await this.callerOf(req, res, guard, path);
    if (!caller) return;
    const context: GatewayRequestContext = {
      caller,
      scope,
      requestBytes: Number(req.headers['content-length'] ?? 0),
      body,
    };
    const plain = this.options.fastPath
      ? plainToolCall(req.headers, body)
      : undefined;
    if (plain) {
      const controller = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      const definition = await this.options.service.definitionFor(
        scope,
        plain.name,
        controller.signal,
      );
      if (definition && !declaresParamHeaders(definition)) {
        const answer = await answerToolCall({
          call: plain,
          context,
          service: this.options.service,
          serverInfo: this.options.serverInfo,
          signal: controller.signal,
        });
        // With its length, Node sends headers and body in one write rather than chunks.
        res
          .writeHead(answer.status, {
            ...answer.headers,
            'content-length': String(Buffer.byteLength(answer.body)),
          })
          .end(answer.body);
        return;
      }
    }
    (req as IncomingMessage & { auth?: unknown }).auth = authInfoOf(
      (req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''),
      context,
    );
    // A rate-limited call also answers 429 with Retry-After (before the body goes out).
    const writeHead = res.writeHead.bind(res);
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      if (context.rateLimited && status === 200) {
        res.setHeader(
          'Retry-After',
          String(context.rateLimited.retryAfterSeconds),
        );
        return (writeHead as (...a: unknown[]) => ServerResponse)(429, ...rest);
      }
      return (writeHead as (...a: unknown[]) => ServerResponse)(
        status,
        ...rest,
      );
    }) as typeof res.writeHead;
    await this.node(req, res, body);
  }
}

/** The scope an endpoint path (relative to the gateway base) addresses, if it is one. */
export function scopeOfPath(path: string): GatewayScope | undefined {
  if (path === '/v1/mcp') return { kind: 'aggregate' };
  const server = /^\/v1\/servers\/([^/]+)\/([^/]+)\/mcp$/.exec(path);
  if (server) {
    const [namespace, name] = [server[1], server[2]].map(safeDecode);
    if (namespace === undefined || name === undefined) return undefined;
    return {
      kind: 'server',
      ref: mcpServerEntityRef(namespace, name),
    };
  }
  const profile = /^\/v1\/profiles\/([^/]+)\/mcp$/.exec(path);
  if (profile) {
    const name = safeDecode(profile[1]);
    return name === undefined ? undefined : { kind: 'profile', name };
  }
  return undefined;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
