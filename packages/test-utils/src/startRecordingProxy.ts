import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A request that passed through the proxy to its target. */
export interface ProxiedRequest {
  httpMethod: string;
  /** The path without the query string. */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The JSON-RPC method of a POST body, when there is one. */
  rpcMethod?: string;
}

/** A started recording proxy. */
export interface RecordingProxy {
  origin: string;
  /** The proxy's URL for a path of the target. */
  urlOf(path: string): string;
  requests: ProxiedRequest[];
  /** How many recorded requests have all the given fields. */
  count(match: Partial<Omit<ProxiedRequest, 'headers'>>): number;
  close(): Promise<void>;
}

/**
 * An HTTP proxy on a random loopback port in front of a server (an MCP server, a metrics
 * endpoint) that records every request it forwards — headers and JSON-RPC method included — so a
 * test can see what reached the target: how many discoveries or scrapes, which credentials.
 * Answers stream through unchanged; a client that goes away aborts the forwarded request.
 */
export async function startRecordingProxy(
  target: string,
  options: {
    /** Headers added to every forwarded request (e.g. a client's credentials). */
    addHeaders?: Record<string, string>;
    /** Keep the client's Host header rather than the target's. */
    keepHost?: boolean;
    /** Holds back forwarding a JSON-RPC method this long, to stretch a discovery in time. */
    delayMs?: (rpcMethod: string | undefined) => number;
  } = {},
): Promise<RecordingProxy> {
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
        httpMethod: req.method ?? '',
        path: (req.url ?? '').split('?')[0],
        headers: req.headers,
        rpcMethod,
      });
      const forward = () => {
        const upstream = http.request(
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
        upstream.on('error', () => {
          if (!res.headersSent) res.writeHead(502);
          res.end();
        });
        res.on('close', () => upstream.destroy());
        upstream.end(body);
      };
      const delay = options.delayMs?.(rpcMethod) ?? 0;
      if (delay > 0) setTimeout(forward, delay);
      else forward();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    urlOf: path => `${origin}${path}`,
    requests,
    count: match =>
      requests.filter(r =>
        Object.entries(match).every(
          ([key, value]) => r[key as keyof ProxiedRequest] === value,
        ),
      ).length,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
