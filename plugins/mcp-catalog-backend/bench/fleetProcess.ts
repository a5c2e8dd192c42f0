/* eslint-disable no-console */
/**
 * One process of the benchmark's fleet (see fleet.ts), started as
 * `fleetProcess.ts <share>`: serves every MCP server of the fleet at /s/<i>/mcp on a node:http
 * server of 127.0.0.1 until its parent goes away, and answers `stats` IPC messages with its
 * request count and CPU time.
 */
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { JSONRPCMessage, Tool } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  FLEET_LATENCY_MS,
  FLEET_PROCESSES,
  FLEET_SERVERS,
  FLEET_TOOLS_PER_SERVER,
} from './benchSettings';
import type { FleetMessage } from './fleet';
import { planServer, ServerPlan } from './planServer';

function jsonRpcError(
  res: http.ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(
    JSON.stringify({
      jsonrpc: '2.0',
      error: { code: -32000, message },
      id: null,
    }),
  );
}

/** The McpServer a plan describes, with the SDK's own tool registration. */
function mcpServerOf(plan: ServerPlan): McpServer {
  const server = new McpServer(
    { name: plan.name, title: plan.title, version: '1.0.0' },
    { instructions: plan.description },
  );
  for (const tool of plan.tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.shape,
        annotations: tool.annotations,
      },
      async () => ({ content: [{ type: 'text', text: '{"ok":true}' }] }),
    );
  }
  return server;
}

/** What the plan's McpServer answers to tools/list, asked once in memory. */
async function toolListOf(plan: ServerPlan): Promise<unknown[]> {
  const server = mcpServerOf(plan);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const answer = new Promise<JSONRPCMessage>(resolve => {
    clientSide.onmessage = resolve;
  });
  await clientSide.start();
  await clientSide.send({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/list',
    params: {},
  });
  const message = (await answer) as { result?: { tools?: unknown[] } };
  await server.close();
  if (!message.result?.tools) throw new Error(`no tools from ${plan.name}`);
  // As the HTTP transport serialises it.
  return JSON.parse(JSON.stringify(message.result.tools));
}

/**
 * Serves the fleet until the parent goes away. Each request gets its own SDK Server and
 * Streamable HTTP transport, as stateless servers do in production. These are 2025-era servers
 * (SDK 1.x): they refuse discovery's `server/discover` probe (2026-07-28), and discovery falls
 * back to the 2025 handshake. The tool list the McpServer of each plan produces is computed
 * before the fleet reports ready, not on every tools/list, because the servers' own CPU is not
 * what this benchmark measures: on two cores, a fleet converting 40 zod schemas per request
 * would take the CPU the backend is measured on.
 */
async function runFleet(share: number) {
  const plans = new Map<number, { plan: ServerPlan; tools: unknown[] }>();
  const hosted = async (index: number) => {
    let hosting = plans.get(index);
    if (!hosting) {
      const plan = planServer(index, FLEET_TOOLS_PER_SERVER);
      hosting = { plan, tools: await toolListOf(plan) };
      plans.set(index, hosting);
    }
    return hosting;
  };
  const jsonSchemaValidator = new AjvJsonSchemaValidator();
  // The servers this process is asked for (see startFleet); others are prepared on demand.
  for (let index = share; index < FLEET_SERVERS; index += FLEET_PROCESSES)
    await hosted(index);
  let requests = 0;

  const handle = async (
    index: number,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    if (req.method !== 'POST') {
      // Stateless servers offer no standalone SSE stream; 405 is what the spec prescribes.
      jsonRpcError(res, 405, 'Method not allowed: stateless server, use POST', {
        allow: 'POST',
      });
      return;
    }
    const { plan, tools } = await hosted(index);
    // What McpServer sets up for tools, with the list it would produce. One JSON Schema
    // validator for all requests, as a long-running server has (else each builds its own Ajv).
    const server = new Server(
      { name: plan.name, title: plan.title, version: '1.0.0' },
      {
        capabilities: { tools: { listChanged: true } },
        instructions: plan.description,
        jsonSchemaValidator,
      },
    );
    server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: tools as Tool[],
    }));
    server.setRequestHandler(CallToolRequestSchema, async () => ({
      content: [{ type: 'text', text: '{"ok":true}' }],
    }));
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
    });
    res.on('close', () => {
      transport.close().catch(() => {});
      server.close().catch(() => {});
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res);
    } catch {
      if (!res.headersSent) jsonRpcError(res, 500, 'Internal server error');
    }
  };

  const httpServer = http.createServer((req, res) => {
    requests++;
    const path = (req.url ?? '').split('?')[0];
    const match = /^\/s\/(\d+)\/mcp$/.exec(path);
    const index = match ? Number(match[1]) : -1;
    setTimeout(() => {
      if (index < 0 || index >= FLEET_SERVERS) {
        jsonRpcError(res, 404, `No MCP server at ${path}`);
        return;
      }
      handle(index, req, res).catch(() => res.destroy());
    }, FLEET_LATENCY_MS);
  });
  httpServer.listen(0, '127.0.0.1', () => {
    const { port } = httpServer.address() as AddressInfo;
    process.send!({ type: 'ready', port } satisfies FleetMessage);
  });
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'stats') {
      const cpu = process.cpuUsage();
      process.send!({
        type: 'stats',
        requests,
        cpuMs: (cpu.user + cpu.system) / 1000,
      } satisfies FleetMessage);
    }
  });
  // The parent closing the IPC channel (normally or by crashing) ends the fleet.
  process.on('disconnect', () => process.exit(0));
}

runFleet(Number(process.argv[2] ?? 0)).catch(error => {
  console.error(error);
  process.exit(1);
});
