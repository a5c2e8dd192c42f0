import {
  mockServices,
  createMockDirectory,
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { resolve } from 'node:path';
import { AddressInfo } from 'node:net';
import { mcpPolicyPlugin } from '../plugin';
import { runCli } from './runCli';

jest.setTimeout(60_000);

const BUILTIN = resolve(__dirname, '../../policies/builtin');

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    { out: l => out.push(l), err: l => err.push(l) },
    env,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const POLICY = `apiVersion: mcp-platform.io/v1alpha1
kind: McpPolicy
metadata: { name: ci }
spec:
  rules:
    - name: rate-limit-max
      target: deployment
      condition: has(deployment.rateLimit) && deployment.rateLimit.requestsPerMinute > 1000
      effect: deny
      message: At most 1000 requests per minute.
`;

describe('mcp-policy CLI', () => {
  const dir = createMockDirectory();

  it('passes the built-in pack tests', async () => {
    const result = await cli(['test', BUILTIN]);
    expect(result.err).toBe('');
    expect(result.out).toMatch(/PASS a compliant production server is allowed/);
    expect(result.out).toMatch(/\n45 passed, 0 failed$/);
    expect(result.code).toBe(0);
  });

  it('fails a policy repository whose tests do not hold, and one that does not load', async () => {
    dir.setContent({
      'repo/policy.yaml': POLICY,
      'repo/policy.test.yaml': `apiVersion: mcp-platform.io/v1alpha1
kind: McpPolicyTest
metadata: { name: ci }
spec:
  tests:
    - name: 5000 per minute is fine
      target: deployment
      input:
        deployment: { name: x, owner: group:default/a, environment: prod, change: create, dataClassification: internal, replicas: 1, cpu: 1, memoryMiB: 128, rateLimit: { requestsPerMinute: 5000 } }
      expect: { result: allow }
`,
      'broken/policy.yaml': POLICY.replace(
        'requestsPerMinute > 1000',
        'requestsPerMinute > "x"',
      ),
    });
    const failing = await cli(['test', dir.resolve('repo')]);
    expect(failing.code).toBe(1);
    expect(failing.out).toContain('FAIL 5000 per minute is fine');
    expect(failing.out).toContain(
      'expected allow, got deny (ci/rate-limit-max)',
    );
    expect(failing.out).toMatch(/0 passed, 1 failed$/);

    const broken = await cli(['check', dir.resolve('broken')]);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(
      new RegExp(
        `^${dir.resolve(
          'broken/policy.yaml',
        )}:8:18 \\[ci/rate-limit-max\\] condition: no such overload: int > string`,
      ),
    );
    expect((await cli(['check', BUILTIN])).out).toMatch(
      /^OK: 3 policies, \d+ rules/,
    );
  });

  it('asks a running engine from a pipeline and exits 1 when denied', async () => {
    dir.setContent({
      'policies/ci.yaml': POLICY,
      'deploy.yaml':
        'name: payments-refunds\nowner: group:default/payments\nenvironment: production\nchange: update\ndataClassification: internal\nreplicas: 2\ncpu: 0.5\nmemoryMiB: 512\nrateLimit: { requestsPerMinute: 5000 }\n',
      'bad.yaml': 'name: Payments Refunds\n',
    });
    const { server } = await startTestBackend({
      features: [
        mcpPolicyPlugin,
        mockServices.rootConfig.factory({
          data: {
            mcpPolicy: {
              builtinPack: false,
              policyFiles: [dir.resolve('policies')],
            },
          },
        }),
      ],
    });
    const url = `http://localhost:${(server.address() as AddressInfo).port}`;
    const env = { MCP_POLICY_TOKEN: mockCredentials.service.token() };
    const denied = await cli(
      ['evaluate', dir.resolve('deploy.yaml'), '--url', url],
      env,
    );
    expect(denied.out).toContain(
      'DENY  ci/rate-limit-max: At most 1000 requests per minute.',
    );
    expect(denied.out).toMatch(
      /DENIED \(policy set [0-9a-f]{16}, decision \d+\)/,
    );
    expect(denied.code).toBe(1);

    const invalid = await cli(
      ['evaluate', dir.resolve('bad.yaml'), '--url', url],
      env,
    );
    expect(invalid.code).toBe(2);
    expect(invalid.err).toContain('bad.yaml: name: must be lower-case letters');
    expect(
      (await cli(['evaluate', dir.resolve('deploy.yaml'), '--url', url])).err,
    ).toContain('MCP_POLICY_TOKEN is not set');
    await server.close?.();
  });
});
