import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  renderMcpServerSkeleton,
  sampleSkeletonValues,
} from '../__testUtils__/mcpServerProject';
import { createValidateMcpServerAction } from './createValidateMcpServerAction';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'ledger-reader-service', namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/payments',
    },
  },
];

const tools = [
  {
    name: 'get_payment',
    description: 'Returns a payment by its id.',
    readOnly: true,
  },
  {
    name: 'issue_refund',
    description: 'Refunds part of a payment.',
    readOnly: false,
    destructive: true,
  },
];

async function validate(input: Record<string, unknown>) {
  const action = createValidateMcpServerAction({
    catalog: catalogServiceMock({ entities }),
  });
  const ctx = createMockActionContext({
    input: {
      name: 'refund-desk',
      owner: 'payments',
      environment: 'staging',
      tools,
      ...input,
    },
  });
  await action.handler(ctx as never);
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([key, value]) => [key, value]),
  );
}

describe('mcp:server:validate', () => {
  it('normalizes a valid request for the policy gate and the skeleton', async () => {
    expect(await validate({ cpu: 0.25 })).toEqual({
      entityRef: 'api:default/refund-desk',
      owner: 'group:default/payments',
      team: 'payments',
      title: 'refund-desk',
      tools: [
        {
          name: 'get_payment',
          title: 'Get payment',
          description: 'Returns a payment by its id.',
          readOnly: true,
          destructive: false,
        },
        {
          name: 'issue_refund',
          title: 'Issue refund',
          description: 'Refunds part of a payment.',
          readOnly: false,
          destructive: true,
        },
      ],
      policyTools: [
        { name: 'get_payment', readOnly: true, destructive: false },
        { name: 'issue_refund', readOnly: false, destructive: true },
      ],
      endpointUrl: 'https://refund-desk.mcp.internal/mcp',
      metricsUrl: 'https://refund-desk.mcp.internal/metrics',
      slo: 'availability=99.5,latency-p95=2000ms,window=30d',
      cpuMillis: 250,
      networkPolicy: {
        gateway: {
          namespace: 'backstage',
          podLabels: { 'app.kubernetes.io/name': 'backstage' },
        },
        metrics: {
          namespace: 'monitoring',
          podLabels: { 'app.kubernetes.io/name': 'prometheus' },
        },
        upstreams: [],
      },
      egress: [],
    });
  });

  it('keeps a given endpoint and derives the metrics URL from it', async () => {
    const output = await validate({
      endpointUrl: 'https://mcp.acme.io/refunds/mcp',
    });
    expect(output.endpointUrl).toBe('https://mcp.acme.io/refunds/mcp');
    expect(output.metricsUrl).toBe('https://mcp.acme.io/metrics');
  });

  it('lists every problem with what to change', async () => {
    await expect(
      validate({
        name: 'ledger-reader',
        owner: 'user:default/alice',
        endpointUrl: 'https://bob:pw@ledger.example/mcp',
        tools: [
          {
            name: 'wipe_ledger',
            description: 'Deletes.',
            readOnly: true,
            destructive: true,
          },
          { name: 'getEntry', description: '' },
        ],
      }),
    ).rejects.toThrow(
      [
        'The MCP server request has 6 problems:',
        '- Name "ledger-reader" is taken: component:default/ledger-reader-service already exists in the catalog, owned by group:default/payments; choose another name',
        '- Owner "user:default/alice" is a user, not a group: servers are owned by teams',
        '- Tool 1 ("wipe_ledger") is marked both read-only and destructive: untick one',
        '- Tool 2 name "getEntry" is invalid: use snake_case (lower-case letters, digits and underscores, starting with a letter, at most 64), e.g. get_account_balance',
        '- Tool 2 ("getEntry") has no description: models choose tools by it',
        '- Public MCP endpoint "https://bob:pw@ledger.example/mcp" must not contain credentials: clients authenticate with OAuth tokens',
      ].join('\n'),
    );
  });

  it.each([
    ['ab', /Name "ab" is invalid/],
    ['refund--desk', /Name "refund--desk" is invalid/],
    ['x'.repeat(33), /is invalid: use 3-32 lower-case letters/],
  ])('rejects the name %s', async (name, message) => {
    await expect(validate({ name })).rejects.toThrow(message);
  });

  it('rejects a tool whose gateway name <server>__<tool> would be over 64 characters', async () => {
    const fits = `get_${'x'.repeat(40)}`; // refund-desk-europe__get_xxx…: 64 characters
    const tooLong = `${fits}y`;
    await expect(
      validate({
        name: 'refund-desk-europe',
        tools: [
          { name: fits, description: 'Gets it.', readOnly: true },
          { name: tooLong, description: 'Gets more.', readOnly: true },
        ],
      }),
    ).rejects.toThrow(
      [
        'The MCP server request has 1 problem:',
        `- Tool 2 name "${tooLong}" is too long for the MCP gateway, which offers it as "refund-desk-europe__${tooLong}" (65 characters, at most 64): shorten the tool's or the server's name`,
      ].join('\n'),
    );
  });

  it.each([
    ['not a url', /is not a URL: use an absolute URL such as/],
    ['ftp://ledger.example/mcp', /must use https \(or http\), not ftp:/],
    ['mailto:ops@ledger.example', /must use https \(or http\), not mailto:/],
    ['https://ledger.example/mcp?token=1', /must not have a query or fragment/],
  ])('rejects the endpoint %s', async (endpointUrl, message) => {
    await expect(validate({ endpointUrl })).rejects.toThrow(message);
  });

  it('outputs the endpoint as the WHATWG URL serialises it', async () => {
    const output = await validate({
      endpointUrl: '  HTTPS://MCP.Acme.io:443/refunds/my mcp ',
    });
    expect(output.endpointUrl).toBe('https://mcp.acme.io/refunds/my%20mcp');
    expect(output.metricsUrl).toBe('https://mcp.acme.io/metrics');
  });

  it.each([
    [
      'https://ledger.example/mcp\n    url: https://evil.example/mcp',
      'contains a newline (at position 27)',
    ],
    ['https://ledger.example/mcp\r', 'contains a carriage return'],
    ['https://ledger\t.example/mcp', 'contains a tab (at position 15)'],
    ['https://ledger.example/\u0000mcp', 'the control character U+0000'],
    ['https://ledger.example/\u0085mcp', 'the control character U+0085'],
    ['\n', 'contains a newline (at position 1)'],
  ])(
    'refuses an endpoint with a control character (%j), saying which',
    async (endpointUrl, message) => {
      const failure = validate({ endpointUrl });
      await expect(failure).rejects.toMatchObject({ name: 'InputError' });
      await expect(failure).rejects.toThrow(
        `Public MCP endpoint ${JSON.stringify(endpointUrl)} ${
          message.startsWith('the') ? 'contains ' : ''
        }${message}`,
      );
      await expect(failure).rejects.toThrow(
        /enter the URL on one line, without control characters/,
      );
    },
  );

  it('gives the rendered catalog-info.yaml the normalised endpoint', async () => {
    const output = await validate({
      endpointUrl: 'https://Refund-Desk.MCP.internal:443/mcp',
    });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mcp-validate-'));
    try {
      await renderMcpServerSkeleton(
        dir,
        sampleSkeletonValues({
          endpointUrl: output.endpointUrl,
          metricsUrl: output.metricsUrl,
          networkPolicy: output.networkPolicy,
        }),
      );
      const [api, component] = parseAllDocuments(
        await fs.readFile(path.join(dir, 'catalog-info.yaml'), 'utf8'),
      ).map(doc => doc.toJS());
      expect(api.spec.remotes).toEqual([
        {
          type: 'streamable-http',
          url: 'https://refund-desk.mcp.internal/mcp',
        },
      ]);
      expect(api.spec.definition).toContain(
        'Streamable HTTP at https://refund-desk.mcp.internal/mcp',
      );
      expect(
        component.metadata.annotations['mcp-platform.io/metrics-url'],
      ).toBe('https://refund-desk.mcp.internal/metrics');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('renders a NetworkPolicy that admits only the chosen gateway and metrics scraper', async () => {
    const output = await validate({
      networkPolicy: {
        gatewayNamespace: 'mcp-gateway',
        gatewayPods: 'app.kubernetes.io/name=mcp-gateway, tier=edge',
        metricsPods: '',
      },
    });
    expect(output.networkPolicy).toEqual({
      gateway: {
        namespace: 'mcp-gateway',
        podLabels: { 'app.kubernetes.io/name': 'mcp-gateway', tier: 'edge' },
      },
      metrics: {
        namespace: 'monitoring',
        podLabels: { 'app.kubernetes.io/name': 'prometheus' },
      },
      upstreams: [],
    });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mcp-validate-'));
    try {
      await renderMcpServerSkeleton(
        dir,
        sampleSkeletonValues({ networkPolicy: output.networkPolicy }),
      );
      const [policy] = parseAllDocuments(
        await fs.readFile(path.join(dir, 'k8s', 'networkpolicy.yaml'), 'utf8'),
      ).map(doc => doc.toJS());
      expect(policy.spec.ingress).toEqual([
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'mcp-gateway' },
              },
              podSelector: {
                matchLabels: {
                  'app.kubernetes.io/name': 'mcp-gateway',
                  tier: 'edge',
                },
              },
            },
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
              },
              podSelector: {
                matchLabels: { 'app.kubernetes.io/name': 'prometheus' },
              },
            },
          ],
          ports: [{ port: 'http', protocol: 'TCP' }],
        },
      ]);
      // Without upstreams: DNS and the OAuth issuer's HTTPS only.
      expect(
        policy.spec.egress.map((e: { ports: unknown }) => e.ports),
      ).toEqual([
        [
          { port: 53, protocol: 'UDP' },
          { port: 53, protocol: 'TCP' },
        ],
        [{ port: 443, protocol: 'TCP' }],
      ]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('names a malformed network policy peer and how to write it', async () => {
    await expect(
      validate({
        networkPolicy: {
          gatewayNamespace: 'Backstage',
          metricsPods: 'app=prometheus,role',
        },
      }),
    ).rejects.toThrow(
      [
        'The MCP server request has 2 problems:',
        '- Gateway namespace "Backstage" is not a Kubernetes namespace name: use lower-case letters, digits and dashes, e.g. backstage',
        '- Metrics scraper pods "app=prometheus,role" is not a label selector: use key=value pairs separated by commas, e.g. app.kubernetes.io/name=backstage',
      ].join('\n'),
    );
  });

  it('rejects an owner that is not in the catalog, and a request without tools', async () => {
    await expect(
      validate({ owner: 'group:default/ghosts', tools: [] }),
    ).rejects.toThrow(
      [
        'The MCP server request has 2 problems:',
        '- Owner "group:default/ghosts" does not exist in the catalog: pick your team from the list',
        '- List at least one tool for the server to expose',
      ].join('\n'),
    );
  });

  it('gives the policy gate the upstreams as egress, and the generated deployment their rules', async () => {
    const output = await validate({
      upstreams: [
        {
          kind: 'http',
          host: ' Payments-API.payments.svc.cluster.local ',
          port: 8443,
        },
        { kind: 'database', host: '10.20.0.15', port: 5432 },
        { kind: 'queue', host: 'events.internal.example', port: 5671 },
      ],
    });
    expect(output.egress).toEqual([
      {
        host: 'payments-api.payments.svc.cluster.local',
        port: 8443,
        kind: 'http',
      },
      { host: '10.20.0.15', port: 5432, kind: 'database' },
      { host: 'events.internal.example', port: 5671, kind: 'queue' },
    ]);
    expect(output.networkPolicy.upstreams).toEqual([
      {
        host: 'payments-api.payments.svc.cluster.local',
        port: 8443,
        kind: 'http',
        namespace: 'payments',
      },
      {
        host: '10.20.0.15',
        port: 5432,
        kind: 'database',
        cidr: '10.20.0.15/32',
      },
      { host: 'events.internal.example', port: 5671, kind: 'queue' },
    ]);

    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mcp-validate-'));
    try {
      await renderMcpServerSkeleton(
        dir,
        sampleSkeletonValues({
          networkPolicy: output.networkPolicy,
          egress: output.egress,
        }),
      );
      const [policy] = parseAllDocuments(
        await fs.readFile(path.join(dir, 'k8s', 'networkpolicy.yaml'), 'utf8'),
      ).map(doc => doc.toJS());
      expect(policy.spec.egress.slice(1)).toEqual([
        { ports: [{ port: 443, protocol: 'TCP' }] },
        {
          ports: [{ port: 8443, protocol: 'TCP' }],
          to: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'payments' },
              },
            },
          ],
        },
        {
          ports: [{ port: 5432, protocol: 'TCP' }],
          to: [{ ipBlock: { cidr: '10.20.0.15/32' } }],
        },
        // A name outside the cluster: NetworkPolicy can only open the port.
        { ports: [{ port: 5671, protocol: 'TCP' }] },
      ]);
      // The config CI sends to the policy engine, and the server's own configuration.
      const deployment = JSON.parse(
        await fs.readFile(path.join(dir, 'mcp-deployment.json'), 'utf8'),
      );
      expect(deployment.egress).toEqual(output.egress);
      const [manifest] = parseAllDocuments(
        await fs.readFile(path.join(dir, 'k8s', 'deployment.yaml'), 'utf8'),
      ).map(doc => doc.toJS());
      const env = manifest.spec.template.spec.containers[0].env;
      expect(
        JSON.parse(
          env.find((e: { name: string }) => e.name === 'MCP_UPSTREAMS').value,
        ),
      ).toEqual(output.egress);
      expect(
        await fs.readFile(path.join(dir, 'src', 'serverInfo.ts'), 'utf8'),
      ).toContain(`upstreams: ${JSON.stringify(output.egress)},`);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('names each malformed upstream and how to write it', async () => {
    await expect(
      validate({
        upstreams: [
          {
            kind: 'http',
            host: 'https://ledger-api.payments.svc/v1',
            port: 443,
          },
          { kind: 'database', host: 'ledger-db:5432', port: 5432 },
          { kind: 'cache', host: 'redis', port: 6379 },
          { kind: 'queue', host: 'events', port: 70000 },
          { kind: 'http', host: 'api.stripe.com', port: 443 },
          { kind: 'other', host: 'API.Stripe.com', port: 443 },
          { kind: 'database', host: 'ledger_db', port: 5432 },
        ],
      }),
    ).rejects.toThrow(
      [
        'The MCP server request has 6 problems:',
        '- Upstream 1 host "https://ledger-api.payments.svc/v1" is not a host name: enter the name or address only, without scheme, path or credentials, e.g. ledger-api.payments.svc.cluster.local',
        '- Upstream 2 host "ledger-db:5432" holds a port: put the port in the Port field',
        '- Upstream 3 (redis) has kind "cache": use one of database, http, queue, other',
        '- Upstream 4 (events) has port 70000: use a whole number from 1 to 65535, e.g. 5432 for PostgreSQL',
        '- Upstream 6 (api.stripe.com:443) is already listed as upstream 5: list each host and port once',
        '- Upstream 7 host "ledger_db" is not a DNS name or IP address: use letters, digits, dashes and dots, e.g. ledger-api.payments.svc.cluster.local or 10.20.0.15',
      ].join('\n'),
    );
  });
});
