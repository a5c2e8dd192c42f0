import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A request that reached the upstream through the proxy. */
export interface CountedRequest {
  httpMethod: string;
  path: string;
  /** The JSON-RPC method of a POST body, when there is one. */
  rpcMethod?: string;
}

/**
 * An HTTP proxy in front of a server (an example MCP server) that records what reached it, so a
 * test can count discoveries (`tools/list`) and scrapes (`GET /metrics`) whoever made them.
 * `delayMs` holds back the answer to a JSON-RPC method, to stretch a discovery in time.
 */
export async function startCountingProxy(
  target: string,
  options: { delayMs?: (rpcMethod: string | undefined) => number } = {},
): Promise<{
  origin: string;
  requests: CountedRequest[];
  /** How many requests matched. */
  count(match: Partial<CountedRequest>): number;
  close(): Promise<void>;
}> {
  const targetUrl = new URL(target);
  const requests: CountedRequest[] = [];
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
        rpcMethod,
      });
      const forward = () => {
        const upstream = http.request(
          {
            host: targetUrl.hostname,
            port: targetUrl.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: targetUrl.host },
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
        upstream.end(body);
      };
      const delay = options.delayMs?.(rpcMethod) ?? 0;
      if (delay > 0) setTimeout(forward, delay);
      else forward();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    count: match =>
      requests.filter(r =>
        Object.entries(match).every(
          ([key, value]) => r[key as keyof CountedRequest] === value,
        ),
      ).length,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
