import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SloListResponse } from '@mcp-platform/plugin-mcp-insights-common';
import { fakeMcpInsightsApi } from '../../__testUtils__/fakeMcpInsightsApi';
import { sloServers, teamList } from '../../__testUtils__/fixtures';
import { renderWithInsightsApi } from '../../__testUtils__/renderWithInsightsApi';
import { SloDashboardTab } from './SloDashboardTab';

const counts = { page: 1, ticket: 1, ok: 1, noSlo: 1 };

describe('SloDashboardTab', () => {
  it('lists servers by remaining error budget, least first, with their burn-rate status', async () => {
    const asked: (string | undefined)[] = [];
    const { api } = fakeMcpInsightsApi({
      listSloServers: async (query = {}): Promise<SloListResponse> => {
        asked.push(query.status);
        return {
          asOf: '2026-11-15T12:00:00.000Z',
          counts,
          items: sloServers.filter(
            s =>
              !query.status ||
              (s.objectives.length && s.status === query.status),
          ),
        };
      },
    });
    await renderWithInsightsApi(<SloDashboardTab />, api);

    const table = await screen.findByRole('table', {
      name: 'Service level objectives by server',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.querySelector('th')!.textContent)).toEqual([
      'payments-ledger',
      'fx-rates',
      'search-docs',
      'no-slo',
    ]);
    expect(within(rows[0]).getByText('5.0 %')).toBeInTheDocument();
    expect(
      within(rows[0]).getByLabelText('burn rate status page'),
    ).toBeInTheDocument();
    expect(within(rows[0]).getByText('7.2 h')).toBeInTheDocument();
    expect(
      within(rows[1]).getByLabelText('burn rate status ticket'),
    ).toBeInTheDocument();
    expect(within(rows[3]).getByText('no SLO')).toBeInTheDocument();
    expect(
      within(rows[0]).getByRole('link', { name: 'payments-ledger' }),
    ).toHaveAttribute(
      'href',
      '/mcp-insights/slo/servers/default/payments-ledger',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Page 1' }));
    await waitFor(() => expect(asked).toEqual([undefined, 'page']));
    const filtered = await screen.findByRole('table', {
      name: 'Service level objectives by server',
    });
    expect(within(filtered).getAllByRole('row')).toHaveLength(2);
  });

  it('narrows the list to a team, its sub-teams included, and keeps it in the URL', async () => {
    const asked: { team?: string; status?: string }[] = [];
    const { api } = fakeMcpInsightsApi({
      listTeamCosts: async () => teamList,
      listSloServers: async (query = {}): Promise<SloListResponse> => {
        asked.push(query);
        return {
          asOf: '2026-11-15T12:00:00.000Z',
          counts,
          items: query.team ? sloServers.slice(0, 1) : sloServers,
        };
      },
    });
    await renderWithInsightsApi(<SloDashboardTab />, api);

    fireEvent.mouseDown(await screen.findByRole('button', { name: /^Team/ }));
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'All teams',
      'Payments',
      'Ledger',
      'unallocated',
    ]);
    fireEvent.click(options[1]);

    await waitFor(() =>
      expect(asked.map(q => q.team)).toEqual([
        undefined,
        'group:default/payments',
      ]),
    );
    const table = await screen.findByRole('table', {
      name: 'Service level objectives by server',
    });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
  });

  it('still lists the servers when the teams cannot be loaded', async () => {
    const { api } = fakeMcpInsightsApi({
      listTeamCosts: async () => {
        throw new Error('cost backend down');
      },
      listSloServers: async () => ({
        asOf: '2026-11-15T12:00:00.000Z',
        counts,
        items: sloServers,
      }),
    });
    await renderWithInsightsApi(<SloDashboardTab />, api);
    expect(
      await screen.findByRole('table', {
        name: 'Service level objectives by server',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Team/ })).toBeNull();
  });

  it('says when no server is known yet', async () => {
    const { api } = fakeMcpInsightsApi({
      listSloServers: async () => ({
        asOf: '2026-11-15T12:00:00.000Z',
        counts: { page: 0, ticket: 0, ok: 0, noSlo: 0 },
        items: [],
      }),
    });
    await renderWithInsightsApi(<SloDashboardTab />, api);
    expect(
      await screen.findByText('No MCP servers known yet'),
    ).toBeInTheDocument();
  });
});
