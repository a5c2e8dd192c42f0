/*
 * The bench's upstream MCP servers, in a process of their own so the gateway's CPU is measured
 * apart from them: SDK v2 servers speaking both revisions on node:http, each with a few
 * read-only tools; `echo_1k` returns 1 KiB of text. Server i answers tools/list after
 * `listDelayMs(i)`, so "the slowest upstream" is a real figure. Prints one JSON line of URLs.
 */
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { z } from 'zod';

const KIB = 'x'.repeat(1024);

/** The delay of server i's tools/list answer: 2 ms up to 40 ms. */
export const listDelayMs = (i: number) => 2 + ((i * 7) % 39);

async function startUpstream(index: number) {
  const factory = () => {
    const server = new McpServer(
      { name: `bench-${index}`, version: '1.0.0' },
      { capabilities: { tools: { listChanged: true } } },
    );
    server.registerTool(
      'echo_1k',
      {
        description: 'Returns one KiB of text.',
        inputSchema: z.object({ n: z.number().int() }),
        annotations: { readOnlyHint: true },
      },
      async () => ({ content: [{ type: 'text', text: KIB }] }),
    );
    for (const name of ['lookup', 'search', 'summarise'])
      server.registerTool(
        name,
        {
          description: `The ${name} tool of upstream ${index}.`,
          inputSchema: z.object({ q: z.string() }),
          annotations: { readOnlyHint: true },
        },
        async ({ q }) => ({ content: [{ type: 'text', text: q }] }),
      );
    return server;
  };
  const handler = createMcpHandler(factory);
  const node = toNodeHandler(handler);
  const delay = listDelayMs(index);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      const body = raw ? JSON.parse(raw) : undefined;
      const answer = () => void node(req, res, body);
      if (body?.method === 'tools/list') setTimeout(answer, delay);
      else answer();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function main() {
  const count = Number(process.argv[2] ?? 20);
  const upstreams: Awaited<ReturnType<typeof startUpstream>>[] = [];
  for (let i = 0; i < count; i++) upstreams.push(await startUpstream(i));
  process.send?.({ urls: upstreams.map(u => u.url) });
  process.on('message', async (message: unknown) => {
    if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    // `stop <i>`: server i goes away (its port refuses connections from now on).
    if (typeof message === 'string' && message.startsWith('stop ')) {
      await upstreams[Number(message.slice(5))].stop();
      process.send?.({ stopped: Number(message.slice(5)) });
    }
  });
}

main().catch(error => {
  process.stderr.write(`${error}\n`);
  process.exit(1);
});
