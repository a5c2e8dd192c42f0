import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { McpToolSummary } from '@mcp-platform/plugin-mcp-catalog-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { McpCatalogApi, mcpCatalogApiRef, ToolSearchQuery } from '../../api';
import { queryFromParams, ToolsTab } from './ToolsTab';

const tool = (
  name: string,
  extra: Partial<McpToolSummary> = {},
): McpToolSummary => ({
  serverRef: 'api:default/payments-ledger',
  serverName: 'payments-ledger',
  owner: 'group:default/payments',
  name,
  description: `Does ${name}`,
  readOnly: false,
  destructive: false,
  approval: 'approved',
  state: 'active',
  version: 1,
  definitionHash: 'a'.repeat(64),
  lastSeenAt: new Date().toISOString(),
  ...extra,
});

/** An in-memory catalog that filters like the backend does, recording each query. */
function inMemoryCatalog(tools: McpToolSummary[]) {
  const queries: ToolSearchQuery[] = [];
  const api: Partial<McpCatalogApi> = {
    listServers: async () => ({
      items: [
        {
          entityRef: 'api:default/payments-ledger',
          name: 'payments-ledger',
          owner: 'group:default/payments',
          remotes: [],
          status: 'ok',
          consecutiveFailures: 0,
          toolCount: 2,
          updatedAt: '',
        },
        {
          entityRef: 'api:default/support-desk',
          name: 'support-desk',
          owner: 'group:default/customer-success',
          remotes: [],
          status: 'ok',
          consecutiveFailures: 0,
          toolCount: 1,
          updatedAt: '',
        },
      ],
      totalCount: 2,
      offset: 0,
      limit: 500,
    }),
    searchTools: async q => {
      queries.push(q);
      const words = (q.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const items = tools.filter(
        t =>
          words.every(w =>
            `${t.name} ${t.description}`.toLowerCase().includes(w),
          ) &&
          (!q.owner || t.owner === q.owner) &&
          (q.readOnly === undefined || t.readOnly === q.readOnly) &&
          (q.destructive === undefined || t.destructive === q.destructive) &&
          (!q.changed || t.approval !== 'approved'),
      );
      return {
        items: items.slice(q.offset, q.offset + q.limit),
        totalCount: items.length,
        offset: q.offset,
        limit: q.limit,
      };
    },
  };
  return { api: api as McpCatalogApi, queries };
}

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

function ShowLocation() {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
}

describe('ToolsTab', () => {
  const tools = [
    tool('refund_payment', { destructive: true, approval: 'changed' }),
    tool('get_balance', { readOnly: true }),
    tool('close_ticket', {
      serverRef: 'api:default/support-desk',
      serverName: 'support-desk',
      owner: 'group:default/customer-success',
      destructive: true,
    }),
  ];

  it('searches as the user types (debounced) and keeps the query in the URL', async () => {
    const { api, queries } = inMemoryCatalog(tools);
    await renderInTestApp(
      <>
        <ToolsTab />
        <ShowLocation />
      </>,
      { apis: [[mcpCatalogApiRef, api]], mountedRoutes },
    );
    expect(await screen.findByText('get_balance')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Search tools'), {
      target: { value: 'ref' },
    });
    fireEvent.change(screen.getByLabelText('Search tools'), {
      target: { value: 'refund' },
    });
    await waitFor(() =>
      expect(screen.queryByText('get_balance')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('refund_payment')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('?q=refund');
    // The intermediate "ref" was never sent: the box is debounced.
    expect(queries.map(q => q.q)).not.toContain('ref');
    expect(screen.getByText('changed: awaiting approval')).toBeInTheDocument();
    expect(screen.getByText('destructive')).toBeInTheDocument();
  });

  it('filters by owner, kind and approval, and says so when nothing matches', async () => {
    const { api } = inMemoryCatalog(tools);
    await renderInTestApp(
      <>
        <ToolsTab />
        <ShowLocation />
      </>,
      {
        apis: [[mcpCatalogApiRef, api]],
        mountedRoutes,
        initialRouteEntries: [
          '/?owner=group:default/payments&destructive=true',
        ],
      },
    );
    expect(await screen.findByText('refund_payment')).toBeInTheDocument();
    expect(screen.queryByText('close_ticket')).not.toBeInTheDocument();
    expect(screen.queryByText('get_balance')).not.toBeInTheDocument();

    fireEvent.click(
      screen.getByLabelText('Only tools awaiting approval (new or changed)'),
    );
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('changed=true'),
    );
    expect(screen.getByText('refund_payment')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Search tools'), {
      target: { value: 'nothing-like-this' },
    });
    expect(
      await screen.findByText(/No tools match "nothing-like-this"/),
    ).toBeInTheDocument();
  });

  it('applies a filter chosen from a select', async () => {
    const { api } = inMemoryCatalog(tools);
    await renderInTestApp(
      <>
        <ToolsTab />
        <ShowLocation />
      </>,
      { apis: [[mcpCatalogApiRef, api]], mountedRoutes },
    );
    expect(await screen.findByText('close_ticket')).toBeInTheDocument();
    // MUI's select opens from the element that shows the current choice.
    fireEvent.mouseDown(screen.getByText('Any kind'));
    fireEvent.click(await screen.findByRole('option', { name: 'Read-only' }));
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('readOnly=true'),
    );
    await waitFor(() =>
      expect(screen.queryByText('close_ticket')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('get_balance')).toBeInTheDocument();
  });

  it('pages through results', async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      tool(`tool_${String(i).padStart(2, '0')}`),
    );
    const { api } = inMemoryCatalog(many);
    await renderInTestApp(
      <>
        <ToolsTab />
        <ShowLocation />
      </>,
      { apis: [[mcpCatalogApiRef, api]], mountedRoutes },
    );
    expect(await screen.findByText('tool_00')).toBeInTheDocument();
    expect(screen.queryByText('tool_25')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /next page/i }));
    expect(await screen.findByText('tool_25')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('offset=25');
    const table = screen.getByRole('table', { name: 'Tools' });
    expect(within(table).queryByText('tool_00')).not.toBeInTheDocument();
  });
});

describe('queryFromParams', () => {
  it('reads a shared link, ignoring values it does not understand', () => {
    expect(
      queryFromParams(
        new URLSearchParams(
          'q=refund&readOnly=true&minSeverity=extreme&limit=7&offset=-3',
        ),
      ),
    ).toEqual({
      q: 'refund',
      owner: undefined,
      server: undefined,
      readOnly: true,
      destructive: undefined,
      minSeverity: undefined,
      changed: undefined,
      limit: 25,
      offset: 0,
    });
  });
});
