import { ResponseError } from '@backstage/errors';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  McpDisablement,
  McpKillSwitchEvent,
  McpServerDetail,
  McpToolDetail,
} from '@mcp-platform/plugin-mcp-catalog-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  KillSwitchAction,
  McpCatalogApi,
  mcpCatalogApiRef,
  mcpGatewayApiRef,
  McpToolAccessApi,
  mcpToolAccessApiRef,
} from '../../api';
import { fakeMcpGatewayApi } from '../../testing/fakeMcpGatewayApi';
import { McpCatalogPage } from '../McpCatalogPage';

const SERVER = 'api:default/payments-ledger';
/**
 * usePermission keeps answers per request for the whole test file (SWR's cache): the test that
 * is denied asks about a server of its own.
 */
const OTHER_SERVER = 'api:default/support-desk';
const AT = '2026-12-01T09:00:00.000Z';

/**
 * The catalog backend's kill switch in memory: the same outcomes (409 when nothing would change),
 * the audit trail, and a tool showing its own switch else its server's. Records each call.
 */
function killSwitchCatalog(serverRef = SERVER) {
  const serverName = serverRef.split('/')[1];
  const calls: [string, KillSwitchAction, string][] = [];
  const switches = new Map<string, McpDisablement>();
  const history: McpKillSwitchEvent[] = [];
  const conflict = async (message: string) =>
    ResponseError.fromResponse(
      new Response(
        JSON.stringify({ error: { name: 'ConflictError', message } }),
        { status: 409, headers: { 'content-type': 'application/json' } },
      ),
    );
  const pull = async (
    tool: string,
    action: KillSwitchAction,
    reason: string,
  ) => {
    calls.push([tool || 'server', action, reason]);
    const current = switches.get(tool);
    if (action === 'disable' && current)
      throw await conflict(`already disabled by ${current.by}`);
    if (action === 'enable' && !current)
      throw await conflict('has no kill switch of its own to enable');
    if (action === 'disable')
      switches.set(tool, {
        scope: tool ? 'tool' : 'server',
        by: 'user:default/guest',
        at: AT,
        reason,
      });
    else switches.delete(tool);
    history.unshift({
      action,
      tool: tool || undefined,
      by: 'user:default/guest',
      at: AT,
      reason,
    });
  };
  const refund = (): McpToolDetail => ({
    serverRef,
    serverName,
    owner: 'group:default/payments',
    name: 'refund_payment',
    description: 'Refunds a payment',
    readOnly: false,
    destructive: true,
    approval: 'approved',
    state: 'active',
    version: 1,
    definitionHash: 'a'.repeat(64),
    lastSeenAt: AT,
    inputSchema: { type: 'object' },
    firstSeenAt: AT,
    versions: [],
    findings: [],
    disabled: switches.get('refund_payment') ?? switches.get(''),
    killSwitchHistory: history.filter(
      e => !e.tool || e.tool === 'refund_payment',
    ),
  });
  const server = (): McpServerDetail => ({
    entityRef: serverRef,
    name: serverName,
    owner: 'group:default/payments',
    remotes: [{ type: 'streamable-http', url: 'http://localhost:7101/mcp' }],
    status: 'ok',
    consecutiveFailures: 0,
    toolCount: 1,
    updatedAt: AT,
    disabled: switches.get(''),
    tools: [refund()],
    prompts: [],
    resources: [],
    findings: [],
    discoveryHistory: [],
    killSwitchHistory: [...history],
  });
  const api: Partial<McpCatalogApi> = {
    getServer: async () => server(),
    getTool: async () => refund(),
    getClientConfig: async (_ref, client) => ({
      client,
      fileHint: 'mcp.json',
      config: {},
    }),
    switchServer: async (_ref, action, reason) => {
      await pull('', action, reason);
      return server();
    },
    switchTool: async (_ref, tool, action, reason) => {
      await pull(tool, action, reason);
      return refund();
    },
  };
  return { api: api as McpCatalogApi, calls };
}

/** The policy engine's tool access route as where no policy backend is installed: 404. */
const noPolicyBackend: McpToolAccessApi = {
  evaluateMyToolCall: async () => {
    throw await ResponseError.fromResponse(
      new Response(
        JSON.stringify({ error: { name: 'NotFoundError', message: 'nope' } }),
        { status: 404, headers: { 'content-type': 'application/json' } },
      ),
    );
  },
};

function render(
  api: McpCatalogApi,
  path: string,
  authorize: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const asked: { permission: string; resourceRef?: string }[] = [];
  return {
    asked,
    rendered: renderInTestApp(
      <Routes>
        <Route path="/mcp/*" element={<McpCatalogPage />} />
      </Routes>,
      {
        apis: [
          [mcpCatalogApiRef, api],
          [mcpGatewayApiRef, fakeMcpGatewayApi()],
          // The tool page asks whether the user may call the tool; not what these tests are about.
          [mcpToolAccessApiRef, noPolicyBackend],
          [
            permissionApiRef,
            mockApis.permission({
              authorize: request => {
                asked.push({
                  permission: request.permission.name,
                  resourceRef: (request as { resourceRef?: string })
                    .resourceRef,
                });
                return authorize;
              },
            }),
          ],
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        initialRouteEntries: [path],
      },
    ),
  };
}

const TOOL_PAGE = '/mcp/servers/default/payments-ledger/tools/refund_payment';
const SERVER_PAGE = '/mcp/servers/default/payments-ledger';

/** Opens the dialog with `button`, types the reason and confirms with `confirm`. */
async function pullSwitch(button: string, reason: string, confirm: string) {
  fireEvent.click(await screen.findByRole('button', { name: button }));
  const dialog = await screen.findByRole('dialog');
  const go = within(dialog).getByRole('button', { name: confirm });
  expect(go).toBeDisabled();
  fireEvent.change(within(dialog).getByLabelText(/Reason/), {
    target: { value: 'ok' },
  });
  expect(go).toBeDisabled(); // 2 characters do not say why
  fireEvent.change(within(dialog).getByLabelText(/Reason/), {
    target: { value: reason },
  });
  expect(go).toBeEnabled();
  fireEvent.click(go);
}

describe('KillSwitchCard', () => {
  it('disables a tool with a reason, shows who, when and why, and enables it again', async () => {
    const { api, calls } = killSwitchCatalog();
    const { asked, rendered } = render(api, TOOL_PAGE, AuthorizeResult.ALLOW);
    await rendered;
    expect(await screen.findByText('In service')).toBeInTheDocument();

    await pullSwitch(
      'Disable tool',
      '  INC-2231: refunds issued twice ',
      'Disable',
    );
    expect(
      await screen.findByText(
        'Disabled by user:default/guest at 2026-12-01 09:00 UTC: INC-2231: refunds issued twice',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Out of service')).toBeInTheDocument();
    expect(screen.getAllByText('out of service').length).toBeGreaterThan(0);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'Disabled tool refund_payment by user:default/guest at 2026-12-01 09:00 UTC',
      ),
    ).toBeInTheDocument();

    await pullSwitch('Enable', 'INC-2231 fixed in 1.4.3', 'Enable');
    expect(await screen.findByText('In service')).toBeInTheDocument();
    expect(calls).toEqual([
      ['refund_payment', 'disable', 'INC-2231: refunds issued twice'],
      ['refund_payment', 'enable', 'INC-2231 fixed in 1.4.3'],
    ]);
    // The permission is asked on the server's entity, where owners hold it.
    expect(asked).toContainEqual({
      permission: 'mcp.tool.disable',
      resourceRef: SERVER,
    });
  });

  it('shows the state without buttons to those who may not switch it', async () => {
    const { api } = killSwitchCatalog(OTHER_SERVER);
    await api.switchTool(
      OTHER_SERVER,
      'refund_payment',
      'disable',
      'INC-1: broken',
    );
    await render(
      api,
      '/mcp/servers/default/support-desk/tools/refund_payment',
      AuthorizeResult.DENY,
    ).rendered;
    expect(
      await screen.findByText(
        'Disabled by user:default/guest at 2026-12-01 09:00 UTC: INC-1: broken',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Enable' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Disable/ }),
    ).not.toBeInTheDocument();
  });

  it('sends a tool page to its server page when the whole server is off', async () => {
    const { api } = killSwitchCatalog();
    await api.switchServer(SERVER, 'disable', 'INC-2: ledger leaking');
    await render(api, TOOL_PAGE, AuthorizeResult.ALLOW).rendered;
    expect(
      await screen.findByText(/^The whole server is out of service\./),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Enable it on the server's page.").closest('a'),
    ).toHaveAttribute('href', SERVER_PAGE);
    expect(
      screen.queryByRole('button', { name: 'Enable' }),
    ).not.toBeInTheDocument();
  });

  it("shows a disabled server with its audit trail and keeps the backend's refusal in the dialog", async () => {
    const { api, calls } = killSwitchCatalog();
    await api.switchServer(SERVER, 'disable', 'INC-2: ledger leaking');
    // Someone else enabled it meanwhile: this page still shows it off, the backend says no.
    const stale = {
      ...api,
      switchServer: async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'ConflictError',
                message:
                  'The MCP server api:default/payments-ledger is not disabled.',
              },
            }),
            { status: 409, headers: { 'content-type': 'application/json' } },
          ),
        );
      },
    };
    await render(stale, SERVER_PAGE, AuthorizeResult.ALLOW).rendered;
    expect(
      await screen.findByText(
        'Disabled by user:default/guest at 2026-12-01 09:00 UTC: INC-2: ledger leaking',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Disabled the whole server by user:default/guest at 2026-12-01 09:00 UTC',
      ),
    ).toBeInTheDocument();
    await pullSwitch('Enable', 'INC-2 closed', 'Enable');
    const dialog = await screen.findByRole('dialog');
    await waitFor(() =>
      expect(within(dialog).getByRole('alert')).toHaveTextContent(
        'The MCP server api:default/payments-ledger is not disabled.',
      ),
    );
    expect(calls).toEqual([['server', 'disable', 'INC-2: ledger leaking']]);
  });
});
