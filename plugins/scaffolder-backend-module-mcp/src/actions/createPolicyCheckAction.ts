import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  deploymentConfigSchema,
  McpPolicyClient,
} from '@mcp-platform/plugin-mcp-policy-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * `mcp:policy:check` — the policy gate: asks the MCP policy engine whether the deployment config
 * may go ahead. A denial fails the step with every violated rule and what to change; warnings are
 * logged and returned; the engine being unreachable fails the step too (fail closed).
 *
 * @public
 */
export function createPolicyCheckAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  /** For tests: a client other than the discovery-based one. */
  client?: McpPolicyClient;
}) {
  const client =
    options.client ?? new McpPolicyClient({ discoveryApi: options.discovery });
  return createTemplateAction({
    id: 'mcp:policy:check',
    description: [
      'Checks an **MCP server deployment config** against the platform policies (the MCP policy',
      'engine, `/api/mcp-policy/v1/deployments/evaluate`) before anything is created.',
      '',
      'The step fails when a `deny` rule fires, listing each rule id and its message (which says',
      'how to fix it); `warn` rules are logged and returned in `warnings`; `audit` rules are only',
      'recorded. The decision is written to the policy decision log; its id is in `decisionId`.',
      'If the engine cannot be reached the step fails: nothing is created without a decision.',
      '',
      'The `deployment` input takes: `name`, `owner` (group ref), `environment`, `change`',
      '(`create` or `update`), `dataClassification` (`public|internal|confidential|restricted`),',
      '`transport`, `replicas`, `cpu` (cores), `memoryMiB`, `rateLimit.requestsPerMinute`,',
      '`monthlyBudget`, `egress` (`[{host, port?, kind: database|http|queue|other}]`) and `tools`',
      '(`[{name, readOnly, destructive}]`).',
    ].join('\n'),
    examples: [
      {
        description: 'Gate a new production server',
        example: [
          'steps:',
          '  - id: policy',
          '    name: Check platform policies',
          '    action: mcp:policy:check',
          '    input:',
          '      deployment:',
          '        name: ${{ parameters.name }}',
          '        owner: ${{ parameters.owner }}',
          '        environment: production',
          '        change: create',
          '        dataClassification: internal',
          '        replicas: 2',
          '        cpu: 0.5',
          '        memoryMiB: 512',
          '        rateLimit: { requestsPerMinute: 600 }',
        ].join('\n'),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        deployment: z =>
          z
            .record(z.string(), z.unknown())
            .describe('The deployment config to check'),
      },
      output: {
        result: z => z.enum(['allow', 'deny']),
        warnings: z =>
          z
            .array(z.object({ rule: z.string(), message: z.string() }))
            .describe('Rules that warned'),
        decisionId: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const parsed = deploymentConfigSchema.safeParse(ctx.input.deployment);
      if (!parsed.success) {
        throw new Error(
          `The deployment config is invalid: ${parsed.error.issues
            .map(i => `${i.path.join('.') || 'deployment'}: ${i.message}`)
            .join('; ')}`,
        );
      }
      const onBehalfOf =
        (await ctx.getInitiatorCredentials?.()) ??
        (await options.auth.getOwnServiceCredentials());
      const { token } = await options.auth.getPluginRequestToken({
        onBehalfOf,
        targetPluginId: 'mcp-policy',
      });
      let decision;
      try {
        decision = await client.evaluateDeployment(parsed.data, {
          token,
          record: !ctx.isDryRun,
        });
      } catch (error) {
        throw new Error(
          `The MCP policy engine could not check this deployment, so nothing was created: ${
            error instanceof Error ? error.message : error
          }`,
        );
      }
      for (const w of decision.warnings) {
        ctx.logger.warn(`Policy warning ${w.rule}: ${w.message}`);
      }
      ctx.output('result', decision.result);
      // Array.from builds the array in this realm: fetch's JSON may come from another one, and
      // the template engine refuses arrays with a foreign prototype.
      ctx.output(
        'warnings',
        Array.from(decision.warnings, w => ({
          rule: w.rule,
          message: w.message,
        })),
      );
      if (decision.decisionId) ctx.output('decisionId', decision.decisionId);
      if (decision.result === 'deny') {
        const reasons = decision.violations.map(
          v =>
            `${v.rule}: ${v.error ? `${v.message} (${v.error})` : v.message}`,
        );
        throw new Error(
          `Denied by policy (${reasons.length} rule${
            reasons.length === 1 ? '' : 's'
          }):\n${reasons.map(r => `- ${r}`).join('\n')}`,
        );
      }
      ctx.logger.info(
        `Policy check passed (policy set ${
          decision.policySetDigest
        }, decision ${decision.decisionId ?? 'not recorded'})`,
      );
    },
  });
}
