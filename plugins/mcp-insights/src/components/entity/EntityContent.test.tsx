import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import {
  backendError,
  fakeMcpInsightsApi,
} from '../../__testUtils__/fakeMcpInsightsApi';
import {
  ledgerServer,
  paymentsReport,
  period,
} from '../../__testUtils__/fixtures';
import { renderWithInsightsApi } from '../../__testUtils__/renderWithInsightsApi';
import { EntityGroupCostContent } from './EntityGroupCostContent';
import { EntityServerCostContent } from './EntityServerCostContent';

const server: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name: 'payments-ledger', namespace: 'default' },
  spec: { type: 'mcp-server', lifecycle: 'production', owner: 'ledger' },
};
const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: ['ledger'] },
};

describe('entity tabs', () => {
  it("shows an MCP server's spend and its tools' cost per 1 000 calls", async () => {
    const asked: string[] = [];
    const { api } = fakeMcpInsightsApi({
      getServerCostReport: async ({ serverRef }) => {
        asked.push(serverRef);
        return {
          currency: 'USD',
          asOf: '2026-11-15T12:00:00.000Z',
          period,
          server: ledgerServer,
          previousPeriod: { compute: 150, llmTokens: 50, other: 0, total: 200 },
          changeRatio: 0.5,
          daily: paymentsReport.daily,
          models: [],
          alerts: [],
          gateway: null,
          consumers: [],
        };
      },
    });
    await renderWithInsightsApi(
      <EntityProvider entity={server}>
        <EntityServerCostContent />
      </EntityProvider>,
      api,
    );
    expect(await screen.findByText('$300.00')).toBeInTheDocument();
    expect(asked).toEqual(['api:default/payments-ledger']);
    expect(screen.getByText('+50.0 %')).toBeInTheDocument();
    expect(screen.getByText('$2.50')).toBeInTheDocument();
    expect(screen.getByText('$3.50')).toBeInTheDocument();
    // Without a budget of its own, the team's applies.
    expect(screen.getByText('No budget of its own')).toBeInTheDocument();
    // Without calls through the gateway there is nothing to say about it.
    expect(
      screen.queryByText('Observed at the MCP gateway'),
    ).not.toBeInTheDocument();
  });

  it("shows a server's own budget, where its spend stands and its alerts", async () => {
    const { api } = fakeMcpInsightsApi({
      getServerCostReport: async () => ({
        currency: 'USD',
        asOf: '2026-11-15T12:00:00.000Z',
        period,
        server: {
          ...ledgerServer,
          budget: {
            monthlyBudget: 250,
            source: 'annotation',
            monthToDate: 300,
            forecast: 620,
            usedRatio: 1.2,
            forecastRatio: 2.48,
            thresholdReached: 1,
            state: 'over-budget',
          },
        },
        previousPeriod: { compute: 0, llmTokens: 0, other: 0, total: 0 },
        changeRatio: null,
        daily: paymentsReport.daily,
        models: [],
        alerts: [
          {
            kind: 'budget-threshold',
            severity: 'critical',
            team: 'group:default/ledger',
            serverRef: 'api:default/payments-ledger',
            threshold: 1,
            value: 1.2,
            message:
              'Payments ledger has spent 120 % of its monthly budget (USD 300.00 of USD 250.00), past the 100 % threshold.',
          },
        ],
        gateway: null,
        consumers: [],
      }),
    });
    await renderWithInsightsApi(
      <EntityProvider entity={server}>
        <EntityServerCostContent />
      </EntityProvider>,
      api,
    );
    expect(
      await screen.findByText('120.0 % used · Over budget'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "$300.00 of $250.00 (API annotation); it also counts towards the team's budget.",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', {
        name: '120.0 % of the monthly budget spent',
      }),
    ).toHaveAttribute('aria-valuenow', '100');
    expect(screen.getByText('$620.00')).toBeInTheDocument();
    expect(
      screen.getByText(
        "At the last 7 days' pace: 248.0 % of the server's budget.",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Server budget threshold 100 % reached'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Payments ledger has spent 120 % of its monthly budget/),
    ).toBeInTheDocument();
  });

  it('shows what the gateway observed of a server, and its spend by consuming team', async () => {
    const { api } = fakeMcpInsightsApi({
      getServerCostReport: async () => ({
        currency: 'USD',
        asOf: '2026-11-15T12:00:00.000Z',
        period,
        server: ledgerServer,
        previousPeriod: { compute: 0, llmTokens: 0, other: 0, total: 0 },
        changeRatio: null,
        daily: paymentsReport.daily,
        models: [],
        alerts: [],
        gateway: {
          calls: 40000,
          errors: 40,
          requestBytes: 7_340_032,
          responseBytes: 1536,
          estimatedInputTokens: 1_835_008,
          estimatedOutputTokens: 384,
          p95LatencyMs: 412.5,
          days: 3,
        },
        consumers: [
          {
            team: 'direct',
            calls: 80000,
            share: 0.68,
            compute: 136,
            llmTokens: 68,
            other: 0,
            total: 204,
          },
          {
            team: 'group:default/analytics',
            calls: 40000,
            share: 0.32,
            compute: 64,
            llmTokens: 32,
            other: 0,
            total: 96,
          },
        ],
      }),
    });
    await renderWithInsightsApi(
      <EntityProvider entity={server}>
        <EntityServerCostContent />
      </EntityProvider>,
      api,
    );
    expect(
      await screen.findByText('Observed at the MCP gateway'),
    ).toBeInTheDocument();
    expect(screen.getByText('Relayed calls').parentElement).toHaveTextContent(
      '40,00040 errors (0.1 %)',
    );
    expect(screen.getByText('412.5 ms')).toBeInTheDocument();
    expect(screen.getByText('1.5 KiB')).toBeInTheDocument();
    expect(screen.getByText('returned; 7.0 MiB sent')).toBeInTheDocument();
    const shares = screen.getByRole('table', {
      name: 'Spend by consuming team',
    });
    const direct = within(shares)
      .getByText('direct / unmetered')
      .closest('tr')!;
    expect(within(direct).getByText('68.0 %')).toBeInTheDocument();
    expect(within(direct).getByText('$204.00')).toBeInTheDocument();
    const analytics = within(shares).getByText('analytics').closest('tr')!;
    expect(within(analytics).getByText('$96.00')).toBeInTheDocument();
  });

  it("shows a group's report, and an empty state for a group the backend does not know", async () => {
    const { api, calls } = fakeMcpInsightsApi({
      getTeamCostReport: async ({ team }) => {
        throw await backendError(
          404,
          'NotFoundError',
          `No team ${team}: it is not a group in the catalog and has no spend`,
        );
      },
    });
    await renderWithInsightsApi(
      <EntityProvider entity={group}>
        <EntityGroupCostContent />
      </EntityProvider>,
      api,
    );
    expect(
      await screen.findByText('No spend recorded for payments'),
    ).toBeInTheDocument();
    expect(calls.getTeamCostReport).toEqual([
      { team: 'group:default/payments', month: undefined },
    ]);
  });
});
