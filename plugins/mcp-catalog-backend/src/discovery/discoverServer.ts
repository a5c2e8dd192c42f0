import {
  isJSONRPCNotification,
  isJSONRPCRequest,
} from '@modelcontextprotocol/client';
import type {
  Client,
  JsonSchemaType,
  JsonSchemaValidator,
  Prompt,
  Resource,
  ResourceTemplateType as ResourceTemplate,
  Tool,
  jsonSchemaValidator,
} from '@modelcontextprotocol/client';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/client/validators/ajv';
import { McpRemote } from '@mcp-platform/plugin-mcp-catalog-common';
import {
  connectUpstream,
  describeAbort,
  describeUpstreamError,
  EraVerdict,
  GuardedFetch,
  MODERN_REVISION,
  probeLegacyServing,
  UpstreamConnectError,
  UpstreamError,
  withinSignal,
} from '@mcp-platform/plugin-mcp-catalog-node';
import { DiscoveredServer } from '../model/DiscoveredServer';
import { validateToolSchemas } from './validateToolSchemas';

/** A discovery that failed, with every remote's error, in the platform's own words. */
export const DiscoveryError = UpstreamConnectError;

/** Limits of one discovery. */
export interface DiscoveryLimits {
  /** Deadline for the whole discovery of one server, all remotes included. */
  timeoutMs: number;
  /** Upper bound on tools, prompts and resources each; a server listing more is an error. */
  maxItems: number;
}

const clientInfo = { name: 'backstage-mcp-catalog', version: '1.0.0' };

/** A cached verdict, and whether discovery should check the server's revisions afresh. */
export interface RevisionKnowledge {
  /** The era verdict of an earlier discovery; without one discovery probes. */
  verdict?: EraVerdict;
  /**
   * Probe the era afresh (ignoring `verdict`) and check whether a 2026-07-28 server also
   * serves 2025 clients: an extra round trip or two, so done now and then, not every time.
   */
  checkRevisions: boolean;
}

/**
 * The SDK client compiles every tool's outputSchema after tools/list, to check the results of
 * tool calls. Discovery calls no tools: compiling there would only cost CPU on every discovery
 * (and let a hostile schema cost code generation), so validators compile on first use instead.
 */
class CompileOnFirstUseValidator implements jsonSchemaValidator {
  private ajv?: AjvJsonSchemaValidator;

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    let validate: JsonSchemaValidator<T> | undefined;
    return input => {
      this.ajv ??= new AjvJsonSchemaValidator();
      validate ??= this.ajv.getValidator<T>(schema);
      return validate(input);
    };
  }
}

const toolResultValidator = new CompileOnFirstUseValidator();

/**
 * Discovery only lists, so it needs no stream of server-initiated messages; the MCP spec leaves
 * that stream optional to clients. The SDK opens it with a GET after initialisation: answering
 * that GET here as a server without one would (405) saves every server a request and an open
 * connection. Streamable HTTP uses GET for nothing else (stream resumption is turned off below).
 */
function withoutStandaloneStream(fetch: GuardedFetch): GuardedFetch {
  return (url, init) =>
    (init?.method ?? 'GET').toUpperCase() === 'GET'
      ? Promise.resolve(new Response(null, { status: 405 }))
      : fetch(url, init);
}

/** The ids of the JSON-RPC requests in a POST body the SDK sent; undefined when there are none. */
function requestIdsOf(body: unknown): Set<unknown> | undefined {
  if (typeof body !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const ids = new Set<unknown>();
  for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
    if (m && typeof m === 'object' && 'method' in m && 'id' in m)
      ids.add((m as { id: unknown }).id);
  }
  return ids.size ? ids : undefined;
}

const isAnswer = (m: object) => 'id' in m && ('result' in m || 'error' in m);

const indexOrInfinity = (text: string, searched: string, from: number) => {
  const i = text.indexOf(searched, from);
  return i < 0 ? Infinity : i;
};

/** What is left of an event stream that was not read to its end: see {@link readSseMessages}. */
interface UnreadStream {
  /** Decoded text not parsed yet (the start of the next line or event). */
  text: string;
  /** The decoder, which may hold the first bytes of a character split across chunks. */
  decoder: TextDecoder;
  reader: ReadableStreamDefaultReader<Uint8Array>;
}

/**
 * Reads the JSON-RPC messages of a server-sent event stream, as the SDK's event parsing would
 * (events of type `message` with data, data lines joined), until the answers to `pending` have
 * all arrived or the stream ends; then stops reading. Data that is not a JSON-RPC message is
 * skipped, as the SDK skips it (reporting it to onerror). If the server sends a request of its
 * own first (a ping, say), it may wait for the answer before it answers: reading stops there and
 * the rest of the stream is returned unread, for the SDK to read and answer.
 */
async function readSseMessages(
  body: ReadableStream<Uint8Array>,
  pending: Set<unknown>,
): Promise<{ messages: object[]; unread?: UnreadStream }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const messages: object[] = [];
  let text = '';
  let data: string | undefined;
  let type = '';
  let ended = false;
  let serverRequest = false;
  const dispatch = () => {
    if (data && (type === '' || type === 'message')) {
      let message: unknown;
      try {
        message = JSON.parse(data);
      } catch {
        message = undefined;
      }
      if (message && typeof message === 'object' && !Array.isArray(message)) {
        if (isAnswer(message)) {
          pending.delete((message as { id: unknown }).id);
          messages.push(message);
        } else if (isJSONRPCRequest(message)) {
          messages.push(message);
          serverRequest = true;
        } else if (isJSONRPCNotification(message)) {
          // Others as the SDK would take them; it fails a JSON answer as a whole.
          messages.push(message);
        }
      }
    }
    data = undefined;
    type = '';
  };
  const field = (line: string) => {
    if (line === '') return dispatch();
    if (line.charCodeAt(0) === 58 /* : */) return undefined; // a comment
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* space */) value = value.slice(1);
    if (name === 'data')
      data = data === undefined ? value : `${data}\n${value}`;
    else if (name === 'event') type = value;
    return undefined;
  };
  try {
    while (pending.size) {
      const chunk = await reader.read();
      if (chunk.done) {
        ended = true;
        text += decoder.decode();
      } else text += decoder.decode(chunk.value, { stream: true });
      // Lines end with CRLF, LF or CR; a CR at the end of the text may be the first half of a CRLF.
      let start = 0;
      let lf = -1;
      let cr = -1;
      for (;;) {
        if (lf < start) lf = indexOrInfinity(text, '\n', start);
        if (cr < start) cr = indexOrInfinity(text, '\r', start);
        const end = Math.min(lf, cr);
        if (end === Infinity) break;
        if (end === cr && end === text.length - 1 && !ended) break;
        field(text.slice(start, end));
        start =
          end === cr && text.charCodeAt(end + 1) === 10 /* \n */
            ? end + 2
            : end + 1;
        if (!pending.size || serverRequest) break;
      }
      text = text.slice(start);
      if (serverRequest && !ended) {
        return { messages, unread: { text, decoder, reader } };
      }
      // At the end, an event without its closing blank line is dropped, as the SDK drops it.
      if (ended) break;
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
  if (!ended) reader.cancel().catch(() => {});
  return { messages };
}

/**
 * An event stream of messages already read followed by the unread rest of the original stream,
 * byte for byte after the decoder's round trip.
 */
function resumedEventStream(
  messages: object[],
  unread: UnreadStream,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let head: string | undefined = `${messages
    .map(m => `event: message\ndata: ${JSON.stringify(m)}\n\n`)
    .join('')}${unread.text}`;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (head !== undefined) {
        controller.enqueue(encoder.encode(head));
        head = undefined;
        return;
      }
      const chunk = await unread.reader.read();
      if (chunk.done) {
        const tail = unread.decoder.decode();
        if (tail) controller.enqueue(encoder.encode(tail));
        controller.close();
      } else {
        const decoded = unread.decoder.decode(chunk.value, { stream: true });
        if (decoded) controller.enqueue(encoder.encode(decoded));
      }
    },
    cancel(reason) {
      return unread.reader.cancel(reason);
    },
  });
}

/**
 * The SDK reads a server's event-stream answer to a POST through a pipeline of web streams (a
 * text decoder and an event parser), which costs more CPU than the exchange itself when
 * discovering many servers. Discovery only sends requests the server answers at once (it
 * offers the server no capabilities to call back), so the events are read here and handed to
 * the SDK as a JSON answer, parsed already. Reading stops at the answers the POST waits for:
 * a server that keeps the stream open after answering does not hold discovery up.
 */
function withEventStreamsRead(fetch: GuardedFetch): GuardedFetch {
  return async (url, init) => {
    const response = await fetch(url, init);
    const type = response.headers.get('content-type');
    if (
      !response.ok ||
      !response.body ||
      (init?.method ?? 'GET').toUpperCase() !== 'POST' ||
      type?.split(';')[0].trim().toLowerCase() !== 'text/event-stream'
    )
      return response;
    const pending = requestIdsOf(init?.body);
    if (!pending) return response;
    const { messages, unread } = await readSseMessages(response.body, pending);
    if (unread) {
      // The server asked something and may wait for the answer: the SDK reads on and answers.
      return new Response(resumedEventStream(messages, unread), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    const headers = new Headers(response.headers);
    headers.set('content-type', 'application/json');
    const answer = new Response(null, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
    // The SDK reads a JSON answer with json(): it gets the messages without parsing them again.
    Object.defineProperty(answer, 'json', { value: async () => messages });
    return answer;
  };
}

async function listAll<T>(
  kind: string,
  maxItems: number,
  fetchPage: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>,
): Promise<T[]> {
  const items: T[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (items.length > maxItems) {
      throw new UpstreamError(
        `the server lists more than ${maxItems} ${kind} (mcpCatalog.discovery.maxItems)`,
      );
    }
    cursor = page.nextCursor;
    if (cursor !== undefined) {
      if (seenCursors.has(cursor))
        throw new UpstreamError(`the server repeated a ${kind} cursor`);
      seenCursors.add(cursor);
    }
  } while (cursor !== undefined);
  return items;
}

/** Everything a connected server offers, page by page with the item cap checked per page. */
async function listOffer(
  client: Client,
  limits: DiscoveryLimits,
  signal: AbortSignal,
) {
  const capabilities = (client.getServerCapabilities() ?? {}) as Record<
    string,
    unknown
  >;
  const options = { signal, timeout: limits.timeoutMs };
  // Pages are requested one by one (not the SDK's aggregating walk) so the cap holds per page.
  const page = <R>(method: string, cursor?: string) =>
    client.request(
      { method, params: cursor === undefined ? {} : { cursor } } as never,
      options,
    ) as Promise<R & { nextCursor?: string }>;
  const tools = capabilities.tools
    ? await listAll('tools', limits.maxItems, async cursor => {
        const r = await page<{ tools: Tool[] }>('tools/list', cursor);
        return { items: r.tools, nextCursor: r.nextCursor };
      })
    : [];
  let toolInputSchemaJson: string[];
  try {
    toolInputSchemaJson = validateToolSchemas(tools);
  } catch (error) {
    throw new UpstreamError((error as Error).message.slice(0, 500));
  }
  const prompts = capabilities.prompts
    ? await listAll('prompts', limits.maxItems, async cursor => {
        const r = await page<{ prompts: Prompt[] }>('prompts/list', cursor);
        return { items: r.prompts, nextCursor: r.nextCursor };
      })
    : [];
  const resources = capabilities.resources
    ? await listAll('resources', limits.maxItems, async cursor => {
        const r = await page<{ resources: Resource[] }>(
          'resources/list',
          cursor,
        );
        return { items: r.resources, nextCursor: r.nextCursor };
      })
    : [];
  const resourceTemplates = capabilities.resources
    ? await listAll('resource templates', limits.maxItems, async cursor => {
        const r = await page<{ resourceTemplates: ResourceTemplate[] }>(
          'resources/templates/list',
          cursor,
        );
        return { items: r.resourceTemplates, nextCursor: r.nextCursor };
      })
    : [];
  return {
    capabilities,
    tools,
    toolInputSchemaJson,
    prompts,
    resources,
    resourceTemplates,
  };
}

/** Newest first: `2026-07-28` before `2025-11-25`. */
const newestFirst = (versions: Iterable<string>) =>
  [...new Set(versions)].sort().reverse();

/**
 * Connects to an MCP server in the revision it speaks (2026-07-28 through `server/discover`, or
 * the 2025 handshake) and lists everything it offers. Remotes are tried in order, Streamable
 * HTTP first; a Streamable HTTP endpoint that fails is retried with the legacy SSE transport on
 * the same URL, as the MCP spec's backwards-compatibility section says.
 *
 * The whole discovery, every transport's start included, ends at `limits.timeoutMs` or when
 * `signal` aborts; errors say what went wrong in the platform's words, never the server's.
 */
export async function discoverServer(options: {
  remotes: McpRemote[];
  /** The guarded fetch, credentials bound to origins. */
  fetch: GuardedFetch;
  limits: DiscoveryLimits;
  revisions?: RevisionKnowledge;
  signal?: AbortSignal;
}): Promise<DiscoveredServer> {
  const { remotes, limits } = options;
  const knowledge = options.revisions ?? { checkRevisions: true };
  const started = Date.now();
  const controller = new AbortController();
  const deadline = setTimeout(
    () =>
      controller.abort(
        new UpstreamError(`no complete answer within ${limits.timeoutMs} ms`),
      ),
    limits.timeoutMs,
  );
  const stop = () =>
    controller.abort(
      options.signal?.reason instanceof UpstreamError
        ? options.signal.reason
        : new UpstreamError('discovery was stopped'),
    );
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();
  const { signal } = controller;
  // Streamable HTTP: POSTs only (see withoutStandaloneStream); SSE needs its GET.
  const fetch = withoutStandaloneStream(options.fetch);
  try {
    const connection = await connectUpstream({
      remotes,
      fetch: options.fetch,
      streamableFetch: withEventStreamsRead(fetch),
      signal,
      lifetimeSignal: signal,
      timeoutMs: limits.timeoutMs,
      // Only a legacy verdict is worth reusing: it saves a probe that would fail. A 2026 server
      // is asked `server/discover` every time, the fresh capabilities and instructions included.
      prior:
        !knowledge.checkRevisions && knowledge.verdict?.kind === 'legacy'
          ? knowledge.verdict
          : undefined,
      clientInfo,
      jsonSchemaValidator: toolResultValidator,
    });
    try {
      const work = async (): Promise<DiscoveredServer> => {
        // Whether a 2026 server also serves 2025 clients, asked while the lists are read.
        const legacyServing =
          knowledge.checkRevisions &&
          connection.era === 'modern' &&
          connection.transport === 'streamable-http'
            ? probeLegacyServing({
                url: connection.remote.url,
                fetch,
                signal,
                timeoutMs: limits.timeoutMs,
                clientInfo,
              })
            : Promise.resolve(undefined);
        legacyServing.catch(() => {});
        const offer = await listOffer(connection.client, limits, signal);
        const { discover } = connection;
        let revisions: string[] | undefined;
        if (knowledge.checkRevisions) {
          const spoken =
            connection.era === 'modern'
              ? (discover?.supportedVersions ?? [MODERN_REVISION]).filter(
                  v => v >= MODERN_REVISION,
                )
              : [];
          const legacy =
            connection.era === 'legacy'
              ? connection.protocolVersion
              : await legacyServing;
          revisions = newestFirst(legacy ? [...spoken, legacy] : spoken);
        }
        const serverInfo = connection.client.getServerVersion();
        return {
          remote: connection.remote,
          transport: connection.transport,
          era: connection.era,
          protocolVersion: connection.protocolVersion,
          revisions,
          verdict:
            connection.era === 'modern' && discover
              ? { kind: 'modern', discover }
              : { kind: 'legacy' },
          cacheHints: discover
            ? { ttlMs: discover.ttlMs, cacheScope: discover.cacheScope }
            : undefined,
          serverInfo: serverInfo
            ? {
                name: serverInfo.name,
                version: serverInfo.version,
                title: serverInfo.title,
              }
            : undefined,
          instructions: connection.client.getInstructions(),
          ...offer,
          latencyMs: Date.now() - started,
        };
      };
      return await withinSignal(work(), signal);
    } catch (error) {
      throw new UpstreamConnectError([
        {
          url: connection.remote.url,
          transport: connection.transport,
          error: signal.aborted
            ? describeAbort(signal)
            : describeUpstreamError(error),
        },
      ]);
    } finally {
      await connection.close();
    }
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', stop);
  }
}
