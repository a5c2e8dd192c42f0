import {
  ResponseTooLargeError,
  SsrfRefusedError,
} from '@mcp-platform/plugin-mcp-catalog-node';

/**
 * A failed read of a collection target, with a message fit for every user: the URL, a status
 * code or a fixed description, never the response. A target can answer anything, and a
 * redirect can point it at an internal file; what it said stays out of stored errors.
 */
export class CollectionError extends Error {
  name = 'CollectionError';
}

/** The fetch signature collection reads through (global fetch, or the SSRF guard's). */
export type FetchLike = (
  url: string | URL,
  init?: RequestInit,
) => Promise<Response>;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 3;

/** An error code such as ECONNREFUSED: a fixed word, safe to show. */
function codeOf(error: unknown): string | undefined {
  // fetch wraps the socket's error in `cause`; undici's own errors carry the code themselves.
  let e = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(e.code)) {
      return e.code;
    }
    e = e.cause as typeof e;
  }
  return undefined;
}

function failure(
  error: unknown,
  url: string,
  options: { timeoutMs: number; maxBytes: number; maxBytesKey: string },
  signal: AbortSignal,
): CollectionError {
  if (error instanceof CollectionError) return error;
  if (signal.aborted || (error as Error)?.name === 'TimeoutError') {
    return new CollectionError(
      `no answer from ${url} within ${options.timeoutMs} ms`,
    );
  }
  if (error instanceof ResponseTooLargeError) {
    return new CollectionError(
      `${url} answered more than the ${options.maxBytes} bytes allowed (${options.maxBytesKey})`,
    );
  }
  if (error instanceof SsrfRefusedError) {
    // The first hop was checked before the request: this is a redirect hop (or a name that
    // now resolves elsewhere). The hop's URL came from the response, so it is not quoted.
    return new CollectionError(
      `${url} redirected to a place the network policy refuses (a non-public address, a URL that is not http(s), or more than ${MAX_REDIRECTS} redirects)`,
    );
  }
  return new CollectionError(
    `cannot reach ${url}: ${codeOf(error) ?? 'the request failed'}`,
  );
}

/**
 * GETs a URL as text with a deadline and a size limit. Throws {@link CollectionError}, whose
 * message holds the URL and a status code or a fixed description only.
 */
export async function fetchText(
  url: string,
  options: {
    timeoutMs: number;
    maxBytes: number;
    /** The config key of `maxBytes`, named when an answer is too large. */
    maxBytesKey: string;
    headers?: Record<string, string>;
    fetch: FetchLike;
  },
): Promise<string> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await options.fetch(url, {
      headers: {
        accept: 'text/plain;version=0.0.4, */*;q=0.1',
        ...options.headers,
      },
      signal,
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw new CollectionError(`HTTP ${response.status} from ${url}`);
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > options.maxBytes) {
      await response.body?.cancel().catch(() => {});
      throw new ResponseTooLargeError();
    }
    if (!response.body) return '';
    const reader = response.body.getReader();
    const parts: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > options.maxBytes) {
        await reader.cancel().catch(() => {});
        throw new ResponseTooLargeError();
      }
      parts.push(value);
    }
    return Buffer.concat(parts).toString('utf8');
  } catch (error) {
    throw failure(error, url, options, signal);
  }
}

/**
 * A fetch for the administrator's own endpoints (the Prometheus server) that follows up to
 * three redirects itself and sends the request's headers, which carry the configured
 * credentials, only while the redirects stay on the first URL's origin: once a redirect leaves
 * it, the rest of the way goes with the `accept` header alone.
 */
export function createOriginBoundFetch(
  fetchImpl: FetchLike = fetch,
): FetchLike {
  return async (input, init) => {
    let url = new URL(String(input));
    const origin = url.origin;
    const all = new Headers(init?.headers);
    const bare = new Headers();
    const accept = all.get('accept');
    if (accept) bare.set('accept', accept);
    // Once a redirect left the origin, a later hop back is the other host's choice: stay bare.
    let leftOrigin = false;
    for (let hop = 0; ; hop++) {
      leftOrigin ||= url.origin !== origin;
      const response = await fetchImpl(url, {
        ...init,
        headers: leftOrigin ? bare : all,
        redirect: 'manual',
      });
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || !location) return response;
      await response.body?.cancel().catch(() => {});
      if (hop >= MAX_REDIRECTS) {
        throw new CollectionError(
          `${String(input)} redirected more than ${MAX_REDIRECTS} times`,
        );
      }
      url = new URL(location, url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new CollectionError(
          `${String(input)} redirected to a URL that is not http(s)`,
        );
      }
    }
  };
}
