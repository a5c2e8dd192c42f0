import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DeploymentConfig } from '@mcp-platform/plugin-mcp-policy-common';
import { compilePolicySet, PolicySource } from './compilePolicySet';
import { completeToolCallInput } from './completeInput';
import { evaluateDeployment, evaluateToolCall } from './evaluatePolicies';
import { runPolicyTests } from './runPolicyTests';

const BUILTIN = resolve(__dirname, '../../policies/builtin');

function builtinSources(): PolicySource[] {
  return readdirSync(BUILTIN).map(f => ({
    source: `builtin/${f}`,
    content: readFileSync(resolve(BUILTIN, f), 'utf8'),
  }));
}

function policy(rules: string, name = 'team-rules'): PolicySource {
  return {
    source: `${name}.yaml`,
    content: `apiVersion: mcp-platform.io/v1alpha1
kind: McpPolicy
metadata:
  name: ${name}
spec:
  rules:
${rules}`,
  };
}

const deployment: DeploymentConfig = {
  name: 'payments-refunds',
  owner: 'group:default/payments',
  environment: 'production',
  change: 'create',
  dataClassification: 'internal',
  replicas: 2,
  cpu: 0.5,
  memoryMiB: 512,
  rateLimit: { requestsPerMinute: 600 },
};

describe('compilePolicySet', () => {
  it('loads the built-in pack and its tests all pass', () => {
    const report = runPolicyTests(builtinSources());
    expect(report.loadErrors).toEqual([]);
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThanOrEqual(28);
  });

  it('fails a policy test whose expectation does not hold, saying why', () => {
    const report = runPolicyTests([
      ...builtinSources(),
      {
        source: 'wrong.policytest.yaml',
        content: `apiVersion: mcp-platform.io/v1alpha1
kind: McpPolicyTest
metadata: { name: wrong }
spec:
  tests:
    - name: restricted data is fine (it is not)
      target: deployment
      input:
        deployment: { name: x, owner: group:default/payments, environment: dev, change: update, dataClassification: restricted, replicas: 1, cpu: 1, memoryMiB: 128, rateLimit: { requestsPerMinute: 10 } }
        context: { catalog: { owner: { exists: true }, server: { exists: true } }, budget: { usedRatio: null }, slo: { errorBudgetRemaining: null } }
      expect: { result: allow }
`,
      },
    ]);
    expect(report.failed).toBe(1);
    const failed = report.results.find(r => !r.passed)!;
    expect(failed.problems[0]).toBe(
      'expected allow, got deny (deployment-guardrails/no-restricted-data)',
    );
  });

  it('rejects malformed YAML with its line', () => {
    const { set, errors } = compilePolicySet([
      { source: 'broken.yaml', content: 'kind: McpPolicy\nspec: [unclosed\n' },
    ]);
    expect(set).toBeUndefined();
    expect(errors[0]).toMatchObject({ source: 'broken.yaml' });
    expect(errors[0].message).toMatch(/^Malformed YAML/);
    expect(errors[0].line).toBeGreaterThanOrEqual(2);
  });

  it('rejects unknown fields and wrong effects with file, rule and line', () => {
    const { set, errors } = compilePolicySet([
      policy(`    - name: no-big-servers
      target: deployment
      condition: deployment.replicas > 10
      effect: allow
      mesage: typo
      message: Too big.
`),
    ]);
    expect(set).toBeUndefined();
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: 'team-rules.yaml',
          rule: 'team-rules/no-big-servers',
          line: 10,
          message: expect.stringContaining(
            'deployment rules take effect deny | warn | audit',
          ),
        }),
        expect.objectContaining({
          rule: 'team-rules/no-big-servers',
          line: 11,
          message: 'spec.rules.0.mesage: Unrecognized key: "mesage"',
        }),
      ]),
    );
  });

  it('rejects an expression that does not type-check, with its position', () => {
    const { set, errors } = compilePolicySet([
      policy(`    - name: typo
      target: deployment
      condition: deployment.rateLimt.requestsPerMinute > 10
      effect: deny
      message: Too fast.
    - name: not-a-bool
      target: tool-call
      condition: tool.name
      effect: deny
      message: x
`),
    ]);
    expect(set).toBeUndefined();
    expect(errors).toEqual([
      expect.objectContaining({
        rule: 'team-rules/typo',
        line: 9,
        message: expect.stringContaining('No such key: rateLimt'),
      }),
      expect.objectContaining({
        rule: 'team-rules/not-a-bool',
        line: 14,
        message: 'condition: condition must give a bool, but gives string',
      }),
    ]);
  });

  it('rejects expressions whose cost has no useful bound', () => {
    const { errors } = compilePolicySet([
      policy(`    - name: quadratic
      target: deployment
      condition: deployment.tools.exists(a, deployment.tools.exists(b, a.name == b.name && a != b))
      effect: deny
      message: Duplicate tools.
`),
    ]);
    expect(errors[0].message).toMatch(
      /estimated cost \d+ exceeds the limit of 1000000/,
    );
  });

  it('runs matches() on RE2: patterns that backtrack exponentially in JavaScript decide at once', () => {
    // On JavaScript's RegExp, ^(a|a)*$ took 23 s on 30 characters; the overlap is invisible to
    // the nested-quantifier check that used to guard patterns.
    const { set, errors } = compilePolicySet([
      policy(`    - name: aaa
      target: tool-call
      condition: 'tool.title.matches("^(a|a)*$") || tool.title.matches("^(a+)+$")'
      effect: deny
      message: Only a.
`),
    ]);
    expect(errors).toEqual([]);
    const decide = (title: string) =>
      evaluateToolCall(
        set!,
        completeToolCallInput({ tool: { name: 't', title } }),
        { defaultResult: 'allow' },
      );
    // 64 KiB, the largest string an input may hold: linear on RE2, beyond any deadline on a
    // backtracking engine (this test would time out).
    const hostile = decide(`${'a'.repeat(65_536)}!`);
    expect(hostile).toMatchObject({ result: 'allow', reason: 'default' });
    expect(decide('aaaa')).toMatchObject({
      result: 'deny',
      rules: [{ rule: 'team-rules/aaa', effect: 'deny', message: 'Only a.' }],
    });
  });

  it('rejects matches() patterns that are not literals or not RE2, or too large', () => {
    const rule = (name: string, condition: string) => `    - name: ${name}
      target: deployment
      condition: '${condition}'
      effect: deny
      message: Bad name.
`;
    const { errors } = compilePolicySet([
      policy(
        [
          rule('dynamic', `deployment.name.matches(deployment.owner)`),
          rule('invalid', `deployment.name.matches("(")`),
          rule('backreference', `deployment.name.matches("(a)\\\\1")`),
          rule('lookahead', `deployment.name.matches("a(?=b)")`),
          rule('huge', `deployment.name.matches("a{1000}b{1000}c{1000}")`),
        ].join(''),
      ),
    ]);
    expect(errors.map(e => [e.rule, e.message])).toEqual([
      [
        'team-rules/dynamic',
        expect.stringContaining('needs a string literal as its pattern'),
      ],
      [
        'team-rules/invalid',
        expect.stringContaining('is not a valid RE2 regular expression'),
      ],
      [
        'team-rules/backreference',
        'condition: matches() pattern "(a)\\\\1" is not a valid RE2 regular expression (invalid escape sequence: `\\1`); CEL patterns use RE2 syntax, which has no backreferences or lookaround',
      ],
      [
        'team-rules/lookahead',
        expect.stringContaining('invalid or unsupported Perl syntax: `(?=`'),
      ],
      [
        'team-rules/huge',
        expect.stringMatching(
          /compiles to \d+ RE2 instructions, more than 2000; shorten it/,
        ),
      ],
    ]);
    const ok = compilePolicySet([
      policy(rule('dns-name', `!deployment.name.matches("^[a-z][a-z0-9-]*$")`)),
    ]);
    expect(ok.errors).toEqual([]);
    const decision = evaluateDeployment(ok.set!, {
      deployment: { ...deployment, name: 'Payments_Refunds' },
      context: {},
    });
    expect(decision.violations.map(v => v.rule)).toEqual([
      'team-rules/dns-name',
    ]);
  });

  it("counts a pattern's RE2 program in the cost of the comprehension around it", () => {
    const loop = (pattern: string) =>
      compilePolicySet([
        policy(`    - name: tool-names
      target: deployment
      condition: 'deployment.tools.exists(t, t.name.matches("${pattern}"))'
      effect: deny
      message: Odd tool name.
`),
      ]);
    expect(loop('^[a-z_]{1,64}$').errors).toEqual([]);
    expect(loop('^[a-z_]{1,900}$').errors[0].message).toMatch(
      /estimated cost \d+ exceeds the limit of 1000000/,
    );
  });

  it('rejects a glob with too many wildcards at load, and matches globs without backtracking', () => {
    const hostile = `${'*a'.repeat(20)}*b`;
    const { errors } = compilePolicySet([
      policy(`    - name: odd-tools
      target: tool-call
      match:
        tools: [get_*, "${hostile}"]
      condition: 'true'
      effect: deny
      message: No.
`),
    ]);
    expect(errors).toEqual([
      {
        source: 'team-rules.yaml',
        line: 10,
        column: 24,
        rule: 'team-rules/odd-tools',
        message: `match.tools: glob "${hostile}" has 21 wildcards, more than 10; list the names, or use a condition`,
      },
    ]);
    const { set } = compilePolicySet([
      policy(`    - name: odd-tools
      target: tool-call
      match:
        tools: ["*a*a*a*a*a*a*a*a*a*b"]
        servers: [api:default/payments-*]
      condition: 'true'
      effect: deny
      message: No.
`),
    ]);
    const decide = (server: string, tool: string) =>
      evaluateToolCall(
        set!,
        completeToolCallInput({
          server: { ref: server },
          tool: { name: tool },
        }),
        { defaultResult: 'allow' },
      ).result;
    // As a backtracking RegExp (^.*a.*a…b$) this name took longer than any test timeout.
    expect(decide('api:default/payments-ledger', 'a'.repeat(65_536))).toBe(
      'allow',
    );
    expect(decide('api:default/payments-ledger', 'xaaaaaaaaaaxb')).toBe('deny');
    expect(decide('api:default/support-desk', 'xaaaaaaaaaaxb')).toBe('allow');
  });

  it('takes throttle rules for tool calls only, each with its limit', () => {
    const { set, errors } = compilePolicySet([
      policy(`    - name: no-limit
      target: tool-call
      condition: 'true'
      effect: throttle
      message: Slow down.
    - name: limit-on-an-allow
      target: tool-call
      condition: 'true'
      effect: allow
      rateLimit: { perMinute: 5 }
      message: Fine.
    - name: throttled-permission
      target: permission
      condition: 'true'
      effect: throttle
      rateLimit: { perMinute: 5 }
      message: Slow down.
`),
    ]);
    expect(set).toBeUndefined();
    expect(errors.map(e => [e.rule, e.message])).toEqual(
      expect.arrayContaining([
        [
          'team-rules/no-limit',
          'spec.rules.0.rateLimit: a throttle rule needs the limit it puts on the calls, e.g. rateLimit: { perMinute: 60 }',
        ],
        [
          'team-rules/limit-on-an-allow',
          "spec.rules.1.rateLimit: rateLimit is for throttle rules only, this rule's effect is allow",
        ],
        [
          'team-rules/throttled-permission',
          'spec.rules.2.effect: permission rules take effect allow | deny, got "throttle"',
        ],
      ]),
    );
  });

  it('rejects a policy name defined twice', () => {
    const rule = `    - name: r
      target: deployment
      condition: 'true'
      effect: audit
      message: m
`;
    const { errors } = compilePolicySet([
      policy(rule),
      { ...policy(rule), source: 'copy.yaml' },
    ]);
    expect(errors[0].message).toBe(
      'policy "team-rules" is already defined in team-rules.yaml; policy names must be unique',
    );
  });
});

describe('evaluation', () => {
  const { set } = compilePolicySet(builtinSources());

  it('explains a denial with the rule and a message built from the input', () => {
    const decision = evaluateDeployment(set!, {
      deployment: {
        ...deployment,
        egress: [
          { host: 'ledger-db', kind: 'database' },
          { host: 'cache', kind: 'database' },
        ],
      },
      context: {
        catalog: { owner: { exists: true }, server: { exists: false } },
        budget: { usedRatio: null },
        slo: { errorBudgetRemaining: null },
      },
    });
    expect(decision.result).toBe('deny');
    expect(decision.violations).toEqual([
      {
        rule: 'deployment-guardrails/no-direct-database-access',
        effect: 'deny',
        message:
          "Production MCP servers may not reach databases directly (ledger-db, cache); call the owning service's API instead.",
      },
    ]);
  });

  it('fails closed when a context provider is missing or failed', () => {
    const decision = evaluateDeployment(
      set!,
      {
        deployment,
        context: {
          catalog: { owner: { exists: true }, server: { exists: false } },
        },
      },
      { slo: 'no answer within 2000 ms' },
    );
    expect(decision.result).toBe('deny');
    expect(decision.violations.map(v => [v.rule, v.error])).toEqual([
      [
        'deployment-guardrails/team-budget-headroom',
        'no context provider named "budget" is installed',
      ],
    ]);
    const update = evaluateDeployment(
      set!,
      {
        deployment: { ...deployment, change: 'update' },
        context: {
          catalog: { owner: { exists: true }, server: { exists: true } },
        },
      },
      { slo: 'no answer within 2000 ms' },
    );
    expect(update.violations.map(v => v.error)).toEqual([
      'context provider "slo" failed: no answer within 2000 ms',
    ]);
  });

  it('fails closed when a deny expression errors, but a failing warn rule only warns', () => {
    const { set: custom } = compilePolicySet([
      policy(`    - name: needs-label
      target: deployment
      condition: deployment.labels["tier"] == "gold"
      effect: deny
      message: Gold tier is closed.
    - name: warn-on-label
      target: deployment
      condition: deployment.labels["cost-center"] == ""
      effect: warn
      message: Set a cost center.
`),
    ]);
    const decision = evaluateDeployment(custom!, {
      deployment: { ...deployment, labels: {} },
      context: {},
    });
    expect(decision.result).toBe('deny');
    expect(decision.violations[0].error).toMatch(
      /condition failed: No such key: tier/,
    );
    expect(decision.warnings[0]).toMatchObject({
      rule: 'team-rules/warn-on-label',
      error: expect.stringMatching(/No such key: cost-center/),
    });
  });

  it('lets a deny beat an allow for tool calls and applies the default otherwise', () => {
    const owner = completeToolCallInput({
      user: {
        ref: 'user:default/grace',
        groups: ['user:default/grace', 'group:default/payments'],
      },
      server: {
        ref: 'api:default/payments-ledger',
        owner: 'group:default/payments',
        environment: 'production',
      },
      tool: { name: 'refund_payment', approval: 'changed' },
    });
    const denied = evaluateToolCall(set!, owner, { defaultResult: 'allow' });
    expect(denied).toMatchObject({
      result: 'deny',
      reason: 'deny-rule',
    });
    // The deny decides; the allow that would have matched is not even evaluated.
    expect(denied.rules.map(r => r.rule)).toEqual([
      'tool-access/unapproved-definition',
    ]);

    const stranger = completeToolCallInput({
      user: { ref: 'user:default/ada', groups: ['user:default/ada'] },
      server: {
        ref: 'api:default/x',
        owner: 'group:default/payments',
        environment: 'dev',
      },
      tool: { name: 'write', destructive: false },
    });
    expect(
      evaluateToolCall(set!, stranger, { defaultResult: 'deny' }),
    ).toMatchObject({
      result: 'deny',
      reason: 'default',
      message: 'No rule allows this, and the default is deny.',
    });
    expect(
      evaluateToolCall(set!, stranger, { defaultResult: 'allow' }),
    ).toMatchObject({
      result: 'allow',
      reason: 'default',
    });
  });

  it('throttles an allowed call to the lowest limit that fires, and fails open', () => {
    const { set: custom } = compilePolicySet([
      ...builtinSources(),
      policy(`    - name: big-spenders
      target: tool-call
      condition: context.consumerBudget.usedRatio != null && context.consumerBudget.usedRatio > 1.5
      effect: throttle
      rateLimit: { perMinute: 10 }
      message: Far over budget.
`),
    ]);
    const call = (consumerBudget?: object) =>
      completeToolCallInput({
        user: {
          ref: 'user:default/ada',
          groups: ['user:default/ada'],
          team: 'group:default/analytics',
        },
        server: { ref: 'api:default/x', environment: 'dev' },
        tool: { name: 'read', readOnly: true },
        context: consumerBudget ? { consumerBudget } : {},
      });
    const budget = (usedRatio: number) => ({
      team: 'group:default/analytics',
      currency: 'USD',
      monthlyBudget: 100,
      monthToDateSpend: usedRatio * 100,
      forecastSpend: 0,
      usedRatio,
      overBudget: usedRatio >= 1,
    });
    const decide = (input: ReturnType<typeof call>, failures = {}) =>
      evaluateToolCall(custom!, input, { defaultResult: 'deny', failures });

    expect(decide(call(budget(1.2))).throttle).toEqual({
      perMinute: 60,
      rule: 'tool-access/over-budget-consumers-throttled',
      message:
        'Team group:default/analytics has spent 120 % of its monthly MCP budget of 100 USD, so its calls are limited to 60 a minute until the budget is raised or the month ends.',
    });
    const far = decide(call(budget(2)));
    expect(far).toMatchObject({ result: 'allow', reason: 'allow-rule' });
    expect(far.throttle).toMatchObject({
      perMinute: 10,
      rule: 'team-rules/big-spenders',
    });
    expect(decide(call(budget(0.5))).throttle).toBeUndefined();

    // Insights away: reported, but nobody is throttled for it.
    const away = decide(call(), { consumerBudget: 'no answer within 2000 ms' });
    expect(away).toMatchObject({ result: 'allow' });
    expect(away.throttle).toBeUndefined();
    expect(away.rules.filter(r => r.error).map(r => r.rule)).toEqual([
      'tool-access/over-budget-consumers-throttled',
      'team-rules/big-spenders',
    ]);
    // Insights not installed: the throttles do not apply.
    const without = decide(call());
    expect(without.throttle).toBeUndefined();
    expect(without.rules.map(r => r.rule)).toEqual([
      'tool-access/read-only-for-everyone',
    ]);
  });
});
