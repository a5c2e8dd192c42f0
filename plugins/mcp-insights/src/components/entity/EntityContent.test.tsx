import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
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
