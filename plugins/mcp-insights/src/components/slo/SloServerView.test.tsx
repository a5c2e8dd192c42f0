import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  backendError,
  fakeMcpInsightsApi,
} from '../../__testUtils__/fakeMcpInsightsApi';
import { ledgerSlo } from '../../__testUtils__/fixtures';
import { renderWithInsightsApi } from '../../__testUtils__/renderWithInsightsApi';
import { SloServerView } from './SloServerView';

describe('SloServerView', () => {
  it("shows each objective's budget, burn rates and burn-down, the tools, and the exports", async () => {
    Object.assign(URL, {
      createObjectURL: jest.fn(() => 'blob:x'),
      revokeObjectURL: jest.fn(),
    });
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation();
    const asked: string[] = [];
    const { api, calls } = fakeMcpInsightsApi({
      getSloServer: async ref => {
        asked.push(ref);
        return ledgerSlo;
      },
    });
    await renderWithInsightsApi(
      <SloServerView serverRef="api:default/payments-ledger" />,
      api,
    );

    expect(
      await screen.findByRole('heading', { name: 'Payments ledger' }),
    ).toBeInTheDocument();
    expect(asked).toEqual(['api:default/payments-ledger']);
    expect(screen.getByText('99.92 % ok')).toBeInTheDocument();
    expect(screen.getByText('20.0 %')).toBeInTheDocument();
    expect(screen.getByText('7.2 h')).toBeInTheDocument();

    const chart = screen.getByRole('figure', {
      name: 'Error budget burn-down of Availability ≥ 99.90 %',
    });
    expect(chart.querySelectorAll('.recharts-line')).toHaveLength(2);

    const alerts = screen.getByRole('table', {
      name: 'Burn-rate alerts of Availability ≥ 99.90 %',
    });
    const fast = within(alerts).getByText('1h / 5m').closest('tr')!;
    expect(within(fast).getByText('20.0×')).toBeInTheDocument();
    expect(
      within(fast).getByLabelText('burn rate status page'),
    ).toBeInTheDocument();

    const tools = screen.getByRole('table', { name: 'SLOs by tool' });
    const refund = within(tools).getByText('refund_payment').closest('tr')!;
    expect(within(refund).getByText('10.0 %')).toBeInTheDocument();
    expect(within(refund).getByText('3.0 h')).toBeInTheDocument();
    expect(within(refund).getByText('config')).toBeInTheDocument();

    fireEvent.click(
      screen.getByRole('button', { name: 'Grafana dashboard JSON' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Prometheus rules' }));
    await waitFor(() =>
      expect(calls.exportPrometheusRules).toEqual([
        { serverRef: 'api:default/payments-ledger' },
      ]),
    );
    expect(calls.exportGrafanaDashboard).toEqual([
      'api:default/payments-ledger',
    ]);
  });

  it('tells that the backend has not seen a server it does not know', async () => {
    const { api } = fakeMcpInsightsApi({
      getSloServer: async ref => {
        throw await backendError(404, 'NotFoundError', `No MCP server ${ref}`);
      },
    });
    await renderWithInsightsApi(
      <SloServerView serverRef="api:default/new-server" />,
      api,
    );
    expect(
      await screen.findByText('No usage collected yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/has not seen this server yet/),
    ).toBeInTheDocument();
  });
});
