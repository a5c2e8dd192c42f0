import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { McpPolicyApi, mcpPolicyApiRef } from './api';
import { mcpPolicyApi, mcpPolicyPage } from './plugin';
import { fakeMcpPolicyApi, policySet } from './testing/fakeMcpPolicyApi';

describe('mcp-policy plugin', () => {
  it('provides a client of the engine at /api/mcp-policy', async () => {
    const requested: string[] = [];
    const fetchApi = mockApis.fetch({
      baseImplementation: async (input: RequestInfo | URL) => {
        requested.push(String(input));
        return new Response(JSON.stringify(policySet()), {
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const factory = createExtensionTester(mcpPolicyApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe(mcpPolicyApiRef.id);
    const client = factory.factory({
      discoveryApi: mockApis.discovery(),
      fetchApi,
    }) as McpPolicyApi;

    const info = await client.getPolicies();
    expect(info.policySetDigest).toBe('sha256:4f2a9c');
    expect(requested).toEqual([
      'http://example.com/api/mcp-policy/v1/policies',
    ]);
  });

  it('renders the page with its tabs under one header, opening on the policies', async () => {
    const { api } = fakeMcpPolicyApi({ getPolicies: async () => policySet() });
    await renderInTestApp(createExtensionTester(mcpPolicyPage).reactElement(), {
      apis: [[mcpPolicyApiRef, api]],
    });
    // The page is loaded lazily, which takes a while the first time in a test (setupTests.ts
    // gives findBy* the time).
    expect(await screen.findByText('Active policy set')).toBeInTheDocument();
    expect(
      screen.getAllByRole('heading', { name: 'MCP policies' }),
    ).toHaveLength(1);
    expect(
      screen.queryByRole('heading', { name: 'MCP policy' }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Playground' })).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'Decision log' }),
    ).toBeInTheDocument();
  });
});
