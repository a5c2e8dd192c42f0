import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  ProtocolError,
  SdkError,
  SdkErrorCode,
  SdkHttpError,
} from '@modelcontextprotocol/client';
import type { GuardedRequester } from '@mcp-platform/plugin-mcp-catalog-node';
import { checkOutput } from './checkOutput';
import {
  answerFor,
  decodeResult,
  JsonRpcAnswer,
  readEventStream,
  readText,
} from './wireAnswers';

/*
 * Why the gateway speaks HTTP to its upstreams itself for plain tool calls: the SDK client's
 * `callTool` costs about 0.6 ms of CPU per call here (request bookkeeping, web Request/Response
 * objects, era codecs, zod parsing of the whole message), four times what the exchange itself
 * costs, and more than the gateway's whole budget. A connection is still made, and everything
 * else (handshakes, `server/discover`, tools/list, calls to tools that declare Mcp-Param
 * headers) still goes through the SDK client; this sends exactly the request the SDK client
 * sends on that connection and reads the answer as it would: the same headers, envelope,
 * result checks, output-schema check, cancellation and errors. A differential test holds the
 * two to the same requests and answers. One difference is deliberate: structured content is
 * checked against the tool's output schema (as the spec asks of clients), where the SDK client
 * checks it only against tool lists held in its response cache, which the gateway's
 * connections do not keep.
 */

/** What a call needs of an established SDK connection. */
export interface WireSession {
  url: URL;
  era: 'modern' | 'legacy';
  protocolVersion: string;
  sessionId?: () => string | undefined;
  clientInfo: { name: string; version: string };
  send: GuardedRequester;
  maxResponseBytes: number;
}

/** The size of the upstream's answer of a result a direct call returned (for metering). */
export const answerBytes = new WeakMap<CallToolResult, number>();

/** Ids of direct calls: far above the SDK client's own counter on the same connection. */
let nextId = 1_000_000_000;

/** Tool names that go in the `Mcp-Name` header as they are (no sentinel encoding needed). */
const PLAIN_NAME = /^[A-Za-z0-9_.\-/]{1,128}$/;

const headerDeclarations = new WeakMap<Tool, boolean>();

/**
 * Whether a tool's input schema declares Mcp-Param headers (`x-mcp-header`), which only the SDK
 * checks and sends. Once per definition object: a schema can be kilobytes, a call repeats it.
 */
export function declaresParamHeaders(tool: Tool): boolean {
  let declares = headerDeclarations.get(tool);
  if (declares === undefined) {
    declares = JSON.stringify(tool.inputSchema).includes('"x-mcp-header"');
    headerDeclarations.set(tool, declares);
  }
  return declares;
}

/** Whether a call to this tool can go direct (else the SDK client makes it). */
export function wireCallable(name: string, definition: Tool): boolean {
  return PLAIN_NAME.test(name) && !declaresParamHeaders(definition);
}

/**
 * Calls a tool on an upstream over an established connection, the way the SDK client would,
 * with one HTTP request. Throws what the SDK client throws: a ProtocolError for the upstream's
 * JSON-RPC errors and bad results, an SdkHttpError for an HTTP error status, an SdkError for
 * an answer it cannot read, the signal's reason when aborted.
 */
export async function wireToolCall(
  session: WireSession,
  name: string,
  args: Record<string, unknown> | undefined,
  definition: Tool,
  signal: AbortSignal,
): Promise<CallToolResult> {
  const id = nextId++;
  const modern = session.era === 'modern';
  const params: Record<string, unknown> = { name, arguments: args };
  if (modern)
    params._meta = {
      [PROTOCOL_VERSION_META_KEY]: session.protocolVersion,
      [CLIENT_INFO_META_KEY]: session.clientInfo,
      [CLIENT_CAPABILITIES_META_KEY]: {},
    };
  const headers: Record<string, string> = {
    'mcp-protocol-version': session.protocolVersion,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  const sessionId = session.sessionId?.();
  if (sessionId) headers['mcp-session-id'] = sessionId;
  if (modern) {
    headers['mcp-method'] = 'tools/call';
    headers['mcp-name'] = name;
  }
  // Messages that are not requests (a cancellation, a reply) carry no Mcp-Method / Mcp-Name.
  const notify = (message: unknown) => {
    const {
      'mcp-method': _method,
      'mcp-name': _name,
      ...noticeHeaders
    } = headers;
    return session
      .send(session.url, {
        method: 'POST',
        headers: noticeHeaders,
        body: JSON.stringify(message),
        redirect: 'same-origin',
      })
      .then(answer => answer.body.dump())
      .catch(() => {});
  };
  // Cancellation as the SDK client does it: a 2026 request is aborted (the signal goes to the
  // request), a 2025 one is also followed by notifications/cancelled (and not read further).
  const onAbort = () =>
    void notify({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: id, reason: String(signal.reason) },
    });
  if (signal.aborted) throw signal.reason;
  if (!modern) signal.addEventListener('abort', onAbort, { once: true });
  try {
    const answer = await session.send(session.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params,
      }),
      signal,
      redirect: 'same-origin',
    });
    const body = answer.body as unknown as NodeJS.ReadableStream &
      AsyncIterable<Buffer> & {
        destroy(): void;
        dump(options?: { signal?: AbortSignal }): Promise<void>;
      };
    const type = String(answer.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (answer.statusCode < 200 || answer.statusCode >= 300) {
      const text = await readText(body, session.maxResponseBytes).catch(
        () => '',
      );
      if (answer.statusCode === 400 && modern) {
        // A 2026 server answers some errors with 400 and the JSON-RPC error in the body.
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        const rpc = answerFor(parsed, id);
        if (rpc?.error)
          throw ProtocolError.fromError(
            rpc.error.code,
            rpc.error.message,
            rpc.error.data,
          );
      }
      throw new SdkHttpError(
        SdkErrorCode.ClientHttpNotImplemented,
        `Error POSTing to endpoint: ${text}`,
        {
          status: answer.statusCode,
          statusText: answer.statusText,
          text,
        },
      );
    }
    let rpc: JsonRpcAnswer | undefined;
    let bytes: number | undefined;
    if (type === 'application/json') {
      const text = await readText(body, session.maxResponseBytes);
      bytes = text.length;
      rpc = answerFor(JSON.parse(text), id);
    } else if (type === 'text/event-stream') {
      // A 2025 server may ask its client something mid-call (answered "method not found"); a
      // 2026 one has no such requests (it returns input_required instead): ignored, as the SDK
      // client ignores them.
      rpc = await readEventStream(
        body,
        id,
        session.maxResponseBytes,
        modern ? undefined : notify,
      );
    } else {
      await body.dump();
      throw new SdkError(
        SdkErrorCode.ClientHttpUnexpectedContent,
        `Unexpected content type: ${answer.headers['content-type']}`,
        { contentType: answer.headers['content-type'] },
      );
    }
    if (!rpc)
      throw new SdkError(
        SdkErrorCode.InvalidResult,
        'The server answered without a response to the call',
      );
    if (rpc.error)
      throw ProtocolError.fromError(
        rpc.error.code,
        rpc.error.message,
        rpc.error.data,
      );
    const result = decodeResult(rpc.result, modern);
    checkOutput(name, definition, result);
    if (bytes !== undefined) answerBytes.set(result, bytes);
    return result;
  } catch (error) {
    if (signal.aborted) {
      // A deadline is the SDK client's timeout error; a caller's abort is its reason.
      const reason = signal.reason;
      if (reason instanceof DOMException && reason.name === 'TimeoutError')
        throw new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out');
      throw reason;
    }
    throw error;
  } finally {
    if (!modern) signal.removeEventListener('abort', onAbort);
  }
}
