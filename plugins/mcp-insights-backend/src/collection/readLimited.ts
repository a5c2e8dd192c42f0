/** Fetches a URL as text with a deadline and a size limit; throws with a message fit for users. */
export async function fetchText(
  url: string,
  options: {
    timeoutMs: number;
    maxBytes: number;
    headers?: Record<string, string>;
    fetch?: typeof fetch;
  },
): Promise<string> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      headers: {
        accept: 'text/plain;version=0.0.4, */*;q=0.1',
        ...options.headers,
      },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') {
      throw new Error(`no answer from ${url} within ${options.timeoutMs} ms`);
    }
    throw new Error(
      `cannot reach ${url}: ${e.cause?.code ?? e.cause?.message ?? e.message}`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new Error(`HTTP ${response.status} from ${url}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > options.maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new Error(
      `${url} answered ${declared} bytes, more than the ${options.maxBytes} allowed`,
    );
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
      throw new Error(
        `${url} answered more than the ${options.maxBytes} bytes allowed`,
      );
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString('utf8');
}
