import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A request that passed through the proxy. */
export interface ProxiedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The JSON-RPC method of a POST body, when there is one. */
  rpcMethod?: string;
}

/**
 * An HTTP proxy in front of an MCP server that records every request it forwards: what reached
 * the upstream, headers included. Streams answers through unchanged.
 */
export async function startRecordingProxy(
  target: string,
  options: {
    /** Headers added to every forwarded request (e.g. a client's credentials). */
    addHeaders?: Record<string, string>;
    /** Keep the client's Host header rather than the target's. */
    keepHost?: boolean;
  } = {},
): Promise<{
  origin: string;
  urlOf(path: string): string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}> {
  const targetUrl = new URL(target);
  const requests: ProxiedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let rpcMethod: string | undefined;
      try {
        rpcMethod = body.length
          ? JSON.parse(body.toString()).method
          : undefined;
      } catch {
        rpcMethod = undefined;
      }
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rpcMethod,
      });
      const forward = http.request(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          method: req.method,
          path: req.url,
          headers: {
            ...req.headers,
            ...(options.keepHost ? {} : { host: targetUrl.host }),
            ...options.addHeaders,
          },
        },
        answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      res.on('close', () => forward.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    urlOf: path => `${origin}${path}`,
    requests,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
