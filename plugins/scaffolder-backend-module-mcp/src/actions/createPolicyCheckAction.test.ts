import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { McpPolicyClient } from '@mcp-platform/plugin-mcp-policy-common';
// The real policy engine answers; test-only, the plugins stay independent at runtime.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mcpPolicyPlugin from '@mcp-platform/plugin-mcp-policy-backend';
import { AddressInfo } from 'node:net';
import { createPolicyCheckAction } from './createPolicyCheckAction';

const POLICY = `apiVersion: mcp-platform.io/v1alpha1
kind: McpPolicy
metadata: { name: gate }
spec:
  rules:
    - name: rate-limit-max
      target: deployment
      condition: deployment.rateLimit.requestsPerMinute > 1000
      effect: deny
      message: At most 1000 requests per minute; lower rateLimit.requestsPerMinute.
    - name: redundancy
      target: deployment
      condition: deployment.replicas < 2
      effect: warn
      message: Run at least 2 replicas.
`;

const deployment = {
  name: 'refund-desk',
  owner: 'group:default/payments',
  environment: 'production',
  change: 'create',
  dataClassification: 'internal',
  replicas: 1,
  cpu: 0.5,
  memoryMiB: 512,
  rateLimit: { requestsPerMinute: 600 },
};

describe('mcp:policy:check', () => {
  const dir = createMockDirectory({ content: { 'gate.yaml': POLICY } });
  let stop: () => Promise<void>;
  let baseUrl: string;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        mcpPolicyPlugin,
        mockServices.rootConfig.factory({
          data: {
            mcpPolicy: { builtinPack: false, policyFiles: [dir.path] },
          },
        }),
      ],
    });
    baseUrl = `http://localhost:${
      (backend.server.address() as AddressInfo).port
    }/api/mcp-policy`;
    stop = () => backend.stop();
  });
  afterAll(() => stop());

  function action(url = baseUrl) {
    return createPolicyCheckAction({
      discovery: mockServices.discovery(),
      auth: mockServices.auth(),
      client: new McpPolicyClient({
        discoveryApi: { getBaseUrl: async () => url },
      }),
    });
  }

  it('passes an allowed deployment, logging and returning the warnings', async () => {
    const ctx = createMockActionContext({
      input: { deployment },
      getInitiatorCredentials: async () => mockCredentials.user(),
    });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('result', 'allow');
    expect(ctx.output).toHaveBeenCalledWith('warnings', [
      { rule: 'gate/redundancy', message: 'Run at least 2 replicas.' },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('decisionId', expect.any(String));
  });

  it('fails the step with each violated rule and how to fix it', async () => {
    const ctx = createMockActionContext({
      input: {
        deployment: { ...deployment, rateLimit: { requestsPerMinute: 5000 } },
      },
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      'Denied by policy (1 rule):\n- gate/rate-limit-max: At most 1000 requests per minute; lower rateLimit.requestsPerMinute.',
    );
  });

  it('rejects an invalid config and fails closed when the engine is unreachable', async () => {
    await expect(
      action().handler(
        createMockActionContext({
          input: { deployment: { ...deployment, replicas: -1 } },
        }),
      ),
    ).rejects.toThrow('The deployment config is invalid: replicas:');
    await expect(
      action('http://127.0.0.1:9/api/mcp-policy').handler(
        createMockActionContext({ input: { deployment } }),
      ),
    ).rejects.toThrow(
      /^The MCP policy engine could not check this deployment, so nothing was created:/,
    );
  });
});
