import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { McpPolicyApi, mcpPolicyApiRef } from '../api';
import { fakeMcpPolicyApi, policySet } from '../testing/fakeMcpPolicyApi';
import { McpPolicyPage } from './McpPolicyPage';

const render = (api: McpPolicyApi, path: string) =>
  renderInTestApp(<McpPolicyPage />, {
    apis: [[mcpPolicyApiRef, api]],
    mountPath: '/mcp-policy/*',
    initialRouteEntries: [path],
  });

describe('McpPolicyPage', () => {
  it('switches between the tabs by URL', async () => {
    const { api } = fakeMcpPolicyApi({
      getPolicies: async () => policySet(),
      getDecisions: async () => ({ items: [] }),
    });
    await render(api, '/mcp-policy');
    expect(await screen.findByText('Active policy set')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('tab', { name: 'Decision log' }));
    expect(
      await screen.findByText('No decisions recorded yet'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Active policy set')).not.toBeInTheDocument();
  });

  it('opens the playground from its own link', async () => {
    const { api } = fakeMcpPolicyApi();
    await render(api, '/mcp-policy/playground');
    expect(
      await screen.findByLabelText('Deployment config (JSON)'),
    ).toBeInTheDocument();
  });
});
