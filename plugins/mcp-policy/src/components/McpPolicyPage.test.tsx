import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { McpPolicyPage } from './McpPolicyPage';

function backend(status: number, body: unknown) {
  return mockApis.fetch({
    baseImplementation: async (input: RequestInfo | URL) => {
      expect(String(input)).toBe(
        'http://localhost:7007/api/mcp-policy/v1/context-providers',
      );
      return new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    },
  });
}

describe('McpPolicyPage', () => {
  it('lists the context providers the engine reports', async () => {
    await renderInTestApp(<McpPolicyPage />, {
      apis: [
        backend(200, { items: [{ name: 'catalog' }, { name: 'budget' }] }),
      ],
    });
    expect(await screen.findByText('budget')).toBeInTheDocument();
    expect(
      screen.getByText('context.catalog in policy expressions'),
    ).toBeInTheDocument();
  });

  it('says what is wrong when the engine cannot be reached', async () => {
    await renderInTestApp(<McpPolicyPage />, {
      apis: [
        backend(503, {
          error: {
            name: 'ServiceUnavailableError',
            message: 'engine starting',
          },
        }),
      ],
    });
    expect(
      await screen.findByText(/Could not reach the MCP policy engine/),
    ).toBeInTheDocument();
  });
});
