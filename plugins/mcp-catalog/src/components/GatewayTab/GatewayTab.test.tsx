import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  McpCatalogApi,
  mcpCatalogApiRef,
  McpGatewayApi,
  mcpGatewayApiRef,
} from '../../api';
import { policyPageRouteRef } from '../../routes';
import {
  failWith,
  FakeGatewayCalls,
  fakeMcpGatewayApi,
  gatewayBase,
} from '../../testing/fakeMcpGatewayApi';
import { McpCatalogPage } from '../McpCatalogPage';

// usePermission caches answers for the whole file (SWR), so every test here is a gateway
// admin; RefusedCallsTable.test.tsx holds the non-admin case.
const render = (
  gateway: McpGatewayApi,
  options: { policyInstalled?: boolean } = {},
) =>
  renderInTestApp(
    <Routes>
      <Route path="/mcp/*" element={<McpCatalogPage />} />
    </Routes>,
    {
      apis: [
        [mcpGatewayApiRef, gateway],
        [mcpCatalogApiRef, {} as McpCatalogApi],
        mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
      ],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...(options.policyInstalled
          ? { '/mcp-policy': policyPageRouteRef }
          : {}),
      },
      initialRouteEntries: ['/mcp/gateway'],
    },
  );

const toolsTable = async () =>
  (await screen.findByText('What can I call')).closest(
    '[class*="MuiPaper-root"]',
  ) as HTMLElement;

describe('Gateway tab', () => {
  it('shows how to connect: the endpoint, profiles and a snippet per client', async () => {
    await render(fakeMcpGatewayApi());
    expect(screen.getByRole('tab', { name: 'Gateway' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      await screen.findByText(`${gatewayBase}/v1/mcp`),
    ).toBeInTheDocument();
    expect(
      screen.getByText(`${gatewayBase}/v1/profiles/support-agent/mcp`),
    ).toBeInTheDocument();
    expect(screen.getByText(/Read-only support tools/)).toBeInTheDocument();
    expect(await screen.findByText(/mcp-remote/)).toBeInTheDocument();
    expect(screen.getByText('claude_desktop_config.json')).toBeInTheDocument();
    expect(screen.getByText(/Authorization: Bearer/)).toBeInTheDocument();

    fireEvent.click(screen.getByRole('tab', { name: 'Claude Code' }));
    expect(
      await screen.findByText(
        `claude mcp add --transport http backstage ${gatewayBase}/v1/mcp`,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/Run this in a terminal/)).toBeInTheDocument();
  });

  it('lists callable and refused tools, each refusal with its reason', async () => {
    await render(fakeMcpGatewayApi(), { policyInstalled: true });
    const table = within(await toolsTable());
    expect(
      await table.findByText('payments-ledger__refund_payment'),
    ).toBeInTheDocument();
    expect(table.getByText('payments-ledger__get_balance')).toBeInTheDocument();
    expect(table.getByLabelText('All (4)')).toBeChecked();
    expect(table.getByLabelText('Callable (2)')).toBeInTheDocument();
    expect(table.getByLabelText('Refused (2)')).toBeInTheDocument();
    expect(table.getAllByText('callable')).toHaveLength(2);

    const refundRow = within(
      table.getByText('payments-ledger__refund_payment').closest('tr')!,
    );
    expect(refundRow.getByText('denied by policy')).toBeInTheDocument();
    expect(
      refundRow.getByText('Refunds are for the payments team only.'),
    ).toBeInTheDocument();
    expect(
      refundRow.getByText('tool-access/refunds-payments-only'),
    ).toBeInTheDocument();
    expect(refundRow.getByText('dec-4711')).toBeInTheDocument();
    expect(refundRow.getByText('decision log')).toHaveAttribute(
      'href',
      '/mcp-policy/decisions',
    );
    expect(
      refundRow.getByText('payments-ledger__refund_payment').closest('a'),
    ).toHaveAttribute(
      'href',
      '/mcp/servers/default/payments-ledger/tools/refund_payment',
    );

    const driftRow = within(
      table.getByText('support-desk__close_ticket').closest('tr')!,
    );
    expect(
      driftRow.getByText('changed: awaiting approval'),
    ).toBeInTheDocument();
    expect(driftRow.getByText(/must approve it/)).toBeInTheDocument();
  });

  it('shows policy rule and decision as text when the policy plugin is not installed', async () => {
    await render(fakeMcpGatewayApi());
    const table = within(await toolsTable());
    const refundRow = within(
      (await table.findByText('payments-ledger__refund_payment')).closest(
        'tr',
      )!,
    );
    expect(refundRow.getByText('dec-4711')).toBeInTheDocument();
    expect(refundRow.queryByText('decision log')).not.toBeInTheDocument();
  });

  it('filters tools by access and by search text', async () => {
    await render(fakeMcpGatewayApi());
    const table = within(await toolsTable());
    await table.findByText('payments-ledger__get_balance');

    fireEvent.click(table.getByLabelText('Refused (2)'));
    await waitFor(() =>
      expect(
        table.queryByText('payments-ledger__get_balance'),
      ).not.toBeInTheDocument(),
    );
    expect(
      table.getByText('payments-ledger__refund_payment'),
    ).toBeInTheDocument();
    expect(table.getByText('support-desk__close_ticket')).toBeInTheDocument();

    fireEvent.click(table.getByLabelText('Callable (2)'));
    await waitFor(() =>
      expect(
        table.queryByText('payments-ledger__refund_payment'),
      ).not.toBeInTheDocument(),
    );
    expect(table.getByText('payments-ledger__get_balance')).toBeInTheDocument();
    expect(table.getByText('support-desk__find_ticket')).toBeInTheDocument();

    fireEvent.click(table.getByLabelText('All (4)'));
    fireEvent.change(table.getByPlaceholderText('Filter'), {
      target: { value: 'ticket' },
    });
    await waitFor(() =>
      expect(
        table.queryByText('payments-ledger__get_balance'),
      ).not.toBeInTheDocument(),
    );
    expect(table.getByText('support-desk__find_ticket')).toBeInTheDocument();
    expect(table.getByText('support-desk__close_ticket')).toBeInTheDocument();
  });

  it('lists a profile’s tools when the profile is chosen', async () => {
    await render(fakeMcpGatewayApi());
    const table = within(await toolsTable());
    await table.findByText('payments-ledger__get_balance');
    fireEvent.mouseDown(table.getByLabelText('Endpoint'));
    fireEvent.click(
      await screen.findByRole('option', { name: 'Profile support-agent' }),
    );
    await waitFor(() =>
      expect(
        table.queryByText('payments-ledger__get_balance'),
      ).not.toBeInTheDocument(),
    );
    expect(table.getByText('support-desk__find_ticket')).toBeInTheDocument();
  });

  it('shows each upstream’s breaker state, load, failures and last error as text', async () => {
    await render(fakeMcpGatewayApi());
    const table = within(
      (await screen.findByText('Upstream health')).closest(
        '[class*="MuiPaper-root"]',
      ) as HTMLElement,
    );
    expect(
      (await table.findByText('closed')).closest('[title]'),
    ).toHaveAttribute('title', 'healthy: calls go through');
    expect(table.getByText('half-open')).toBeInTheDocument();
    expect(table.getByText('open')).toBeInTheDocument();
    expect(table.getByText('probe in 25 minutes')).toBeInTheDocument();
    expect(table.getByText('2 / 16')).toBeInTheDocument();
    expect(table.getByText('5 of 12 calls')).toBeInTheDocument();
    expect(
      table.getByText('upstream timed out after 10000 ms'),
    ).toBeInTheDocument();
    expect(table.getByText('3 minutes ago')).toBeInTheDocument();
    expect(
      table.getByText('<img src=x onerror="alert(1)"> connect ECONNREFUSED'),
    ).toBeInTheDocument();
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(
      table.getByText(/2 of 3 servers failing or recovering/),
    ).toBeInTheDocument();
  });

  it('shows the caller’s refused calls, and everyone’s to a gateway admin', async () => {
    const calls: FakeGatewayCalls = { refusals: [] };
    await render(fakeMcpGatewayApi({}, calls));
    const table = within(
      (await screen.findByText('Your recent refused calls')).closest(
        '[class*="MuiPaper-root"]',
      ) as HTMLElement,
    );
    const row = within(
      (await table.findByText('5 minutes ago')).closest('tr')!,
    );
    expect(row.getByText('refund_payment')).toBeInTheDocument();
    expect(row.getByText('denied by policy')).toBeInTheDocument();
    expect(
      row.getByText('Refunds are for the payments team only.'),
    ).toBeInTheDocument();
    expect(
      row.getByText('tool-access/refunds-payments-only'),
    ).toBeInTheDocument();
    expect(table.queryByText('user:default/jane')).not.toBeInTheDocument();

    fireEvent.click(table.getByLabelText("Every caller's (gateway admin)"));
    expect(
      await screen.findByText('Recent refused calls (everyone)'),
    ).toBeInTheDocument();
    expect(await screen.findByText('user:default/jane')).toBeInTheDocument();
    expect(screen.getByText('rate limited')).toBeInTheDocument();
    expect(calls.refusals).toContainEqual({ all: true });
  });

  it('says what is missing when the gateway has nothing yet', async () => {
    await render(
      fakeMcpGatewayApi({
        listTools: async () => ({ items: [] }),
        listUpstreams: async () => ({ items: [] }),
        listRefusals: async () => ({ items: [] }),
      }),
    );
    expect(
      await screen.findByText(/No MCP servers behind the gateway yet/),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/No upstream servers yet/),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'The gateway has refused none of your calls recently.',
      ),
    ).toBeInTheDocument();
  });

  it('shows an error panel with the backend’s message when the gateway fails', async () => {
    await render(
      fakeMcpGatewayApi({
        listTools: () =>
          failWith(503, 'The policy engine did not answer in time'),
        listUpstreams: () =>
          failWith(503, 'The policy engine did not answer in time'),
      }),
    );
    expect(
      await screen.findByText(
        'Error: Could not load the tools the gateway offers you',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Error: Could not load upstream health'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('The policy engine did not answer in time'),
    ).toHaveLength(2);
    expect(
      screen.getAllByText(/check the backend logs \(plugin mcp-gateway\)/),
    ).toHaveLength(2);
    // The parts that did load still show.
    expect(
      await screen.findByText(`${gatewayBase}/v1/mcp`),
    ).toBeInTheDocument();
  });

  it('says the gateway backend may not be installed when it answers 404', async () => {
    const notFound = () => failWith(404, 'Not Found');
    await render(
      fakeMcpGatewayApi({
        getEndpoints: notFound,
        listTools: notFound,
        listUpstreams: notFound,
        listRefusals: notFound,
      }),
    );
    expect(
      await screen.findByText("Error: Could not load the gateway's endpoints"),
    ).toBeInTheDocument();
    expect(
      (
        await screen.findAllByText(
          /add @mcp-platform\/plugin-mcp-gateway-backend/,
        )
      ).length,
    ).toBeGreaterThan(0);
  });
});
