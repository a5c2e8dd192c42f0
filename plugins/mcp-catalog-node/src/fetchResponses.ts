/**
 * undici's requests and answers in the fetch API's terms, for the guard's fetch: the MCP SDK's
 * transports send RequestInit bodies and read fetch Responses, bounded in size.
 */
import { Dispatcher } from 'undici';
import { ResponseTooLargeError } from './guardErrors';

/** A request body as undici sends it; a content type the body implies is added to `headers`. */
export async function bodyOf(
  body: RequestInit['body'],
  headers: Record<string, string>,
): Promise<string | Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  // The SDK sends JSON strings; anything else is read the way fetch would read it.
  const buffered = new Response(body);
  const type = buffered.headers.get('content-type');
  if (type && headers['content-type'] === undefined)
    headers['content-type'] = type;
  return new Uint8Array(await buffered.arrayBuffer());
}

/** A response header's first value. */
export function headerOf(
  headers: Dispatcher.ResponseData['headers'],
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// Statuses whose responses have no body, which the Response constructor insists on.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export function isEventStream(answer: Dispatcher.ResponseData): boolean {
  return (
    (headerOf(answer.headers, 'content-type') ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase() === 'text/event-stream'
  );
}

function headersOf(answer: Dispatcher.ResponseData): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.append(name, value);
  }
  return headers;
}

/** The answer read whole, as a fetch Response; fails once it exceeds `maxBytes`. */
export async function bufferedResponseOf(
  answer: Dispatcher.ResponseData,
  maxBytes: number,
): Promise<Response> {
  const init = {
    status: answer.statusCode,
    statusText: answer.statusText,
    headers: headersOf(answer),
  };
  const source = answer.body;
  source.on('error', () => {});
  if (NULL_BODY_STATUSES.has(answer.statusCode)) {
    source.destroy();
    return new Response(null, init);
  }
  const tooLarge = (size?: number) =>
    new ResponseTooLargeError(
      size === undefined
        ? `Response exceeds the ${maxBytes}-byte limit (mcpCatalog.discovery.maxResponseBytes)`
        : `Response of ${size} bytes exceeds the ${maxBytes}-byte limit (mcpCatalog.discovery.maxResponseBytes)`,
    );
  const declared = Number(init.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    source.destroy();
    throw tooLarge(declared);
  }
  const chunks: Buffer[] = [];
  let seen = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    seen += chunk.byteLength;
    if (seen > maxBytes) {
      source.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return new Response(
    chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, seen),
    init,
  );
}

/** The answer as a fetch Response whose body fails once it exceeds `maxBytes`. */
export function responseOf(
  answer: Dispatcher.ResponseData,
  maxBytes: number,
): Response {
  const headers = headersOf(answer);
  const init = {
    status: answer.statusCode,
    statusText: answer.statusText,
    headers,
  };
  const source = answer.body;
  // Destroying the body before its end makes it emit an abort error: nobody else listens.
  let done = false;
  source.on('error', () => {});
  if (NULL_BODY_STATUSES.has(answer.statusCode)) {
    source.destroy();
    return new Response(null, init);
  }
  const declared = Number(headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    source.destroy();
    throw new ResponseTooLargeError(
      `Response of ${declared} bytes exceeds the ${maxBytes}-byte limit (mcpCatalog.discovery.maxResponseBytes)`,
    );
  }
  let seen = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      source.on('data', (chunk: Buffer) => {
        if (done) return;
        seen += chunk.byteLength;
        if (seen > maxBytes) {
          done = true;
          controller.error(
            new ResponseTooLargeError(
              `Response exceeds the ${maxBytes}-byte limit (mcpCatalog.discovery.maxResponseBytes)`,
            ),
          );
          source.destroy();
          return;
        }
        controller.enqueue(
          new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength),
        );
        // Backpressure: read on when the reader asks for more.
        if ((controller.desiredSize ?? 1) <= 0) source.pause();
      });
      source.once('end', () => {
        if (done) return;
        done = true;
        controller.close();
      });
      source.on('error', error => {
        if (done) return;
        done = true;
        controller.error(error);
      });
    },
    pull() {
      source.resume();
    },
    cancel() {
      done = true;
      // Reading the rest of a short body is cheaper than an abort error; long ones are cut.
      source.dump().catch(() => {});
    },
  });
  return new Response(stream, init);
}
