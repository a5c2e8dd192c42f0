import type { CallToolResult } from '@modelcontextprotocol/client';
import { ProtocolError } from '@modelcontextprotocol/client';
import type { IncomingHttpHeaders } from 'node:http';
import { GatewayService } from '../gateway/GatewayService';
import {
  callForClient,
  GatewayRequestContext,
} from './createGatewayMcpHandler';

/*
 * Why a fast path: the SDK's HTTP entry builds a server per request, classifies the request,
 * converts it to and from web Request/Response objects and dispatches through the protocol
 * layer: about a millisecond per call on this hardware, more than the gateway's whole budget
 * (0.5 ms added at p50). Most traffic is one plain `tools/call`, which needs none of that
 * machinery; this path answers exactly those, the way the SDK's entry would, and hands every
 * other request (other methods, batches, missing or mismatched headers, tools that declare
 * Mcp-Param headers, anything unusual) to the SDK. A differential test holds its answers to the
 * SDK's, and the conformance suite runs against the endpoint.
 */

const PROTOCOL_VERSION_KEY = 'io.modelcontextprotocol/protocolVersion';
const CLIENT_CAPABILITIES_KEY = 'io.modelcontextprotocol/clientCapabilities';
const SERVER_INFO_KEY = 'io.modelcontextprotocol/serverInfo';
const MODERN = '2026-07-28';
/** The 2025-era revisions a stateless `tools/call` may name in its MCP-Protocol-Version header. */
const LEGACY_VERSIONS = new Set([
  '2025-11-25',
  '2025-06-18',
  '2025-03-26',
  '2024-11-05',
]);

/** A plain `tools/call` this path answers. */
export interface PlainToolCall {
  era: 'modern' | 'legacy';
  id: string | number;
  name: string;
  args?: Record<string, unknown>;
  declared: Record<string, unknown>;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

const accepts = (headers: IncomingHttpHeaders, type: string) =>
  (headers.accept ?? '').toLowerCase().includes(type);

/**
 * The request, when it is a plain `tools/call` whose answer needs nothing of the SDK's entry;
 * undefined otherwise (the SDK answers it).
 */
export function plainToolCall(
  headers: IncomingHttpHeaders,
  body: unknown,
): PlainToolCall | undefined {
  if (!isPlainObject(body) || body.jsonrpc !== '2.0') return undefined;
  if (body.method !== 'tools/call') return undefined;
  const { id, params } = body;
  if (
    typeof id !== 'string' &&
    !(typeof id === 'number' && Number.isSafeInteger(id))
  )
    return undefined;
  if (!isPlainObject(params) || typeof params.name !== 'string')
    return undefined;
  const args = params.arguments;
  if (args !== undefined && !isPlainObject(args)) return undefined;
  if (
    !accepts(headers, 'application/json') ||
    !accepts(headers, 'text/event-stream')
  )
    return undefined;
  if (
    !(headers['content-type'] ?? '')
      .toLowerCase()
      .startsWith('application/json')
  )
    return undefined;
  const meta = params._meta;
  if (meta !== undefined && !isPlainObject(meta)) return undefined;
  const version = headers['mcp-protocol-version'];
  if (meta?.[PROTOCOL_VERSION_KEY] !== undefined) {
    // 2026-07-28: the envelope, and the standard headers mirroring the body.
    if (meta[PROTOCOL_VERSION_KEY] !== MODERN || version !== MODERN)
      return undefined;
    if (
      headers['mcp-method'] !== 'tools/call' ||
      headers['mcp-name'] !== params.name
    )
      return undefined;
    if (!isPlainObject(meta[CLIENT_CAPABILITIES_KEY])) return undefined;
    return {
      era: 'modern',
      id,
      name: params.name,
      args,
      declared: meta[CLIENT_CAPABILITIES_KEY] as Record<string, unknown>,
    };
  }
  // A 2025-era request: no envelope, no 2026 headers, a 2025 revision (or none).
  if (headers['mcp-method'] !== undefined || headers['mcp-name'] !== undefined)
    return undefined;
  if (version !== undefined && !LEGACY_VERSIONS.has(String(version)))
    return undefined;
  return { era: 'legacy', id, name: params.name, args, declared: {} };
}

/** An HTTP answer. */
export interface FastAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Answers a plain tool call as the SDK's entry would: the JSON-RPC response in one JSON body,
 * with the result's `resultType` and the server's identity for 2026-07-28, errors in-band.
 */
export async function answerToolCall(options: {
  call: PlainToolCall;
  context: GatewayRequestContext;
  service: GatewayService;
  serverInfo: { name: string; version: string };
  signal: AbortSignal;
}): Promise<FastAnswer> {
  const { call, context, service } = options;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
  };
  try {
    const result: CallToolResult = await callForClient(
      service,
      context,
      call.name,
      call.args,
      options.signal,
      call.declared,
    );
    const body =
      call.era === 'modern'
        ? {
            result: {
              ...result,
              resultType: 'complete',
              _meta: { ...result._meta, [SERVER_INFO_KEY]: options.serverInfo },
            },
            jsonrpc: '2.0',
            id: call.id,
          }
        : { result, jsonrpc: '2.0', id: call.id };
    return { status: 200, headers, body: JSON.stringify(body) };
  } catch (error) {
    const code =
      error instanceof ProtocolError && Number.isSafeInteger(error.code)
        ? error.code
        : -32603;
    const message = error instanceof Error ? error.message : 'Internal error';
    const data = error instanceof ProtocolError ? error.data : undefined;
    let status = 200;
    if (context.rateLimited) {
      status = 429;
      headers['retry-after'] = String(context.rateLimited.retryAfterSeconds);
    } else if (call.era === 'modern' && code === -32021) status = 400;
    return {
      status,
      headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: call.id,
        error: { code, message, ...(data !== undefined ? { data } : {}) },
      }),
    };
  }
}
