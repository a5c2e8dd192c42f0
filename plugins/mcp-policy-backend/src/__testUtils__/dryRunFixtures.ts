import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NewDecision } from '../database/DecisionLog';
import { compilePolicySet, PolicySource } from '../engine/compilePolicySet';
import { completeToolCallInput } from '../engine/completeInput';
import { evaluateToolCall } from '../engine/evaluatePolicies';

const BUILTIN = resolve(__dirname, '../../policies/builtin');

/** The built-in pack as the loader reads it. */
export const active: PolicySource[] = readdirSync(BUILTIN).map(f => ({
  source: resolve(BUILTIN, f),
  content: readFileSync(resolve(BUILTIN, f), 'utf8'),
}));

/** A candidate policy with one deny rule on tool calls. */
export function candidate(condition: string) {
  return {
    source: 'candidate.yaml',
    content: `apiVersion: mcp-platform.io/v1alpha1
kind: McpPolicy
metadata: { name: candidate }
spec:
  rules:
    - name: r
      target: tool-call
      condition: '${condition}'
      effect: deny
      message: Candidate says no.
`,
  };
}

/** Tool-call decisions as the service records them: readOnly tools of other teams, allowed. */
export function recorded(count: number): NewDecision[] {
  const { set } = compilePolicySet(active);
  return Array.from({ length: count }, (_, i) => {
    const input = completeToolCallInput({
      user: { ref: `user:default/u${i}`, groups: [`user:default/u${i}`] },
      server: {
        ref: 'api:default/payments-ledger',
        owner: 'group:default/payments',
        environment: 'production',
        dataClassification: 'internal',
      },
      tool: { name: `tool_${i}`, readOnly: true },
    });
    const decision = evaluateToolCall(set!, input, { defaultResult: 'deny' });
    return {
      decidedAt: new Date(Date.UTC(2026, 10, 1, 0, i)),
      kind: 'tool-call',
      principal: 'plugin:gateway',
      subject: `api:default/payments-ledger#tool_${i}`,
      user: input.user.ref,
      result: decision.result,
      reason: decision.reason,
      rules: decision.rules,
      policySetDigest: decision.policySetDigest,
      input: input as unknown as Record<string, unknown>,
    };
  });
}
