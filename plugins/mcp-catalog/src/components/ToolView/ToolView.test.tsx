import { ResponseError } from '@backstage/errors';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { McpToolDetail } from '@mcp-platform/plugin-mcp-catalog-common';
import { ToolCallDecision } from '@mcp-platform/plugin-mcp-policy-common';
import { screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  McpCatalogApi,
  mcpCatalogApiRef,
  McpToolAccessApi,
  mcpToolAccessApiRef,
} from '../../api';
import { policyPageRouteRef } from '../../routes';
import { McpCatalogPage } from '../McpCatalogPage';

const definition = { name: 'refund_payment', description: 'Refund a payment' };
const refund: McpToolDetail = {
  serverRef: 'api:default/payments-ledger',
  serverName: 'payments-ledger',
  owner: 'group:default/payments',
  name: 'refund_payment',
  description: 'Refund a payment',
  readOnly: false,
  destructive: true,
  approval: 'changed',
  state: 'active',
  version: 2,
  definitionHash: 'b'.repeat(64),
  lastSeenAt: new Date().toISOString(),
  firstSeenAt: new Date().toISOString(),
  inputSchema: { type: 'object', properties: {} },
  killSwitchHistory: [],
  versions: [
    {
      version: 2,
      definitionHash: 'b'.repeat(64),
      definition: { ...definition, description: 'Refund a payment, any size' },
      seenAt: new Date().toISOString(),
    },
    {
      version: 1,
      definitionHash: 'a'.repeat(64),
      definition,
      seenAt: new Date().toISOString(),
      approvedBy: 'user:default/linus',
      approvedAt: new Date().toISOString(),
    },
  ],
  findings: [],
};

const base = {
  server: refund.serverRef,
  tool: refund.name,
  evaluatedRules: 7,
  policySetDigest: 'abc',
};
const allowedByOwnership: ToolCallDecision = {
  ...base,
  result: 'allow',
  reason: 'allow-rule',
  message: 'Members of the owning team may call its tools.',
  rules: [
    {
      rule: 'tool-access/owners-use-their-tools',
      effect: 'allow',
      message: 'Members of the owning team may call its tools.',
    },
  ],
};
const deniedAsChanged: ToolCallDecision = {
  ...base,
  result: 'deny',
  reason: 'deny-rule',
  message:
    'The definition of refund_payment changed since it was approved; its owning team (group:default/payments) or the platform team must review and approve it in the MCP catalog (permission mcp.tool.approve) before anyone may call it.',
  rules: [
    {
      rule: 'tool-access/unapproved-definition',
      effect: 'deny',
      message: 'not approved',
    },
  ],
};
const deniedByDefault: ToolCallDecision = {
  ...base,
  result: 'deny',
  reason: 'default',
  message: 'No rule allows this, and the default is deny.',
  rules: [],
};

function notFound(): Promise<never> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({ error: { name: 'NotFoundError', message: 'nope' } }),
      { status: 404, headers: { 'content-type': 'application/json' } },
    ),
  ).then(e => {
    throw e;
  });
}

// usePermission caches answers for the whole file (SWR): here nobody may approve.
const renderToolPage = (access: McpToolAccessApi) =>
  renderInTestApp(
    <Routes>
      <Route path="/mcp/*" element={<McpCatalogPage />} />
    </Routes>,
    {
      apis: [
        [
          mcpCatalogApiRef,
          { getTool: async () => refund } as unknown as McpCatalogApi,
        ],
        [mcpToolAccessApiRef, access],
        mockApis.permission({ authorize: AuthorizeResult.DENY }),
      ],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/mcp-policy': policyPageRouteRef,
      },
      initialRouteEntries: [
        '/mcp/servers/default/payments-ledger/tools/refund_payment',
      ],
    },
  );

describe('the tool page', () => {
  it("says the viewer may call the tool, with the engine's rule", async () => {
    const asked: string[][] = [];
    await renderToolPage({
      async evaluateMyToolCall(server, tool) {
        asked.push([server, tool]);
        return allowedByOwnership;
      },
    });
    expect(
      await screen.findByText('You may call this tool.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Members of the owning team may call its tools.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('tool-access/owners-use-their-tools'),
    ).toBeInTheDocument();
    expect(screen.getByText('decision log')).toHaveAttribute(
      'href',
      '/mcp-policy/decisions',
    );
    expect(asked).toEqual([['api:default/payments-ledger', 'refund_payment']]);
  });

  it('says why not when the engine refuses, and who may approve a change', async () => {
    await renderToolPage({ evaluateMyToolCall: async () => deniedAsChanged });
    expect(
      await screen.findByText('You may not call this tool.'),
    ).toBeInTheDocument();
    expect(screen.getByText(deniedAsChanged.message)).toBeInTheDocument();
    expect(
      screen.getByText('tool-access/unapproved-definition'),
    ).toBeInTheDocument();
    // The viewer may not approve either: the page names who may.
    expect(
      screen.getByText(
        /\(or of a group above it\) and the platform team may approve it/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Approve version 2/)).not.toBeInTheDocument();
  });

  it('says when no rule allows the tool and the default denies', async () => {
    await renderToolPage({ evaluateMyToolCall: async () => deniedByDefault });
    expect(
      await screen.findByText(
        'No rule allows you this tool, and the default is deny.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^rule /)).not.toBeInTheDocument();
  });

  it('leaves the answer out where no policy backend is installed', async () => {
    await renderToolPage({ evaluateMyToolCall: notFound });
    expect(await screen.findByText('Refund a payment')).toBeInTheDocument();
    // The card shows while it asks, and goes once the engine's route answers 404.
    await waitFor(() =>
      expect(screen.queryByText('Can you call it?')).not.toBeInTheDocument(),
    );
  });
});
