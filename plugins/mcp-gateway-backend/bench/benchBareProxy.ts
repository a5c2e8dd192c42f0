/*
 * The floor of the bench: a bare Node.js relay of MCP tool calls with nothing of a gateway in
 * it (no authentication, policy, limits, schema checks or metering). It reads the JSON-RPC
 * body, sends it upstream with undici over kept-alive connections, parses the answer and writes
 * it back: the least any Node.js gateway does per call. Started with the upstream URL; answers
 * `cpu` IPC messages with its CPU time.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

const upstream = process.argv[2];
const agent = new Agent({ keepAliveTimeout: 60_000 });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', c => chunks.push(c));
  req.on('end', async () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString());
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      };
      for (const name of ['mcp-protocol-version', 'mcp-method', 'mcp-name']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const answer = await request(upstream, {
        dispatcher: agent,
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      const parsed = JSON.parse(await answer.body.text());
      res
        .writeHead(answer.statusCode, { 'content-type': 'application/json' })
        .end(JSON.stringify(parsed));
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('message', (message: unknown) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
