/**
 * Reading an upstream's answer to a direct tool call as the SDK client reads it: a JSON body or
 * an event stream, bounded in size, the response to our request id, decoded into a result.
 */
import type { CallToolResult } from '@modelcontextprotocol/client';
import {
  isCallToolResult,
  ProtocolErrorCode,
  SdkError,
  SdkErrorCode,
} from '@modelcontextprotocol/client';
import { ResponseTooLargeError } from '@mcp-platform/plugin-mcp-catalog-node';
import { createParser } from 'eventsource-parser';

/** A JSON-RPC response: its result or its error. */
export interface JsonRpcAnswer {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/** The JSON-RPC response to request `id` in a parsed message (or batch), if there is one. */
export function answerFor(
  message: unknown,
  id: number,
): JsonRpcAnswer | undefined {
  for (const m of Array.isArray(message) ? message : [message]) {
    if (!isObject(m) || m.jsonrpc !== '2.0' || m.id !== id) continue;
    if ('result' in m) return { result: m.result };
    if (isObject(m.error) && typeof m.error.code === 'number')
      return {
        error: {
          code: m.error.code,
          message: String(m.error.message ?? ''),
          data: m.error.data,
        },
      };
  }
  return undefined;
}

const tooLarge = (maxBytes: number) =>
  new ResponseTooLargeError(
    `Response exceeds the ${maxBytes}-byte limit (mcpCatalog.discovery.maxResponseBytes)`,
  );

/**
 * Reads a body whole, up to `maxBytes`. On the stream's events rather than its async iterator:
 * this runs once per relayed call, and the iterator costs a promise per chunk.
 */
export function readText(
  body: NodeJS.ReadableStream & { destroy(error?: Error): void },
  maxBytes: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let seen = 0;
    const onData = (chunk: Buffer) => {
      seen += chunk.byteLength;
      if (seen > maxBytes) {
        cleanup();
        // Destroying the body emits its abort as an error: nobody listens any more, so it is
        // swallowed here instead of crashing the process.
        body.on('error', () => {});
        body.destroy();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(
        chunks.length === 1
          ? chunks[0].toString('utf8')
          : Buffer.concat(chunks, seen).toString('utf8'),
      );
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('The response ended before its body was read'));
    };
    function cleanup() {
      body.removeListener('data', onData);
      body.removeListener('end', onEnd);
      body.removeListener('error', onError);
      body.removeListener('close', onClose);
    }
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}

/** The call's result as the SDK client hands it on, or the error it throws. */
export function decodeResult(raw: unknown, modern: boolean): CallToolResult {
  if (!isObject(raw))
    throw new SdkError(
      SdkErrorCode.InvalidResult,
      'Invalid result for tools/call: not an object',
    );
  let result = raw;
  if (modern) {
    const resultType = raw.resultType;
    if (resultType === undefined)
      throw new SdkError(
        SdkErrorCode.InvalidResult,
        'Invalid result for tools/call: missing required resultType — servers implementing protocol revision 2026-07-28 MUST include it',
      );
    if (resultType !== 'complete')
      throw new SdkError(
        SdkErrorCode.InvalidResult,
        `The server asked its client for more (resultType ${JSON.stringify(
          resultType,
        )}), which the MCP gateway does not relay`,
      );
    result = { ...raw };
    delete result.resultType;
  } else if (raw.content === undefined) result = { ...raw, content: [] };
  if (!isCallToolResult(result))
    throw new SdkError(
      SdkErrorCode.InvalidResult,
      'Invalid result for tools/call: not a CallToolResult',
    );
  return result as CallToolResult;
}

/**
 * Reads an event stream until the response to `id`: notifications before it are dropped (the
 * gateway answers in one JSON body), a request from the server is answered "method not found"
 * through `reply` when given (the gateway declares no client capabilities), as the SDK client
 * does.
 */
export async function readEventStream(
  body: NodeJS.ReadableStream & {
    destroy(): void;
    dump(options?: { signal?: AbortSignal }): Promise<void>;
  },
  id: number,
  maxBytes: number,
  reply: ((message: unknown) => Promise<void>) | undefined,
): Promise<JsonRpcAnswer | undefined> {
  let found: JsonRpcAnswer | undefined;
  const parser = createParser({
    onEvent(event) {
      if (found || (event.event && event.event !== 'message')) return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      found = answerFor(message, id);
      if (
        !found &&
        reply &&
        isObject(message) &&
        typeof message.method === 'string' &&
        message.id !== undefined
      )
        void reply({
          jsonrpc: '2.0',
          id: message.id,
          error: {
            code: ProtocolErrorCode.MethodNotFound,
            message: 'Method not found',
          },
        });
    },
  });
  const decoder = new TextDecoder();
  let seen = 0;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      seen += chunk.byteLength;
      if (seen > maxBytes) {
        body.removeListener('data', onData);
        body.destroy();
        reject(tooLarge(maxBytes));
        return;
      }
      parser.feed(decoder.decode(chunk, { stream: true }));
      if (found) {
        // The rest of the stream (normally just its end) is read and dropped, which keeps the
        // connection reusable; a server that holds it open is cut off after a second.
        body.removeListener('data', onData);
        body.dump({ signal: AbortSignal.timeout(1000) }).catch(() => {});
        resolve(found);
      }
    };
    body.on('data', onData);
    body.once('end', () => resolve(found));
    body.once('error', reject);
  });
}
