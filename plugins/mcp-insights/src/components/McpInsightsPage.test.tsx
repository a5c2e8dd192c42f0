import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { McpInsightsPage } from './McpInsightsPage';

const server = (name: string, slo?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: {
    name,
    annotations: slo ? { 'mcp-platform.io/slo': slo } : undefined,
  },
  spec: {
    type: 'mcp-server',
    lifecycle: 'production',
    owner: 'group:default/payments',
    definition: 'x',
  },
});

describe('McpInsightsPage', () => {
  it("shows each server's objectives, and says which annotations are invalid", async () => {
    await renderInTestApp(<McpInsightsPage />, {
      apis: [
        [
          catalogApiRef,
          catalogApiMock({
            entities: [
              server(
                'payments-ledger',
                'availability=99.9,latency-p95=2000ms,window=28d',
              ),
              server('broken', 'uptime=99'),
              server('no-slo'),
            ],
          }),
        ],
      ],
    });
    expect(await screen.findByText('99.90 %')).toBeInTheDocument();
    expect(screen.getByText('p95 ≤ 2000 ms')).toBeInTheDocument();
    expect(screen.getByText('28 d')).toBeInTheDocument();
    expect(
      screen.getByText(/invalid: Unknown SLO key "uptime"/),
    ).toBeInTheDocument();
    expect(screen.getByText('no SLO set')).toBeInTheDocument();
  });
});
