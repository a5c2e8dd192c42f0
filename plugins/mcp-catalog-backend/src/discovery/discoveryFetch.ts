import {
  isJSONRPCNotification,
  isJSONRPCRequest,
} from '@modelcontextprotocol/client';
import { GuardedFetch } from '@mcp-platform/plugin-mcp-catalog-node';

// The fetch discovery gives the SDK's client: fewer requests and streams read to their answers.

/**
 * Discovery only lists, so it needs no stream of server-initiated messages; the MCP spec leaves
 * that stream optional to clients. The SDK opens it with a GET after initialisation: answering
 * that GET here as a server without one would (405) saves every server a request and an open
 * connection. Streamable HTTP uses GET for nothing else (stream resumption is turned off below).
 */
export function withoutStandaloneStream(fetch: GuardedFetch): GuardedFetch {
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
export function withEventStreamsRead(fetch: GuardedFetch): GuardedFetch {
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
