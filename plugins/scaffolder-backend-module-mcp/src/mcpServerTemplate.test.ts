import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
// The catalog validates the generated mcp-server entity as in production; test-only import.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { catalogModuleMcpServerValidation } from '@mcp-platform/plugin-catalog-backend-module-mcp';
// The real policy engine decides at the gate; test-only, the plugins stay independent at runtime.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mcpPolicyPlugin from '@mcp-platform/plugin-mcp-policy-backend';
import { mcpPolicyContextExtensionPoint } from '@mcp-platform/plugin-mcp-policy-node';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseAllDocuments } from 'yaml';
import { createPolicyCheckAction } from './actions/createPolicyCheckAction';
import { createPublishLocalAction } from './actions/createPublishLocalAction';
import { createRegisterLocalRepositoryAction } from './actions/createRegisterLocalRepositoryAction';
import { createValidateMcpServerAction } from './actions/createValidateMcpServerAction';
import { catalogModuleMcpLocalRepositories } from '@mcp-platform/plugin-catalog-backend-module-mcp-local-repositories';
import { MCP_SERVER_TEMPLATE_DIR, npm } from './__testUtils__/mcpServerProject';

// Installs and tests a generated npm project: minutes on a cold npm cache.
jest.setTimeout(15 * 60_000);

/** Budget and SLO inputs of the policy engine, as the insights plugin provides them. */
const policyInputs = createBackendModule({
  pluginId: 'mcp-policy',
  moduleId: 'test-insights',
  register(env) {
    env.registerInit({
      deps: { policy: mcpPolicyContextExtensionPoint },
      async init({ policy }) {
        policy.addContextProvider(
          {
            name: 'budget',
            provide: async req => ({
              team: req.ownerRef,
              currency: 'USD',
              monthlyBudget: 1000,
              monthToDateSpend: 100,
              forecastSpend: 300,
              usedRatio: 0.1,
            }),
          },
          {
            name: 'slo',
            provide: async req => ({
              server: req.serverRef,
              known: false,
              errorBudgetRemaining: null,
            }),
          },
        );
      },
    });
  },
});

const ORG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: payments }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: ledger-reader }
spec:
  type: openapi
  lifecycle: production
  owner: group:default/payments
  definition: openapi 3.0.0
`;

const validRequest = {
  name: 'refund-desk',
  title: 'Refund desk',
  description:
    'Looks up payments and issues partial refunds for support agents.',
  owner: 'group:default/payments',
  dataClassification: 'confidential',
  tools: [
    {
      name: 'get_payment',
      description: 'Returns a payment by its id.',
      readOnly: true,
      destructive: false,
    },
    {
      name: 'issue_refund',
      description: 'Refunds part of a payment; irreversible.',
      readOnly: false,
      destructive: true,
    },
  ],
  environment: 'production',
  transport: 'streamable-http',
  replicas: 2,
  cpu: 0.5,
  memoryMiB: 512,
  rateLimitPerMinute: 120,
  monthlyBudget: 250,
  imageRegistry: 'registry.mcp.internal/mcp',
  // What it connects to: the payments API in the cluster, a queue by address, a payment provider.
  upstreams: [
    {
      kind: 'http',
      host: 'payments-api.payments.svc.cluster.local',
      port: 8443,
    },
    { kind: 'queue', host: '10.20.0.15', port: 5671 },
    { kind: 'other', host: 'api.stripe.com', port: 443 },
  ],
  // Not in canonical form: the catalog must get https://refund-desk.mcp.internal/mcp.
  endpointUrl: 'https://Refund-Desk.MCP.internal:443/mcp',
  publishTarget: 'local',
};

/** The official conformance scenarios every generated server passes, by protocol revision. */
const CONFORMANCE_SCENARIOS = [
  ['2025-11-25', 'server-initialize'],
  ['2025-11-25', 'ping'],
  ['2025-11-25', 'tools-list'],
  ['2025-11-25', 'logging-set-level'],
  ['2025-11-25', 'dns-rebinding-protection'],
  ['2026-07-28', 'server-stateless'],
  ['2026-07-28', 'tools-list'],
  ['2026-07-28', 'dns-rebinding-protection'],
  ['2026-07-28', 'caching'],
  ['2026-07-28', 'http-header-validation'],
  ['2026-07-28', 'http-custom-header-server-validation'],
] as const;

/** One scenario's line of the report `npm run conformance -- --report` writes. */
interface ConformanceResult {
  revision: string;
  scenario: string;
  passed: number;
  failed: number;
  warnings: number;
  skipped: number;
  failures: Array<{ id: string; message: string }>;
}

interface TaskEvent {
  type: string;
  body: {
    message?: string;
    stepId?: string;
    status?: string;
    output?: { links?: unknown[] };
  };
}

describe('the mcp-server template in the real scaffolder', () => {
  let root: string;
  let baseDir: string;
  let baseUrl: string;
  let stopBackend: () => Promise<void>;
  const children: ChildProcess[] = [];
  /** Filled by the test that generates the server; read by the per-scenario tests after it. */
  let conformanceReport: ConformanceResult[] | undefined;

  const api = async (method: string, urlPath: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${urlPath}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return {
      status: response.status,
      body: response.headers.get('content-type')?.includes('json')
        ? await response.json()
        : await response.text(),
    };
  };

  const waitFor = async <T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs = 60_000,
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${what}`);
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  };

  const entity = (ref: string) =>
    api('GET', `/api/catalog/entities/by-name/${ref.replace(/[:]/, '/')}`);

  /** Runs the template to its end; returns the final task and all its log messages. */
  const runTemplate = async (values: Record<string, unknown>) => {
    const created = await api('POST', '/api/scaffolder/v2/tasks', {
      templateRef: 'template:default/mcp-server',
      values,
    });
    expect(created.status).toBe(201);
    const taskId = created.body.id as string;
    const task = await waitFor(
      `task ${taskId}`,
      async () => {
        const { body } = await api('GET', `/api/scaffolder/v2/tasks/${taskId}`);
        return ['completed', 'failed', 'cancelled'].includes(body.status)
          ? body
          : undefined;
      },
      5 * 60_000,
    );
    const events = (
      await api('GET', `/api/scaffolder/v2/tasks/${taskId}/events`)
    ).body as TaskEvent[];
    const failedSteps = events
      .filter(e => e.body.status === 'failed' && e.body.stepId)
      .map(e => e.body.stepId);
    const log = events.map(e => e.body.message ?? '').join('\n');
    const output = events.find(e => e.type === 'completion')?.body.output;
    return { task, failedSteps, log, output };
  };

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'mcp-template-'));
    baseDir = path.join(root, 'repos');
    await fs.writeFile(path.join(root, 'org.yaml'), ORG);

    const testActions = createBackendModule({
      pluginId: 'scaffolder',
      moduleId: 'mcp-template-test-actions',
      register(env) {
        env.registerInit({
          deps: {
            scaffolder: scaffolderActionsExtensionPoint,
            catalog: catalogServiceRef,
            discovery: coreServices.discovery,
            auth: coreServices.auth,
          },
          async init({ scaffolder, catalog, discovery, auth }) {
            scaffolder.addActions(
              createValidateMcpServerAction({ catalog }),
              createPolicyCheckAction({ discovery, auth }),
              createPublishLocalAction({ baseDir }),
              createRegisterLocalRepositoryAction({ catalog, baseDir }),
            );
          },
        });
      },
    });

    const backend = await startTestBackend({
      features: [
        catalogBackend,
        catalogModuleScaffolderEntityModel,
        catalogModuleMcpServerValidation,
        catalogModuleMcpLocalRepositories,
        scaffolderBackend,
        testActions,
        mcpPolicyPlugin,
        policyInputs,
        mockServices.rootConfig.factory({
          data: {
            mcpScaffolder: { localPublish: { baseDir } },
            catalog: {
              rules: [
                {
                  allow: [
                    'Template',
                    'API',
                    'Component',
                    'Group',
                    'User',
                    'Location',
                  ],
                },
              ],
              locations: [
                { type: 'file', target: path.join(root, 'org.yaml') },
                {
                  type: 'file',
                  target: path.join(MCP_SERVER_TEMPLATE_DIR, 'template.yaml'),
                },
              ],
            },
          },
        }),
      ],
    });
    baseUrl = `http://localhost:${backend.server.port()}`;
    stopBackend = () => backend.stop();

    await waitFor('the template and the teams in the catalog', async () => {
      const refs = [
        'template:default/mcp-server',
        'group:default/payments',
        'api:default/ledger-reader',
      ];
      const found = await Promise.all(refs.map(ref => entity(ref)));
      return found.every(r => r.status === 200) ? true : undefined;
    });
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await stopBackend?.();
    await fs.rm(root, { recursive: true, force: true });
  });

  it.each([
    [{ name: 'Refund Desk' }, 'instance.name does not match pattern'],
    [
      { tools: [{ name: 'Get Payment', description: 'Returns a payment.' }] },
      'instance.tools[0].name',
    ],
    [
      { endpointUrl: 'refund desk' },
      'instance.endpointUrl does not match pattern',
    ],
  ])(
    'rejects malformed input in the form (%j), naming the field',
    async (bad, message) => {
      const created = await api('POST', '/api/scaffolder/v2/tasks', {
        templateRef: 'template:default/mcp-server',
        values: { ...validRequest, ...bad },
      });
      expect(created.status).toBe(400);
      expect(JSON.stringify(created.body)).toContain(message);
    },
  );

  it('rejects a taken name, an unknown owner and colliding tools at the first step, saying what to change', async () => {
    const { task, failedSteps, log } = await runTemplate({
      ...validRequest,
      name: 'ledger-reader',
      owner: 'group:default/no-such-team',
      tools: [
        { name: 'get_entry', description: 'Reads one entry.', readOnly: true },
        { name: 'get_entry', description: 'Reads it again.', readOnly: true },
      ],
    });
    expect(task.status).toBe('failed');
    expect(failedSteps).toEqual(['validate']);
    expect(log).toContain(
      'Name "ledger-reader" is taken: api:default/ledger-reader already exists in the catalog, owned by group:default/payments; choose another name',
    );
    expect(log).toContain(
      'Owner "group:default/no-such-team" does not exist in the catalog',
    );
    expect(log).toContain(
      'Tool 2 name "get_entry" is already used by tool 1: tool names must be unique; rename one',
    );
    await expect(fs.readdir(baseDir)).rejects.toThrow(/ENOENT/);
  });

  it('stops at the policy gate with the rule and its fix, leaving nothing behind', async () => {
    const { task, failedSteps, log } = await runTemplate({
      ...validRequest,
      name: 'lonely-ledger',
      dataClassification: 'restricted',
    });
    expect(task.status).toBe('failed');
    expect(failedSteps).toEqual(['policy']);
    expect(log).toContain(
      'Denied by policy (1 rule):\n- deployment-guardrails/no-restricted-data: MCP servers may not handle restricted data. Remove the restricted data source, or classify the server as confidential if that is what it handles.',
    );
    await expect(fs.readdir(baseDir)).rejects.toThrow(/ENOENT/);
    expect((await entity('api:default/lonely-ledger')).status).toBe(404);
  });

  it('refuses a production server that reaches a database directly, naming it, at the policy gate', async () => {
    const { task, failedSteps, log } = await runTemplate({
      ...validRequest,
      name: 'ledger-peek',
      upstreams: [
        ...validRequest.upstreams,
        {
          kind: 'database',
          host: 'Ledger-DB.payments.svc.cluster.local',
          port: 5432,
        },
      ],
    });
    expect(task.status).toBe('failed');
    expect(failedSteps).toEqual(['policy']);
    expect(log).toContain(
      "- deployment-guardrails/no-direct-database-access: Production MCP servers may not reach databases directly (ledger-db.payments.svc.cluster.local); call the owning service's API instead.",
    );
    await expect(fs.readdir(baseDir)).rejects.toThrow(/ENOENT/);
    expect((await entity('api:default/ledger-peek')).status).toBe(404);
  });

  it('creates a server that registers, installs, passes its own tests and the conformance suite, and serves both revisions', async () => {
    const startedAt = Date.now();
    const { task, log, output } = await runTemplate(validRequest);
    if (task.status !== 'completed') {
      throw new Error(`The task ${task.status}; its log:\n${log}`);
    }

    // Published as a git repository with one commit, and registered.
    const repo = path.join(baseDir, 'refund-desk');
    expect(
      execFileSync('git', ['log', '--format=%s'], {
        cwd: repo,
        encoding: 'utf8',
      }).trim(),
    ).toBe('Initial commit from the Backstage template');
    const registered = await waitFor('the new API in the catalog', async () => {
      const r = await entity('api:default/refund-desk');
      return r.status === 200 ? r.body : undefined;
    });
    expect(registered.spec).toMatchObject({
      type: 'mcp-server',
      lifecycle: 'production',
      owner: 'group:default/payments',
      remotes: [
        {
          type: 'streamable-http',
          url: 'https://refund-desk.mcp.internal/mcp',
        },
      ],
    });
    expect(registered.metadata.annotations).toMatchObject({
      'mcp-platform.io/data-classification': 'confidential',
      'mcp-platform.io/slo': 'availability=99.9,latency-p95=1000ms,window=30d',
      // The server's own budget, which MCP insights tracks beside the team's.
      'mcp-platform.io/monthly-budget': '250',
      'mcp-platform.io/resources': 'replicas=2,cpu=500m,memory=512Mi',
    });

    // The upstreams reached the policy gate as the deployment's egress...
    const egress = validRequest.upstreams.map(({ kind, host, port }) => ({
      host,
      port,
      kind,
    }));
    const decisions = await api(
      'GET',
      '/api/mcp-policy/v1/decisions?kind=deployment&subject=refund-desk&includeInput=true',
    );
    expect(decisions.body.items).toEqual([
      expect.objectContaining({
        result: 'allow',
        input: expect.objectContaining({
          deployment: expect.objectContaining({ egress }),
        }),
      }),
    ]);
    // ...and the generated deployment: its NetworkPolicy, its policy config and its env.
    const [networkPolicy] = parseAllDocuments(
      await fs.readFile(path.join(repo, 'k8s', 'networkpolicy.yaml'), 'utf8'),
    ).map(doc => doc.toJS());
    expect(networkPolicy.spec.egress.slice(2)).toEqual([
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
        ports: [{ port: 5671, protocol: 'TCP' }],
        to: [{ ipBlock: { cidr: '10.20.0.15/32' } }],
      },
      { ports: [{ port: 443, protocol: 'TCP' }] },
    ]);
    expect(
      JSON.parse(
        await fs.readFile(path.join(repo, 'mcp-deployment.json'), 'utf8'),
      ),
    ).toMatchObject({ monthlyBudget: 250, egress });
    const [deploymentManifest] = parseAllDocuments(
      await fs.readFile(path.join(repo, 'k8s', 'deployment.yaml'), 'utf8'),
    ).map(doc => doc.toJS());
    expect(
      JSON.parse(
        deploymentManifest.spec.template.spec.containers[0].env.find(
          (e: { name: string }) => e.name === 'MCP_UPSTREAMS',
        ).value,
      ),
    ).toEqual(egress);
    const component = await waitFor(
      'the new Component in the catalog',
      async () => {
        const r = await entity('component:default/refund-desk-service');
        return r.status === 200 ? r.body : undefined;
      },
    );
    expect(component.metadata.annotations['mcp-platform.io/metrics-url']).toBe(
      'https://refund-desk.mcp.internal/metrics',
    );

    // The task's output links: repository, entity, MCP catalog page.
    expect(output?.links).toEqual([
      { title: 'Repository', url: `file://${repo}` },
      {
        title: 'MCP server in the catalog',
        icon: 'catalog',
        entityRef: 'api:default/refund-desk',
      },
      { title: 'MCP catalog', url: '/mcp/servers/default/refund-desk' },
    ]);
    const scaffoldedMs = Date.now() - startedAt;

    // The generated project installs from its lock file (as its CI does) and passes its own
    // lint and tests.
    await npm(repo, ['ci']);
    const installedMs = Date.now() - startedAt;
    const tested = await npm(repo, ['test']);
    expect(tested.stdout).toMatch(/# fail 0/);
    const testedMs = Date.now() - startedAt;

    // Its own CI step: the official conformance suite against the built server, both revisions.
    const reportPath = path.join(root, 'conformance-report.json');
    const conformance = await npm(repo, [
      'run',
      'conformance',
      '--',
      '--report',
      reportPath,
    ]).catch((error: Error) => error);
    conformanceReport = JSON.parse(
      await fs.readFile(reportPath, 'utf8').catch(() => {
        throw new Error(`npm run conformance wrote no report: ${conformance}`);
      }),
    );
    const conformedMs = Date.now() - startedAt;

    // It starts, and SDK v2 clients of both revisions list the tools chosen in the form.
    const server = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: repo,
      env: {
        PATH: process.env.PATH ?? '',
        MCP_ENVIRONMENT: 'development',
        MCP_AUTH_DISABLED: 'true',
        PORT: '0',
        SHUTDOWN_DRAIN_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(server);
    const listening = await new Promise<{ mcp: string }>((resolve, reject) => {
      createInterface({ input: server.stdout! }).on('line', text => {
        const line = JSON.parse(text);
        if (line.msg === 'listening') resolve(line);
      });
      server.once('exit', code =>
        reject(new Error(`server exited with ${code}`)),
      );
    });
    const listToolsScript = path.join(repo, 'list-tools.mjs');
    await fs.writeFile(
      listToolsScript,
      [
        "import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';",
        'const listed = {};',
        "for (const era of ['modern', 'legacy']) {",
        '  const client = new Client(',
        "    { name: 'template-test', version: '1.0.0' },",
        "    era === 'modern' ? { versionNegotiation: { mode: 'auto' } } : {},",
        '  );',
        '  await client.connect(new StreamableHTTPClientTransport(new URL(process.argv[2])));',
        '  const { tools } = await client.listTools();',
        '  listed[client.getProtocolEra()] = tools.map(t => ({ name: t.name, annotations: t.annotations }));',
        '  await client.close();',
        '}',
        'console.log(JSON.stringify(listed));',
      ].join('\n'),
    );
    const listed = JSON.parse(
      execFileSync(process.execPath, [listToolsScript, listening.mcp], {
        cwd: repo,
        encoding: 'utf8',
      }),
    );
    const expectedTools = [
      {
        name: 'get_payment',
        annotations: expect.objectContaining({
          readOnlyHint: true,
          destructiveHint: false,
        }),
      },
      {
        name: 'issue_refund',
        annotations: expect.objectContaining({
          readOnlyHint: false,
          destructiveHint: true,
        }),
      },
    ];
    expect(listed).toEqual({ modern: expectedTools, legacy: expectedTools });
    server.kill('SIGTERM');

    // Timings, for the report: scaffold, npm install, npm test, conformance, start and list.
    // eslint-disable-next-line no-console
    console.log(
      `mcp-server template: scaffolded+registered ${scaffoldedMs} ms, npm ci ${
        installedMs - scaffoldedMs
      } ms, npm test ${testedMs - installedMs} ms, conformance ${
        conformedMs - testedMs
      } ms, start+list ${Date.now() - startedAt - conformedMs} ms`,
    );
  });

  it.each(CONFORMANCE_SCENARIOS)(
    'the generated server passes the conformance scenario %s %s',
    (revision, scenario) => {
      if (!conformanceReport) {
        throw new Error(
          'No conformance report: the server was not generated and built (see the test above)',
        );
      }
      const result = conformanceReport.find(
        r => r.revision === revision && r.scenario === scenario,
      );
      // On failure the diff shows the failing checks with the suite's messages.
      expect({
        scenario: `${revision} ${scenario}`,
        ran: (result?.passed ?? 0) > 0,
        failures: result?.failures ?? 'not run',
      }).toEqual({
        scenario: `${revision} ${scenario}`,
        ran: true,
        failures: [],
      });
    },
  );
});
