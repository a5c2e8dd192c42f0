import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { McpServerDetail } from '@mcp-platform/plugin-mcp-catalog-common';
import { ResponseError } from '@backstage/errors';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  McpCatalogApi,
  mcpCatalogApiRef,
  McpGatewayApi,
  mcpGatewayApiRef,
} from '../api';
import {
  failWith,
  fakeMcpGatewayApi,
  gatewayBase,
} from '../testing/fakeMcpGatewayApi';
import { McpCatalogPage } from './McpCatalogPage';

/** An ISO time `ms` before now. */
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

// The servers are built when the fake API answers, so "2 minutes ago" is relative to the answer;
// built when the file loads, a loaded machine may render them a minute later.
const ledger = (): McpServerDetail => ({
  entityRef: 'api:default/payments-ledger',
  name: 'payments-ledger',
  title: 'Payments ledger',
  owner: 'group:default/payments',
  lifecycle: 'production',
  remotes: [{ type: 'streamable-http', url: 'http://localhost:7101/mcp' }],
  status: 'ok',
  lastSuccessAt: ago(120_000),
  consecutiveFailures: 0,
  transport: 'streamable-http',
  protocolVersion: '2026-07-28',
  protocolEra: 'modern',
  protocolRevisions: ['2026-07-28', '2025-11-25'],
  serverInfo: { name: 'payments-ledger', version: '1.4.2' },
  toolCount: 1,
  updatedAt: ago(0),
  capabilities: { tools: {} },
  tools: [],
  prompts: [],
  resources: [],
  findings: [],
  killSwitchHistory: [],
  discoveryHistory: [
    {
      attemptedAt: ago(120_000),
      ok: true,
      toolCount: 1,
      latencyMs: 42,
      transport: 'streamable-http',
    },
    {
      attemptedAt: ago(3_600_000),
      ok: false,
      error: 'connect ECONNREFUSED 127.0.0.1:7101',
    },
  ],
});
const legacyOnly = () => ({
  ...ledger(),
  entityRef: 'api:default/model-gateway',
  name: 'model-gateway',
  title: 'Model gateway',
  protocolVersion: '2025-11-25',
  protocolEra: 'legacy' as const,
  protocolRevisions: ['2025-11-25'],
});
const broken = () => ({
  ...ledger(),
  protocolVersion: undefined,
  protocolEra: undefined,
  protocolRevisions: undefined,
  entityRef: 'api:default/broken',
  name: 'broken',
  title: undefined,
  status: 'error' as const,
  lastSuccessAt: undefined,
  lastError: 'streamable-http http://10.0.0.1/mcp: Refusing to connect',
});

// Created from the template, never deployed: nothing answers at its address yet.
const fresh = (): McpServerDetail => ({
  ...ledger(),
  protocolVersion: undefined,
  protocolEra: undefined,
  protocolRevisions: undefined,
  serverInfo: undefined,
  capabilities: undefined,
  entityRef: 'api:default/fresh-server',
  name: 'fresh-server',
  title: 'Fresh server',
  remotes: [{ type: 'streamable-http', url: 'https://fresh.mcp.internal/mcp' }],
  status: 'awaiting-deployment',
  lastSuccessAt: undefined,
  lastError:
    'streamable-http https://fresh.mcp.internal/mcp: the connection failed',
  consecutiveFailures: 3,
  toolCount: 0,
  discoveryHistory: [],
});

function catalog(overrides: Partial<McpCatalogApi> = {}): McpCatalogApi {
  return {
    listServers: async () => ({
      items: [ledger(), legacyOnly(), broken()],
      totalCount: 3,
      offset: 0,
      limit: 500,
    }),
    getServer: async ref => {
      if (ref === ledger().entityRef) return ledger();
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotFoundError', message: `No MCP server ${ref}` },
          }),
          {
            status: 404,
            headers: { 'content-type': 'application/json' },
          },
        ),
      );
    },
    getClientConfig: async (_ref, client) => ({
      client,
      fileHint: 'claude_desktop_config.json',
      config: {
        mcpServers: {
          'payments-ledger': {
            command: 'npx',
            args: ['-y', 'mcp-remote', ledger().remotes[0].url],
          },
        },
      },
    }),
    ...overrides,
  } as McpCatalogApi;
}

const render = (
  api: McpCatalogApi,
  path = '/mcp',
  gateway: McpGatewayApi = fakeMcpGatewayApi(),
) =>
  renderInTestApp(
    <Routes>
      <Route path="/mcp/*" element={<McpCatalogPage />} />
    </Routes>,
    {
      apis: [
        [mcpCatalogApiRef, api],
        [mcpGatewayApiRef, gateway],
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: [path],
    },
  );

describe('McpCatalogPage', () => {
  it('lists servers with their discovery status, errors and protocol revisions', async () => {
    await render(catalog());
    expect(await screen.findByText('Payments ledger')).toBeInTheDocument();
    expect(screen.getByText('MCP servers (3)')).toBeInTheDocument();
    expect(screen.getAllByText('last discovered 2 minutes ago')).toHaveLength(
      2,
    );
    // The ledger speaks both revisions, the gateway only 2025-11-25, the broken one is unknown.
    expect(screen.getAllByText('2026-07-28')).toHaveLength(1);
    expect(screen.getAllByText('2025-11-25')).toHaveLength(2);
    expect(screen.getByText('failing')).toBeInTheDocument();
    expect(screen.getByText(/Refusing to connect/)).toBeInTheDocument();
    expect(screen.getByText('Payments ledger').closest('a')).toHaveAttribute(
      'href',
      '/mcp/servers/default/payments-ledger',
    );
  });

  it('shows a server that never answered as awaiting its first deployment, not failing', async () => {
    await render(
      catalog({
        listServers: async () => ({
          items: [ledger(), fresh()],
          totalCount: 2,
          offset: 0,
          limit: 500,
        }),
        getServer: async () => fresh(),
      }),
    );
    expect(await screen.findByText('Fresh server')).toBeInTheDocument();
    const chip = screen.getByText('awaiting first deployment');
    expect(chip.closest('[title]')).toHaveAttribute(
      'title',
      expect.stringMatching(/never answered.*no compute cost/),
    );
    expect(screen.queryByText('failing')).not.toBeInTheDocument();
    // Its last attempt is no error to alarm anyone with in the list.
    expect(screen.queryByText(/the connection failed/)).not.toBeInTheDocument();
  });

  it('explains on the server page that a server awaits its first deployment', async () => {
    await render(
      catalog({ getServer: async () => fresh() }),
      '/mcp/servers/default/fresh-server',
    );
    expect(
      await screen.findByText('Awaiting its first deployment'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /no compute cost is charged for it until it first answers/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Deploy it at https:\/\/fresh.mcp.internal\/mcp/),
    ).toBeInTheDocument();
    expect(screen.getByText('awaiting first deployment')).toBeInTheDocument();
    expect(screen.queryByText(/^last error$/i)).not.toBeInTheDocument();
    expect(screen.getByText(/^last attempt$/i)).toBeInTheDocument();
  });

  it('shows a server page with its info and the client config to copy', async () => {
    await render(catalog(), '/mcp/servers/default/payments-ledger');
    expect(
      await screen.findByText('payments-ledger 1.4.2'),
    ).toBeInTheDocument();
    expect(screen.getByText('2026-07-28')).toBeInTheDocument();
    expect(screen.getByText('2025-11-25')).toBeInTheDocument();
    expect(
      screen.getByText('2026-07-28 over streamable-http'),
    ).toBeInTheDocument();
    expect(await screen.findByText(/mcp-remote/)).toBeInTheDocument();
    expect(
      screen.getByText('This server offers no tools.'),
    ).toBeInTheDocument();
  });

  it('shows the server’s own endpoint through the gateway', async () => {
    await render(catalog(), '/mcp/servers/default/payments-ledger');
    expect(
      await screen.findByText(
        `${gatewayBase}/v1/servers/default/payments-ledger/mcp`,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Gateway tab').closest('a')).toHaveAttribute(
      'href',
      '/mcp/gateway',
    );
  });

  it('leaves the gateway card out where no gateway backend is installed', async () => {
    await render(
      catalog(),
      '/mcp/servers/default/payments-ledger',
      fakeMcpGatewayApi({ getEndpoints: () => failWith(404, 'Not Found') }),
    );
    expect(
      await screen.findByText('payments-ledger 1.4.2'),
    ).toBeInTheDocument();
    expect(await screen.findByText(/mcp-remote/)).toBeInTheDocument();
    expect(screen.queryByText('Through the gateway')).not.toBeInTheDocument();
  });

  it('says what to do when a server is unknown or the backend fails', async () => {
    await render(catalog(), '/mcp/servers/default/ghost');
    expect(
      await screen.findByText(/No MCP server api:default\/ghost/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/servers appear within a minute of registration/),
    ).toBeInTheDocument();
  });

  it('explains how to add a server when there is none', async () => {
    await render(
      catalog({
        listServers: async () => ({
          items: [],
          totalCount: 0,
          offset: 0,
          limit: 500,
        }),
      }),
    );
    expect(await screen.findByText(/No MCP servers yet/)).toBeInTheDocument();
  });
});
