import { renderInTestApp } from '@backstage/frontend-test-utils';
import { McpPolicyApi } from '../../api';
import { mcpPolicyApiRef } from '../../api';
import { fireEvent, screen, within } from '@testing-library/react';
import {
  engineError,
  fakeMcpPolicyApi,
  standardErrorBody,
} from '../../testing/fakeMcpPolicyApi';
import { PlaygroundTab } from './PlaygroundTab';

const render = (api: McpPolicyApi) =>
  renderInTestApp(<PlaygroundTab />, { apis: [[mcpPolicyApiRef, api]] });

const type = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('PlaygroundTab', () => {
  describe('deployment', () => {
    it('evaluates the sample config without recording and shows the violation', async () => {
      const { api, calls } = fakeMcpPolicyApi({
        evaluateDeployment: async (_d, options) => {
          expect(options).toEqual({ record: false });
          return {
            result: 'deny',
            violations: [
              {
                rule: 'deployment-guardrails/no-direct-database-access',
                effect: 'deny',
                message:
                  'Production MCP servers may not reach databases directly (ledger-db.payments.svc); call the owning service API instead.',
              },
            ],
            warnings: [],
            audits: [
              {
                rule: 'deployment-guardrails/confidential-data',
                effect: 'audit',
                message: 'The server handles confidential data.',
              },
            ],
            evaluatedRules: 11,
            policySetDigest: 'sha256:4f2a9c',
          };
        },
      });
      await render(api);
      fireEvent.click(screen.getByRole('button', { name: 'Evaluate' }));

      expect(await screen.findByText('denied')).toBeInTheDocument();
      expect(
        screen.getByText(/may not reach databases directly \(ledger-db/),
      ).toBeInTheDocument();
      expect(
        screen.getByText('deployment-guardrails/no-direct-database-access'),
      ).toBeInTheDocument();
      expect(screen.getByText('Violations (1)')).toBeInTheDocument();
      expect(screen.getByText('Audits (1)')).toBeInTheDocument();
      expect(calls.evaluateDeployment[0]).toMatchObject({
        name: 'payments-ledger',
        environment: 'production',
      });
    });

    it('lists the fields the engine rejected', async () => {
      const error = await engineError(
        400,
        standardErrorBody(
          400,
          'InputError',
          'Invalid deployment evaluation request: deployment.owner: must be an entity ref like "group:default/name"; deployment.replicas: Too small: expected number to be >=0',
        ),
      );
      const { api } = fakeMcpPolicyApi({
        evaluateDeployment: async () => {
          throw error;
        },
      });
      await render(api);
      fireEvent.click(screen.getByRole('button', { name: 'Evaluate' }));

      expect(
        await screen.findByText(
          'deployment.owner: must be an entity ref like "group:default/name"',
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          'deployment.replicas: Too small: expected number to be >=0',
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/The engine rejected this deployment config/),
      ).toBeInTheDocument();
    });

    it('says when the config is not JSON, without calling the engine', async () => {
      const { api, calls } = fakeMcpPolicyApi();
      await render(api);
      type('Deployment config (JSON)', '{ "name": ');
      fireEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
      expect(
        await screen.findByText(/The config is not valid JSON/),
      ).toBeInTheDocument();
      expect(calls.evaluateDeployment).toHaveLength(0);
    });
  });

  describe('tool call', () => {
    it('asks about the user and each pasted tool and shows every decision with its rules', async () => {
      const { api, calls } = fakeMcpPolicyApi({
        evaluateToolCalls: async request => ({
          user: request.user!.ref,
          decisions: [
            {
              server: 'api:default/payments-ledger',
              tool: 'refund_payment',
              result: 'deny',
              reason: 'deny-rule',
              message:
                'Only members of group:default/payments may call the destructive production tool refund_payment.',
              rules: [
                {
                  rule: 'tool-access/destructive-production-owner-only',
                  effect: 'deny',
                  message:
                    'Only members of group:default/payments may call the destructive production tool refund_payment.',
                },
              ],
              evaluatedRules: 6,
              policySetDigest: 'sha256:4f2a9c',
            },
            {
              server: 'api:default/payments-ledger',
              tool: 'get_balance',
              result: 'allow',
              reason: 'allow-rule',
              message: 'Read-only tools are open to everyone signed in.',
              rules: [
                {
                  rule: 'tool-access/read-only-for-all',
                  effect: 'allow',
                  message: 'Read-only tools are open to everyone signed in.',
                },
              ],
              evaluatedRules: 6,
              policySetDigest: 'sha256:4f2a9c',
            },
          ],
        }),
      });
      await render(api);
      fireEvent.click(screen.getByRole('tab', { name: 'Tool call' }));
      type('User', 'user:default/jane');
      type(
        'Tools, one per line',
        'api:default/payments-ledger#refund_payment\n\napi:default/payments-ledger#get_balance',
      );
      fireEvent.click(screen.getByRole('button', { name: 'Evaluate' }));

      const table = await screen.findByRole('table', {
        name: 'Tool-call decisions',
      });
      expect(calls.evaluateToolCalls[0]).toEqual({
        user: { ref: 'user:default/jane' },
        tools: [
          { server: 'api:default/payments-ledger', tool: 'refund_payment' },
          { server: 'api:default/payments-ledger', tool: 'get_balance' },
        ],
        record: false,
      });
      const refund = within(table)
        .getByText('api:default/payments-ledger#refund_payment')
        .closest('tr')!;
      const cells = (row: HTMLElement) =>
        within(row)
          .getAllByRole('cell')
          .map(c => c.textContent);
      expect(cells(refund).slice(1, 3)).toEqual([
        'deny',
        'a deny rule matched',
      ]);
      expect(
        within(refund).getByText(
          'tool-access/destructive-production-owner-only',
        ),
      ).toBeInTheDocument();
      const balance = within(table)
        .getByText('api:default/payments-ledger#get_balance')
        .closest('tr')!;
      expect(cells(balance).slice(1, 3)).toEqual([
        'allow',
        'an allow rule matched',
      ]);
      expect(screen.getByText('user:default/jane')).toBeInTheDocument();
    });

    it('points at the line that is not a tool ref', async () => {
      const { api, calls } = fakeMcpPolicyApi();
      await render(api);
      fireEvent.click(screen.getByRole('tab', { name: 'Tool call' }));
      type('Tools, one per line', 'api:default/x#ok\npayments-ledger refund');
      fireEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
      expect(
        await screen.findByText(
          /Line 2: "payments-ledger refund" is not api:<namespace>\/<server>#<tool>/,
        ),
      ).toBeInTheDocument();
      expect(calls.evaluateToolCalls).toHaveLength(0);
    });
  });

  describe('dry run', () => {
    const candidate = 'apiVersion: mcp-platform.io/v1alpha1\nkind: McpPolicy';

    it('replays the chosen kind against the candidate and shows the counts and changes', async () => {
      const { api, calls } = fakeMcpPolicyApi({
        dryRun: async () => ({
          candidateDigest: 'sha256:77aa',
          replayed: 240,
          unchanged: 233,
          newlyDenied: 5,
          newlyAllowed: 2,
          changes: [
            {
              decisionId: '981',
              decidedAt: new Date().toISOString(),
              kind: 'deployment',
              subject: 'search-gateway',
              before: 'allow',
              after: 'deny',
              rules: [
                {
                  rule: 'deployment-guardrails/rate-limit-max',
                  effect: 'deny',
                  message:
                    'The rate limit may be at most 500 requests per minute.',
                },
              ],
            },
          ],
        }),
      });
      await render(api);
      fireEvent.click(screen.getByRole('tab', { name: 'Dry run' }));
      type('Candidate policy (YAML)', candidate);
      fireEvent.click(screen.getByLabelText('Replace the whole set'));
      fireEvent.mouseDown(screen.getByLabelText('Decisions to replay'));
      fireEvent.click(
        within(await screen.findByRole('listbox')).getByText('Deployments'),
      );
      fireEvent.click(screen.getByRole('button', { name: 'Run dry run' }));

      expect(await screen.findByText('240')).toBeInTheDocument();
      const count = (label: string) =>
        screen.getByText(label).previousElementSibling?.textContent;
      expect(count('replayed')).toBe('240');
      expect(count('unchanged')).toBe('233');
      expect(count('newly denied')).toBe('5');
      expect(count('newly allowed')).toBe('2');
      const change = within(
        screen.getByRole('table', { name: 'Changed decisions' }),
      )
        .getByText('search-gateway')
        .closest('tr')!;
      expect(
        within(change).getByText(/at most 500 requests per minute/),
      ).toBeInTheDocument();
      expect(calls.dryRun[0]).toMatchObject({
        documents: [{ name: 'candidate.yaml', content: candidate }],
        replace: true,
        kind: 'deployment',
      });
      expect(calls.dryRun[0].since).toBeDefined();
    });

    it('shows each load error of the candidate with its line', async () => {
      // The backend's 400 for candidates that do not load: the errors sit beside `error`.
      const error = await engineError(400, {
        error: {
          name: 'InputError',
          message: 'The candidate policies do not load: 1 error(s)',
        },
        errors: [
          {
            source: 'candidate.yaml',
            line: 9,
            column: 18,
            rule: 'deployment-guardrails/rate-limit-max',
            message: "undeclared reference to 'deployment.ratelimit'",
          },
        ],
      });
      const { api } = fakeMcpPolicyApi({
        dryRun: async () => {
          throw error;
        },
      });
      await render(api);
      fireEvent.click(screen.getByRole('tab', { name: 'Dry run' }));
      type('Candidate policy (YAML)', candidate);
      fireEvent.click(screen.getByRole('button', { name: 'Run dry run' }));

      expect(
        await screen.findByText('candidate.yaml:9:18'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/undeclared reference to 'deployment.ratelimit'/),
      ).toBeInTheDocument();
      expect(
        screen.getByText('The candidate policies do not load: 1 error(s)'),
      ).toBeInTheDocument();
    });

    it('names the missing permission instead of a raw 403', async () => {
      const error = await engineError(
        403,
        standardErrorBody(
          403,
          'NotAllowedError',
          'You are not allowed to use mcp.policy.dry-run; ask your platform team',
        ),
      );
      const { api } = fakeMcpPolicyApi({
        dryRun: async () => {
          throw error;
        },
      });
      await render(api);
      fireEvent.click(screen.getByRole('tab', { name: 'Dry run' }));
      type('Candidate policy (YAML)', candidate);
      fireEvent.click(screen.getByRole('button', { name: 'Run dry run' }));
      expect(
        await screen.findByText(
          'You need the mcp.policy.dry-run permission (platform team)',
        ),
      ).toBeInTheDocument();
    });
  });
});
