import {
  AccessDecision,
  DeploymentDecision,
  ToolCallThrottle,
  deploymentConfigSchema,
  PolicyLoadError,
  PolicyTestCase,
  policyTestDocumentSchema,
} from '@mcp-platform/plugin-mcp-policy-common';
import { parseAllDocuments } from 'yaml';
import {
  CompileOptions,
  compilePolicySet,
  PolicySource,
} from './compilePolicySet';
import {
  completePermissionInput,
  completeToolCallInput,
} from './completeInput';
import {
  evaluateDeployment,
  evaluatePermission,
  evaluateToolCall,
} from './evaluatePolicies';

/**
 * The outcome of one test case.
 *
 * @public
 */
export interface PolicyTestResult {
  source: string;
  name: string;
  passed: boolean;
  /** What differed from the expectation. */
  problems: string[];
}

/**
 * The outcome of a test run.
 *
 * @public
 */
export interface PolicyTestReport {
  loadErrors: PolicyLoadError[];
  results: PolicyTestResult[];
  passed: number;
  failed: number;
}

type TestedDecision =
  | DeploymentDecision
  | (AccessDecision & { throttle?: ToolCallThrottle });

function firedIds(decision: TestedDecision): {
  fired: string[];
  warnings: string[];
} {
  if ('violations' in decision) {
    return {
      fired: [
        ...decision.violations,
        ...decision.warnings,
        ...decision.audits,
      ].map(r => r.rule),
      warnings: decision.warnings.map(r => r.rule),
    };
  }
  return { fired: decision.rules.map(r => r.rule), warnings: [] };
}

function runCase(
  test: PolicyTestCase,
  evaluate: (test: PolicyTestCase) => TestedDecision,
): string[] {
  const decision = evaluate(test);
  const problems: string[] = [];
  const { fired, warnings } = firedIds(decision);
  if (decision.result !== test.expect.result) {
    const why =
      'violations' in decision
        ? decision.violations.map(v => v.rule).join(', ') ||
          'no deny rule fired'
        : `${decision.reason}: ${decision.message}`;
    problems.push(
      `expected ${test.expect.result}, got ${decision.result} (${why})`,
    );
  }
  for (const rule of test.expect.fired ?? []) {
    if (!fired.includes(rule)) {
      problems.push(
        `expected ${rule} to fire; fired: ${fired.join(', ') || 'none'}`,
      );
    }
  }
  for (const rule of test.expect.notFired ?? []) {
    if (fired.includes(rule)) problems.push(`expected ${rule} not to fire`);
  }
  if (test.expect.throttle !== undefined) {
    const limit =
      'violations' in decision ? undefined : decision.throttle?.perMinute;
    if ((limit ?? null) !== test.expect.throttle)
      problems.push(
        `expected ${
          test.expect.throttle === null
            ? 'no throttle'
            : `a throttle to ${test.expect.throttle} calls a minute`
        }, got ${limit === undefined ? 'none' : `${limit} a minute`}`,
      );
  }
  for (const rule of test.expect.warnings ?? []) {
    if (!warnings.includes(rule)) {
      problems.push(
        `expected ${rule} to warn; warnings: ${warnings.join(', ') || 'none'}`,
      );
    }
  }
  const failed = [
    ...('violations' in decision
      ? [...decision.violations, ...decision.warnings]
      : decision.rules),
  ].filter(r => r.error);
  for (const r of failed) problems.push(`rule ${r.rule} errored: ${r.error}`);
  return problems;
}

/**
 * Runs policy tests (documents of kind `McpPolicyTest`) against the policies (kind `McpPolicy`)
 * in the same sources, like `opa test`: each case gives an input and the expected result and
 * rules. A rule that errors fails its case even when the result matches.
 *
 * @public
 */
export function runPolicyTests(
  sources: PolicySource[],
  options: CompileOptions & { toolCallDefault?: 'allow' | 'deny' } = {},
): PolicyTestReport {
  const { set, errors } = compilePolicySet(sources, options);
  const report: PolicyTestReport = {
    loadErrors: [...errors],
    results: [],
    passed: 0,
    failed: 0,
  };
  const defaultResult = options.toolCallDefault ?? 'deny';
  for (const { source, content } of sources) {
    for (const doc of parseAllDocuments(content, { merge: true }) as any[]) {
      if (!doc?.get || doc.get('kind') !== 'McpPolicyTest') continue;
      const parsed = policyTestDocumentSchema.safeParse(doc.toJS());
      if (!parsed.success) {
        report.loadErrors.push({
          source,
          message: parsed.error.issues
            .map(i => `${i.path.join('.')}: ${i.message}`)
            .join('; '),
        });
        continue;
      }
      for (const test of parsed.data.spec.tests) {
        let problems: string[];
        if (!set) {
          problems = ['the policies did not load'];
        } else {
          try {
            problems = runCase(test, t => {
              const input = t.input as Record<string, any>;
              if (t.target === 'deployment') {
                const deployment = deploymentConfigSchema.safeParse(
                  input.deployment,
                );
                if (!deployment.success) {
                  throw new Error(
                    deployment.error.issues
                      .map(i => `deployment.${i.path.join('.')}: ${i.message}`)
                      .join('; '),
                  );
                }
                return evaluateDeployment(set, {
                  deployment: deployment.data,
                  context: input.context ?? {},
                });
              }
              if (t.target === 'tool-call') {
                return evaluateToolCall(set, completeToolCallInput(input), {
                  defaultResult,
                });
              }
              return evaluatePermission(
                set,
                completePermissionInput({
                  ...input,
                  permission: { action: 'read', ...input.permission },
                }),
                { defaultResult: 'deny' },
              );
            });
          } catch (error) {
            problems = [
              `invalid input: ${
                error instanceof Error ? error.message : String(error)
              }`,
            ];
          }
        }
        const passed = problems.length === 0;
        report.results.push({ source, name: test.name, passed, problems });
        if (passed) report.passed++;
        else report.failed++;
      }
    }
  }
  return report;
}
