import http from 'node:http';
import { AddressInfo } from 'node:net';

/** An HTTP server a benchmark started on 127.0.0.1. */
export interface LoopbackServer {
  server: http.Server;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Closes the server and every connection still open to it. */
  close(): Promise<void>;
}

/** Serves `handler` (an express app, say) on a free port of 127.0.0.1. */
export async function listenOnLoopback(
  handler: http.RequestListener,
): Promise<LoopbackServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
