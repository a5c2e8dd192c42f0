import { ResponseError } from '@backstage/errors';
import {
  GatewayRefusedCall,
  GatewayToolView,
  GatewayUpstreamStatus,
} from '@mcp-platform/plugin-mcp-gateway-common';
import { GatewayConnectInfo, McpGatewayApi } from '../api';

/** The gateway's base URL in the fixtures. */
export const gatewayBase = 'http://localhost:7007/api/mcp-gateway';
export const connectInfo: GatewayConnectInfo = {
  endpoints: {
    aggregate: `${gatewayBase}/v1/mcp`,
    serverPattern: `${gatewayBase}/v1/servers/{namespace}/{name}/mcp`,
    profiles: [
      {
        name: 'support-agent',
        description: 'Read-only support tools',
        url: `${gatewayBase}/v1/profiles/support-agent/mcp`,
      },
    ],
  },
  clients: [
    {
      client: 'claude-desktop',
      fileHint: 'claude_desktop_config.json',
      config: {
        mcpServers: {
          backstage: {
            command: 'npx',
            args: ['-y', 'mcp-remote', `${gatewayBase}/v1/mcp`],
          },
        },
      },
    },
    {
      client: 'cursor',
      fileHint: '~/.cursor/mcp.json',
      config: { mcpServers: { backstage: { url: `${gatewayBase}/v1/mcp` } } },
    },
    {
      client: 'vscode',
      fileHint: '.vscode/mcp.json',
      config: {
        servers: { backstage: { type: 'http', url: `${gatewayBase}/v1/mcp` } },
      },
    },
    {
      client: 'claude-code',
      fileHint: 'a terminal',
      command: `claude mcp add --transport http backstage ${gatewayBase}/v1/mcp`,
    },
  ],
};

export const ledger = 'api:default/payments-ledger';
export const desk = 'api:default/support-desk';
export const tools: GatewayToolView[] = [
  {
    name: 'payments-ledger__get_balance',
    serverRef: ledger,
    tool: 'get_balance',
    description: 'Balance of an account',
    callable: true,
  },
  {
    name: 'payments-ledger__refund_payment',
    serverRef: ledger,
    tool: 'refund_payment',
    description: 'Refunds a payment',
    callable: false,
    refusal: {
      kind: 'policy',
      message: 'Refunds are for the payments team only.',
      rule: 'tool-access/refunds-payments-only',
      decisionId: 'dec-4711',
    },
  },
  {
    name: 'support-desk__close_ticket',
    serverRef: desk,
    tool: 'close_ticket',
    description: 'Closes a ticket',
    callable: false,
    refusal: {
      kind: 'definition-drift',
      message:
        'Its definition changed since it was approved: an owner of group:default/customer-success must approve it.',
    },
  },
  {
    name: 'support-desk__find_ticket',
    serverRef: desk,
    tool: 'find_ticket',
    description: 'Finds tickets',
    callable: true,
  },
];
/** An ISO time `ms` from now (negative: in the past). */
const fromNow = (ms: number) => new Date(Date.now() + ms).toISOString();

// Upstreams and refusals are built when the fake answers, so "5 minutes ago" and "probe in 25
// minutes" are relative to the answer; built when the file loads, a loaded machine may render
// them a minute later.
export const upstreams = (): GatewayUpstreamStatus[] => [
  {
    serverRef: ledger,
    alias: 'payments-ledger',
    breaker: 'closed',
    inFlight: 2,
    maxConcurrency: 16,
    recentCalls: 40,
    recentFailures: 1,
    protocolVersion: '2026-07-28',
  },
  {
    serverRef: desk,
    alias: 'support-desk',
    breaker: 'half-open',
    inFlight: 1,
    maxConcurrency: 8,
    recentCalls: 12,
    recentFailures: 5,
    lastError: 'upstream timed out after 10000 ms',
    lastErrorAt: fromNow(-180_000),
    protocolVersion: '2025-11-25',
  },
  {
    serverRef: 'api:default/legacy-crm',
    alias: 'legacy-crm',
    breaker: 'open',
    inFlight: 0,
    maxConcurrency: 8,
    recentCalls: 6,
    recentFailures: 6,
    // Upstream text is untrusted: it must show as text, never become markup.
    lastError: '<img src=x onerror="alert(1)"> connect ECONNREFUSED',
    lastErrorAt: fromNow(-30_000),
    retryAt: fromNow(25 * 60_000),
  },
];
export const refusals = (): GatewayRefusedCall[] => [
  {
    id: 'r1',
    at: fromNow(-5 * 60_000),
    user: 'user:default/guest',
    serverRef: ledger,
    tool: 'refund_payment',
    kind: 'policy',
    message: 'Refunds are for the payments team only.',
    rule: 'tool-access/refunds-payments-only',
    decisionId: 'dec-4711',
  },
];
export const everyonesRefusal = (): GatewayRefusedCall => ({
  id: 'r2',
  at: fromNow(-60 * 60_000),
  user: 'user:default/jane',
  serverRef: desk,
  tool: 'close_ticket',
  kind: 'rate-limit',
  message: 'Team customer-success used its 100 calls per minute.',
});

/** Calls the fake received, for asserting what the UI asked. */
export interface FakeGatewayCalls {
  refusals: { all?: boolean }[];
}

/** A gateway answering from the fixtures above; override a method to change its answer. */
export function fakeMcpGatewayApi(
  overrides: Partial<McpGatewayApi> = {},
  calls: FakeGatewayCalls = { refusals: [] },
): McpGatewayApi {
  return {
    getEndpoints: async () => connectInfo,
    listTools: async scope =>
      scope?.profile === 'support-agent'
        ? { items: tools.filter(t => t.serverRef === desk) }
        : { items: tools },
    listUpstreams: async () => ({ items: upstreams() }),
    listRefusals: async (options = {}) => {
      calls.refusals.push(options);
      return {
        items: options.all ? [...refusals(), everyonesRefusal()] : refusals(),
      };
    },
    ...overrides,
  };
}

/** Throws what the fetch client throws for a backend error with Backstage's standard body. */
export async function failWith(
  status: number,
  message: string,
): Promise<never> {
  throw await ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );
}
