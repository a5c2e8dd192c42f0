import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import {
  McpCatalogApi,
  mcpCatalogApiRef,
  McpGatewayApi,
  mcpGatewayApiRef,
  McpToolAccessApi,
} from './api';
import { mcpCatalogPlugin, mcpGatewayApi, mcpToolAccessApi } from './plugin';
import { fakeMcpGatewayApi } from './testing/fakeMcpGatewayApi';

describe('mcp-catalog plugin', () => {
  it('provides a client of the gateway at /api/mcp-gateway', async () => {
    const requested: string[] = [];
    const fetchApi = mockApis.fetch({
      baseImplementation: async (input: RequestInfo | URL) => {
        requested.push(String(input));
        return new Response(JSON.stringify({ items: [] }), {
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const factory = createExtensionTester(mcpGatewayApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe('plugin.mcp-catalog.gateway');
    const client = factory.factory({
      discoveryApi: mockApis.discovery(),
      fetchApi,
    }) as McpGatewayApi;

    await client.getEndpoints();
    await client.listTools();
    await client.listTools({ profile: 'support agent' });
    await client.listTools({ server: 'api:default/payments-ledger' });
    await client.listUpstreams();
    await client.listRefusals();
    await client.listRefusals({ all: true });
    const base = 'http://example.com/api/mcp-gateway';
    expect(requested).toEqual([
      `${base}/v1/endpoints`,
      `${base}/v1/tools`,
      `${base}/v1/tools?profile=support+agent`,
      `${base}/v1/tools?server=api%3Adefault%2Fpayments-ledger`,
      `${base}/v1/upstreams`,
      `${base}/v1/refusals`,
      `${base}/v1/refusals?all=true`,
    ]);
  });

  it('asks the policy engine about the signed-in user, as a what-if', async () => {
    const requests: { url: string; body: unknown }[] = [];
    const fetchApi = mockApis.fetch({
      baseImplementation: async (
        input: RequestInfo | URL,
        init?: RequestInit,
      ) => {
        requests.push({
          url: String(input),
          body: JSON.parse(String(init?.body)),
        });
        return new Response(
          JSON.stringify({
            user: 'user:default/ada',
            decisions: [
              {
                server: 'api:default/payments-ledger',
                tool: 'refund_payment',
                result: 'deny',
              },
            ],
          }),
          { headers: { 'content-type': 'application/json' } },
        );
      },
    });
    const factory = createExtensionTester(mcpToolAccessApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe('plugin.mcp-catalog.tool-access');
    const client = factory.factory({
      discoveryApi: mockApis.discovery(),
      fetchApi,
    }) as McpToolAccessApi;
    const decision = await client.evaluateMyToolCall(
      'api:default/payments-ledger',
      'refund_payment',
    );
    expect(decision.result).toBe('deny');
    // No user (the engine answers about the caller's token) and nothing recorded.
    expect(requests).toEqual([
      {
        url: 'http://example.com/api/mcp-policy/v1/tool-calls/evaluate',
        body: {
          tools: [
            { server: 'api:default/payments-ledger', tool: 'refund_payment' },
          ],
          record: false,
        },
      },
    ]);
  });

  it('links policy refusals to the mcp-policy decision log without any route binding', async () => {
    // Stands in for the mcp-policy plugin: the same plugin id and root route.
    const policyRoot = createRouteRef();
    const policyPlugin = createFrontendPlugin({
      pluginId: 'mcp-policy',
      routes: { root: policyRoot },
      extensions: [
        PageBlueprint.make({
          params: {
            path: '/mcp-policy',
            routeRef: policyRoot,
            loader: async () => <div>policy page</div>,
          },
        }),
      ],
    });
    renderTestApp({
      features: [mcpCatalogPlugin, policyPlugin],
      apis: [
        [mcpGatewayApiRef, fakeMcpGatewayApi()],
        [mcpCatalogApiRef, {} as McpCatalogApi],
      ],
      initialRouteEntries: ['/mcp/gateway'],
    });
    const row = within(
      (await screen.findByText('payments-ledger__refund_payment')).closest(
        'tr',
      )!,
    );
    expect(row.getByText('decision log')).toHaveAttribute(
      'href',
      '/mcp-policy/decisions',
    );
  });
});
