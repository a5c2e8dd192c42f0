import { ResponseError } from '@backstage/errors';
import {
  DecisionLogFilter,
  DryRunRequest,
  PolicySetInfo,
} from '@mcp-platform/plugin-mcp-policy-common';
import { McpPolicyApi } from '../api';

/** The engine answering as the backend does on failure: a `ResponseError` from its JSON body. */
export async function engineError(
  status: number,
  body: Record<string, unknown>,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    }),
  );
}

/** Backstage's standard error body, as the backend's error handler writes it. */
export function standardErrorBody(
  status: number,
  name: string,
  message: string,
) {
  return {
    error: { name, message },
    request: { method: 'GET', url: '/api/mcp-policy' },
    response: { statusCode: status },
  };
}

/** Calls the fake received, for asserting what the UI asked. */
export interface FakeCalls {
  getDecisions: DecisionLogFilter[];
  dryRun: DryRunRequest[];
  evaluateToolCalls: Parameters<McpPolicyApi['evaluateToolCalls']>[0][];
  evaluateDeployment: unknown[];
}

/** An in-memory McpPolicyApi; methods a test does not give fail loudly. */
export function fakeMcpPolicyApi(overrides: Partial<McpPolicyApi> = {}): {
  api: McpPolicyApi;
  calls: FakeCalls;
} {
  const calls: FakeCalls = {
    getDecisions: [],
    dryRun: [],
    evaluateToolCalls: [],
    evaluateDeployment: [],
  };
  const unexpected = (name: string) => async () => {
    throw new Error(`${name} was not expected in this test`);
  };
  const api: McpPolicyApi = {
    getPolicies: overrides.getPolicies ?? unexpected('getPolicies'),
    evaluateDeployment: async (deployment, options) => {
      calls.evaluateDeployment.push(deployment);
      return (overrides.evaluateDeployment ?? unexpected('evaluateDeployment'))(
        deployment,
        options,
      );
    },
    evaluateToolCalls: async request => {
      calls.evaluateToolCalls.push(request);
      return (overrides.evaluateToolCalls ?? unexpected('evaluateToolCalls'))(
        request,
      );
    },
    getDecisions: async filter => {
      calls.getDecisions.push(filter ?? {});
      return (overrides.getDecisions ?? unexpected('getDecisions'))(filter);
    },
    dryRun: async request => {
      calls.dryRun.push(request);
      return (overrides.dryRun ?? unexpected('dryRun'))(request);
    },
  };
  return { api, calls };
}

/** A policy set with one policy of two rules, loaded an hour ago. */
export function policySet(extra: Partial<PolicySetInfo> = {}): PolicySetInfo {
  return {
    policySetDigest: 'sha256:4f2a9c',
    loadedAt: new Date(Date.now() - 3_600_000).toISOString(),
    lastLoadAttemptAt: new Date().toISOString(),
    errors: [],
    toolCallDefault: 'deny',
    permissionDefault: 'deny',
    policies: [
      {
        name: 'deployment-guardrails',
        description: 'Guardrails for creating and deploying MCP servers.',
        source: 'builtin:deployment-guardrails.yaml',
        rules: [
          {
            id: 'deployment-guardrails/rate-limit-required',
            name: 'rate-limit-required',
            target: 'deployment',
            effect: 'deny',
            condition: '!has(deployment.rateLimit)',
            message: 'Set a rate limit.',
            requires: [],
            firedLast7Days: 12,
          },
          {
            id: 'deployment-guardrails/production-redundancy',
            name: 'production-redundancy',
            target: 'deployment',
            effect: 'warn',
            condition: 'deployment.replicas < 2',
            message: 'Production servers should run at least 2 replicas.',
            match: { environments: ['production'] },
            requires: [],
            firedLast7Days: 3,
          },
        ],
      },
    ],
    ...extra,
  };
}
