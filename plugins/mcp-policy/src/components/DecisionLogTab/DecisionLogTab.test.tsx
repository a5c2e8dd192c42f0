import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  DecisionLogEntry,
  DecisionLogFilter,
} from '@mcp-platform/plugin-mcp-policy-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { McpPolicyApi, mcpPolicyApiRef } from '../../api';
import {
  engineError,
  fakeMcpPolicyApi,
  standardErrorBody,
} from '../../testing/fakeMcpPolicyApi';
import { DecisionLogTab } from './DecisionLogTab';

const entry = (
  id: number,
  extra: Partial<DecisionLogEntry> = {},
): DecisionLogEntry => ({
  id: String(id),
  decidedAt: new Date(Date.UTC(2026, 0, 1, 0, id)).toISOString(),
  kind: 'tool-call',
  principal: 'plugin:permission',
  subject: `api:default/payments-ledger#tool_${id}`,
  user: 'user:default/jane',
  result: 'allow',
  reason: 'allow-rule',
  rules: [
    {
      rule: 'tool-access/read-only-for-all',
      effect: 'allow',
      message: 'Read-only tools are open to everyone signed in.',
    },
  ],
  inputDigest: `sha256:in${id}`,
  policySetDigest: 'sha256:4f2a9c',
  ...extra,
});

/** Filters and pages like the backend: newest first, `cursor` is the last id seen. */
function inMemoryLog(entries: DecisionLogEntry[]) {
  return async (filter: DecisionLogFilter = {}) => {
    const limit = filter.limit ?? 50;
    const matching = [...entries]
      .sort((a, b) => Number(b.id) - Number(a.id))
      .filter(
        e =>
          (!filter.kind || e.kind === filter.kind) &&
          (!filter.result || e.result === filter.result) &&
          (!filter.user || e.user === filter.user) &&
          (!filter.rule || e.rules.some(r => r.rule === filter.rule)) &&
          (!filter.subject || e.subject.includes(filter.subject)) &&
          (!filter.cursor || Number(e.id) < Number(filter.cursor)),
      );
    const items = matching.slice(0, limit);
    return {
      items,
      nextCursor:
        matching.length > limit ? items[items.length - 1].id : undefined,
    };
  };
}

const render = (api: McpPolicyApi) =>
  renderInTestApp(<DecisionLogTab />, { apis: [[mcpPolicyApiRef, api]] });

const subjects = () =>
  within(screen.getByRole('table', { name: 'Decision log' }))
    .getAllByText(/^api:default\/payments-ledger#/)
    .map(e => e.textContent);

describe('DecisionLogTab', () => {
  const denied = entry(3, {
    subject: 'api:default/payments-ledger#refund_payment',
    result: 'deny',
    reason: 'error',
    rules: [
      {
        rule: 'tool-access/destructive-production-owner-only',
        effect: 'deny',
        message:
          'Destructive tools of production servers may only be called by the owning team.',
        error: 'no such key: groups',
      },
    ],
  });

  it('lists decisions newest first and expands one to its rules and errors', async () => {
    const { api } = fakeMcpPolicyApi({
      getDecisions: inMemoryLog([entry(1), entry(2), denied]),
    });
    await render(api);

    await screen.findByRole('table', { name: 'Decision log' });
    expect(subjects()).toEqual([
      'api:default/payments-ledger#refund_payment',
      'api:default/payments-ledger#tool_2',
      'api:default/payments-ledger#tool_1',
    ]);
    expect(screen.queryByText(/no such key: groups/)).not.toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Show the rules of api:default/payments-ledger#refund_payment',
      }),
    );
    expect(
      await screen.findByText(
        /Could not be evaluated \(fails closed\): no such key: groups/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/may only be called by the owning team/),
    ).toBeInTheDocument();
  });

  it('narrows the log by result and by subject text', async () => {
    const { api, calls } = fakeMcpPolicyApi({
      getDecisions: inMemoryLog([entry(1), entry(2), denied]),
    });
    await render(api);
    await screen.findByRole('table', { name: 'Decision log' });

    fireEvent.mouseDown(screen.getByLabelText('Result'));
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('deny'),
    );
    await waitFor(() =>
      expect(subjects()).toEqual([
        'api:default/payments-ledger#refund_payment',
      ]),
    );
    expect(calls.getDecisions[calls.getDecisions.length - 1]).toMatchObject({
      result: 'deny',
    });

    fireEvent.change(screen.getByLabelText('Subject'), {
      target: { value: 'tool_' },
    });
    expect(
      await screen.findByText('No decisions match these filters'),
    ).toBeInTheDocument();
    expect(calls.getDecisions[calls.getDecisions.length - 1]).toMatchObject({
      result: 'deny',
      subject: 'tool_',
    });
  });

  it('loads older decisions with the cursor', async () => {
    const entries = Array.from({ length: 60 }, (_, i) => entry(i + 1));
    const { api, calls } = fakeMcpPolicyApi({
      getDecisions: inMemoryLog(entries),
    });
    await render(api);
    await screen.findByRole('table', { name: 'Decision log' });
    expect(subjects()).toHaveLength(50);

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(
      await screen.findByText('60 decisions: that is all'),
    ).toBeInTheDocument();
    expect(subjects()).toHaveLength(60);
    expect(subjects()[59]).toBe('api:default/payments-ledger#tool_1');
    expect(calls.getDecisions[1].cursor).toBe('11');
  });

  it('says which permission is missing instead of a raw 403', async () => {
    const error = await engineError(
      403,
      standardErrorBody(
        403,
        'NotAllowedError',
        'You are not allowed to use mcp.policy.decisions.read; ask your platform team',
      ),
    );
    const { api } = fakeMcpPolicyApi({
      getDecisions: async () => {
        throw error;
      },
    });
    await render(api);
    expect(
      await screen.findByText(
        'You need the mcp.policy.decisions.read permission (platform team)',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Request failed/)).not.toBeInTheDocument();
  });

  it('says when nothing has been recorded yet', async () => {
    const { api } = fakeMcpPolicyApi({ getDecisions: inMemoryLog([]) });
    await render(api);
    expect(
      await screen.findByText('No decisions recorded yet'),
    ).toBeInTheDocument();
  });
});
