import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mcpGatewayAdminPermission } from '@mcp-platform/plugin-mcp-gateway-common';
import { act, screen, waitFor } from '@testing-library/react';
import { mcpGatewayApiRef } from '../../api';
import {
  FakeGatewayCalls,
  fakeMcpGatewayApi,
} from '../../testing/fakeMcpGatewayApi';
import { RefusedCallsTable } from './RefusedCallsTable';

// A file of its own: usePermission caches answers per file, and GatewayTab.test.tsx is an admin.

describe('RefusedCallsTable without the gateway admin permission', () => {
  it('shows only the caller’s refused calls and no "every caller" switch', async () => {
    const calls: FakeGatewayCalls = { refusals: [] };
    const asked: string[] = [];
    await renderInTestApp(<RefusedCallsTable />, {
      apis: [
        [mcpGatewayApiRef, fakeMcpGatewayApi({}, calls)],
        mockApis.permission({
          authorize: request => {
            asked.push(request.permission.name);
            return AuthorizeResult.DENY;
          },
        }),
      ],
    });
    expect(await screen.findByText('5 minutes ago')).toBeInTheDocument();
    await waitFor(() =>
      expect(asked).toContain(mcpGatewayAdminPermission.name),
    );
    // Let the denial reach the component before checking what it shows.
    await act(async () => {});
    expect(screen.getByText('Your recent refused calls')).toBeInTheDocument();
    expect(
      screen.queryByLabelText("Every caller's (gateway admin)"),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('user:default/jane')).not.toBeInTheDocument();
    expect(calls.refusals).toEqual([{ all: false }]);
  });
});
