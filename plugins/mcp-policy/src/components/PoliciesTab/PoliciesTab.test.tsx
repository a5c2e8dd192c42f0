import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { mcpPolicyApiRef } from '../../api';
import {
  engineError,
  fakeMcpPolicyApi,
  policySet,
  standardErrorBody,
} from '../../testing/fakeMcpPolicyApi';
import { PoliciesTab } from './PoliciesTab';

const render = (api: ReturnType<typeof fakeMcpPolicyApi>['api']) =>
  renderInTestApp(<PoliciesTab />, { apis: [[mcpPolicyApiRef, api]] });

describe('PoliciesTab', () => {
  it('shows the active set and each rule with its effect, condition and 7-day count', async () => {
    const { api } = fakeMcpPolicyApi({ getPolicies: async () => policySet() });
    await render(api);

    expect(await screen.findByText('sha256:4f2a9c')).toBeInTheDocument();
    expect(screen.getByText('1 policies, 2 rules')).toBeInTheDocument();
    const rules = screen.getByRole('table', {
      name: 'Rules of deployment-guardrails',
    });
    const redundancy = within(rules)
      .getByText('production-redundancy')
      .closest('tr')!;
    expect(within(redundancy).getByText('warn')).toBeInTheDocument();
    expect(
      within(redundancy).getByText('deployment.replicas < 2').tagName,
    ).toBe('PRE');
    expect(
      within(redundancy).getByText('only for environments: production'),
    ).toBeInTheDocument();
    expect(within(redundancy).getByText('3')).toBeInTheDocument();
    expect(
      screen.queryByText(/the previous set stays active/),
    ).not.toBeInTheDocument();
  });

  it('says loudly that a reload was rejected, where, and that the previous set stays active', async () => {
    const { api } = fakeMcpPolicyApi({
      getPolicies: async () =>
        policySet({
          errors: [
            {
              source: '/etc/policies/tools.yaml',
              line: 14,
              column: 18,
              rule: 'tool-access/read-only-for-all',
              message: "undeclared reference to 'tool.readonly'",
            },
            { source: '/etc/policies/extra.yaml', message: 'not valid YAML' },
          ],
        }),
    });
    await render(api);

    expect(
      await screen.findByText(
        /The last policy reload was rejected: the previous set stays active \(2 error\(s\)\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('/etc/policies/tools.yaml:14:18'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('tool-access/read-only-for-all'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/undeclared reference to 'tool.readonly'/),
    ).toBeInTheDocument();
    expect(screen.getByText('/etc/policies/extra.yaml')).toBeInTheDocument();
    // The set that is still enforced is still listed.
    expect(screen.getByText('rate-limit-required')).toBeInTheDocument();
  });

  it('explains how to load policies when none are', async () => {
    const { api } = fakeMcpPolicyApi({
      getPolicies: async () => policySet({ policies: [] }),
    });
    await render(api);
    expect(
      await screen.findByText('No policies are loaded'),
    ).toBeInTheDocument();
    expect(screen.getByText(/mcpPolicy.policyFiles/)).toBeInTheDocument();
  });

  it('shows the engine error when the policies cannot be read', async () => {
    const error = await engineError(
      503,
      standardErrorBody(503, 'ServiceUnavailableError', 'engine starting'),
    );
    const { api } = fakeMcpPolicyApi({
      getPolicies: async () => {
        throw error;
      },
    });
    await render(api);
    expect(
      await screen.findByText(
        /Could not load the policies from the MCP policy engine/,
      ),
    ).toBeInTheDocument();
  });
});
