import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { McpCatalogPage } from './McpCatalogPage';

const server = (name: string, owner: string, url: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: {
    name,
    namespace: 'default',
    title: name.replace('-', ' '),
    annotations: { 'mcp-platform.io/data-classification': 'confidential' },
  },
  spec: {
    type: 'mcp-server',
    lifecycle: 'production',
    owner,
    remotes: [{ type: 'streamable-http', url }],
    definition: 'x',
  },
});

describe('McpCatalogPage', () => {
  it("lists the catalog's MCP servers and nothing else", async () => {
    const catalogApi = catalogApiMock({
      entities: [
        server(
          'payments-ledger',
          'group:default/payments',
          'http://localhost:7101/mcp',
        ),
        server(
          'support-desk',
          'group:default/customer-success',
          'http://localhost:7103/mcp',
        ),
        {
          ...server('petstore', 'group:default/payments', 'http://x'),
          spec: {
            type: 'openapi',
            lifecycle: 'production',
            owner: 'payments',
            definition: 'x',
          },
        },
      ],
    });
    await renderInTestApp(<McpCatalogPage />, {
      apis: [[catalogApiRef, catalogApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    expect(await screen.findByText('payments ledger')).toBeInTheDocument();
    expect(screen.getByText('http://localhost:7103/mcp')).toBeInTheDocument();
    expect(screen.getByText('MCP servers (2)')).toBeInTheDocument();
    expect(screen.queryByText('petstore')).not.toBeInTheDocument();
  });

  it('explains how to add a server when there is none', async () => {
    await renderInTestApp(<McpCatalogPage />, {
      apis: [[catalogApiRef, catalogApiMock({ entities: [] })]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(await screen.findByText(/No MCP servers yet/)).toBeInTheDocument();
  });
});
