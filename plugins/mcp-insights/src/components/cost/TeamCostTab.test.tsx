import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  backendError,
  fakeMcpInsightsApi,
} from '../../__testUtils__/fakeMcpInsightsApi';
import {
  analyticsConsumerReport,
  consumerList,
  paymentsReport,
  teamList,
  unallocatedSummary,
} from '../../__testUtils__/fixtures';
import { renderWithInsightsApi } from '../../__testUtils__/renderWithInsightsApi';
import { TeamCostTab } from './TeamCostTab';

describe('TeamCostTab', () => {
  let warnings: string[];
  beforeEach(() => {
    warnings = [];
    jest
      .spyOn(console, 'warn')
      .mockImplementation((...args) => warnings.push(args.join(' ')));
  });
  afterEach(() => jest.restoreAllMocks());

  it("shows the most expensive team's spend against its budget, with alerts and the drill-down", async () => {
    const { api, calls } = fakeMcpInsightsApi({
      listTeamCosts: async () => teamList,
      getTeamCostReport: async () => paymentsReport,
    });
    await renderWithInsightsApi(<TeamCostTab />, api);

    expect(await screen.findByText('$1,230.00')).toBeInTheDocument();
    expect(calls.getTeamCostReport).toEqual([
      { team: 'group:default/payments', month: undefined },
    ]);
    expect(screen.getByText('82.0 % used')).toBeInTheDocument();
    expect(
      screen.getByText('$1,230.00 of $1,500.00 (config)'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', {
        name: '82.0 % of the monthly budget spent',
      }),
    ).toHaveAttribute('aria-valuenow', '82');
    expect(screen.getByText('$2,610.00')).toBeInTheDocument();
    expect(
      screen.getByText("At the last 7 days' pace: 174.0 % of the budget."),
    ).toBeInTheDocument();
    expect(screen.getByText('+12.5 %')).toBeInTheDocument();
    expect(
      screen.getByText(/Payments has spent 82 % of its monthly budget/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Spend spike on 2026-11-12: 3.4× the 7-day average (alert above 3×)',
      ),
    ).toBeInTheDocument();
    const chart = screen.getByRole('figure', {
      name: 'Daily spend by category',
    });
    // Drawn, not collapsed to zero size: one bar per day and category, and the legend.
    expect(chart.querySelectorAll('.recharts-bar-rectangle')).toHaveLength(30);
    expect(within(chart).getByText('LLM tokens')).toBeInTheDocument();

    // Servers without an owner are shown as unallocated, never dropped.
    const servers = screen.getByRole('table', { name: 'Spend by server' });
    const orphan = within(servers).getByText('legacy-fx').closest('tr')!;
    expect(within(orphan).getByText('unallocated')).toBeInTheDocument();

    fireEvent.click(
      screen.getByRole('button', { name: 'Show tools of Payments ledger' }),
    );
    const tools = await screen.findByRole('table', {
      name: 'Tools of Payments ledger',
    });
    const refund = within(tools).getByText('refund_payment').closest('tr')!;
    expect(within(refund).getByText('$3.50')).toBeInTheDocument();

    expect(warnings.filter(w => /width|height/.test(w))).toEqual([]);
  });

  it("shows each server's own budget in the drill-down", async () => {
    const { api } = fakeMcpInsightsApi({
      listTeamCosts: async () => teamList,
      getTeamCostReport: async () => ({
        ...paymentsReport,
        servers: [
          {
            ...paymentsReport.servers[0],
            budget: {
              monthlyBudget: 320,
              source: 'config',
              monthToDate: 300,
              forecast: 620,
              usedRatio: 0.9375,
              forecastRatio: 1.9375,
              thresholdReached: 0.9,
              state: 'threshold-reached',
            },
          },
          paymentsReport.servers[1],
        ],
      }),
    });
    await renderWithInsightsApi(<TeamCostTab />, api);
    const servers = await screen.findByRole('table', {
      name: 'Spend by server',
    });
    const ledger = within(servers).getByText('Payments ledger').closest('tr')!;
    const budget = within(ledger).getByText('94 % of $320.00');
    expect(budget).toHaveAttribute('title', 'Past the 90 % alert threshold');
    const orphan = within(servers).getByText('legacy-fx').closest('tr')!;
    expect(within(orphan).getAllByText('—')).toHaveLength(2);
  });

  it('lists sub-teams under their parent and opens the picked team', async () => {
    const { api, calls } = fakeMcpInsightsApi({
      listTeamCosts: async () => teamList,
      getTeamCostReport: async () => paymentsReport,
    });
    await renderWithInsightsApi(<TeamCostTab />, api);

    fireEvent.mouseDown(await screen.findByRole('button', { name: /^Team/ }));
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Payments (with 1 sub-team) — $1,230.00',
      'Ledger — $300.00',
      'unallocated — $12.00',
    ]);
    fireEvent.click(options[1]);

    await waitFor(() =>
      expect(calls.getTeamCostReport.map(q => q.team)).toEqual([
        'group:default/payments',
        'group:default/ledger',
      ]),
    );
  });

  it('charges spend to the teams that called the servers through the gateway, in the consuming view', async () => {
    const { api, calls } = fakeMcpInsightsApi({
      listTeamCosts: async () => teamList,
      getTeamCostReport: async () => paymentsReport,
      listConsumerCosts: async () => consumerList,
      getConsumerCostReport: async () => analyticsConsumerReport,
    });
    await renderWithInsightsApi(<TeamCostTab />, api, {
      initialRouteEntries: ['/?team=group:default/payments&month=2026-11'],
    });
    expect(
      await screen.findByRole('button', { name: 'By owning team' }),
    ).toHaveAttribute('aria-pressed', 'true');

    fireEvent.click(screen.getByRole('button', { name: 'By consuming team' }));

    // The view opens on its most expensive team: direct use, charged to the owners.
    await waitFor(() =>
      expect(calls.getConsumerCostReport).toEqual([
        { team: 'direct', month: '2026-11' },
      ]),
    );
    expect(
      screen.getByRole('button', { name: 'By consuming team' }),
    ).toHaveAttribute('aria-pressed', 'true');
    fireEvent.mouseDown(
      await screen.findByRole('button', { name: /^Consuming team/ }),
    );
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'direct / unmetered — $1,146.00',
      'Engineering (with 1 sub-team) — $96.00',
      'Analytics — $96.00',
    ]);
    fireEvent.click(options[2]);
    await waitFor(() =>
      expect(calls.getConsumerCostReport.map(q => q.team)).toEqual([
        'direct',
        'group:default/analytics',
      ]),
    );

    const servers = await screen.findByRole('table', {
      name: 'Spend by server called',
    });
    const ledger = within(servers).getByText('Payments ledger').closest('tr')!;
    expect(within(ledger).getByText('32.0 %')).toBeInTheDocument();
    expect(within(ledger).getByText('$96.00')).toBeInTheDocument();
    expect(within(ledger).getByText('ledger')).toBeInTheDocument();
    expect(
      screen.getByText(
        /split among the teams that called it through the MCP gateway/,
      ),
    ).toBeInTheDocument();

    // Its CSV is the consuming view's, without the owning view's row level.
    expect(screen.queryByLabelText('Rows')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() =>
      expect(calls.exportCostCsv).toEqual([
        {
          team: 'group:default/analytics',
          month: '2026-11',
          level: 'server',
          view: 'consuming',
        },
      ]),
    );
  });

  it('exports the CSV with the report filters through the API, as a download', async () => {
    const createObjectURL = jest.fn(() => 'blob:mcp-cost');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const downloads: { download: string; href: string }[] = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        downloads.push({ download: this.download, href: this.href });
      });
    const { api, calls } = fakeMcpInsightsApi({
      listTeamCosts: async () => teamList,
      getTeamCostReport: async () => paymentsReport,
      exportCostCsv: async () => ({
        fileName: 'mcp-cost-group-default-payments-2026-10.csv',
        blob: new Blob(['date,team\r\n'], { type: 'text/csv' }),
      }),
    });
    await renderWithInsightsApi(<TeamCostTab />, api, {
      initialRouteEntries: ['/?team=group:default/payments&month=2026-10'],
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Export CSV' }));

    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(calls.exportCostCsv).toEqual([
      { team: 'group:default/payments', month: '2026-10', level: 'server' },
    ]);
    expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
    expect(downloads[0]).toEqual({
      download: 'mcp-cost-group-default-payments-2026-10.csv',
      href: 'blob:mcp-cost',
    });
  });

  it('says that no usage was collected yet, and how it gets in', async () => {
    const { api } = fakeMcpInsightsApi({
      listTeamCosts: async () => ({ ...teamList, teams: [unallocatedSummary] }),
      getTeamCostReport: async () => ({
        ...paymentsReport,
        ...unallocatedSummary,
        monthToDate: { compute: 0, llmTokens: 0, other: 0, total: 0 },
        servers: [],
        childTeams: [],
        alerts: [],
      }),
      getCollectionStatus: async () => ({
        source: 'scrape',
        targets: [
          {
            target: 'api:default/payments-ledger',
            url: 'http://ledger/metrics',
            lastError: 'HTTP 404',
            warnings: [],
            consecutiveFailures: 3,
            seriesCount: 0,
          },
        ],
      }),
    });
    await renderWithInsightsApi(<TeamCostTab />, api);

    expect(
      await screen.findByText('No usage collected yet'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        /Failing: api:default\/payments-ledger \(HTTP 404\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Spend of servers without an owner has no budget: give them an owner in the catalog.',
      ),
    ).toBeInTheDocument();
  });

  it('shows what the backend said when it fails', async () => {
    const { api } = fakeMcpInsightsApi({
      listTeamCosts: async () => {
        throw await backendError(
          400,
          'InputError',
          'Invalid query: month must look like 2026-11',
        );
      },
    });
    await renderWithInsightsApi(<TeamCostTab />, api, {
      initialRouteEntries: ['/?month=11-2026'],
    });

    expect(
      await screen.findByText("Error: Could not load the teams' spend"),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Invalid query: month must look like 2026-11'),
    ).toBeInTheDocument();
  });
});
