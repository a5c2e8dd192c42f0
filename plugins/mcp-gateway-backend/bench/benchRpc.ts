/** The load generator's MCP requests: JSON-RPC over pooled HTTP connections, modern protocol. */
import { Pool } from 'undici';

const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' },
};

/** An MCP endpoint and the connections to it. */
export interface Target {
  pool: Pool;
  path: string;
  headers: Record<string, string>;
}

export function target(url: string, auth?: string): Target {
  const u = new URL(url);
  return {
    pool: new Pool(u.origin, { connections: 32, keepAliveTimeout: 60_000 }),
    path: u.pathname,
    headers: {
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      'mcp-protocol-version': '2026-07-28',
      ...(auth ? { authorization: `Bearer ${auth}` } : {}),
    },
  };
}

let nextId = 0;
export async function rpc(
  t: Target,
  method: string,
  params: Record<string, unknown>,
  name?: string,
): Promise<{ status: number; body: any }> {
  const response = await t.pool.request({
    path: t.path,
    method: 'POST',
    headers: {
      ...t.headers,
      'mcp-method': method,
      ...(name ? { 'mcp-name': name } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: ++nextId,
      method,
      params: { ...params, _meta: MODERN_META },
    }),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    body: text ? JSON.parse(text) : undefined,
  };
}

export const callTool = (t: Target, name: string) =>
  rpc(t, 'tools/call', { name, arguments: { n: 1 } }, name);
