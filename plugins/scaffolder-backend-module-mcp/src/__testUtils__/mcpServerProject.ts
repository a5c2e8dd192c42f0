import {
  resolvePackagePath,
  type LoggerService,
  type UrlReaderService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';

/** The golden-path MCP server template of this repository. */
export const MCP_SERVER_TEMPLATE_DIR = resolvePackagePath(
  '@mcp-platform/plugin-scaffolder-backend-module-mcp',
  '../../templates/mcp-server',
);

/** Values as the template's `fetch:template` step passes them, for a payments server. */
export function sampleSkeletonValues(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: 'refund-desk',
    title: 'Refund desk',
    description:
      'Looks up payments and issues "partial" refunds for support agents.',
    owner: 'group:default/payments',
    team: 'payments',
    environment: 'production',
    transport: 'streamable-http',
    dataClassification: 'confidential',
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
        description: 'Refunds part of a payment; irreversible.',
        readOnly: false,
        destructive: true,
      },
    ],
    replicas: 2,
    cpu: 0.5,
    cpuMillis: 500,
    memoryMiB: 512,
    rateLimitPerMinute: 120,
    monthlyBudget: 250,
    endpointUrl: 'https://refund-desk.mcp.internal/mcp',
    metricsUrl: 'https://refund-desk.mcp.internal/metrics',
    slo: 'availability=99.9,latency-p95=1000ms,window=30d',
    imageRegistry: 'registry.mcp.internal/mcp',
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
    ...overrides,
  };
}

/**
 * Renders the skeleton into `targetDir` with Backstage's real `fetch:template` action, as the
 * template's fetch step does. Usable outside Jest (the benchmark).
 */
export async function renderMcpServerSkeleton(
  targetDir: string,
  values: Record<string, unknown>,
): Promise<void> {
  const offline = () => {
    throw new Error('The skeleton is read from disk; no URL reads expected');
  };
  const action = createFetchTemplateAction({
    reader: {
      readUrl: offline,
      readTree: offline,
      search: offline,
    } as UrlReaderService,
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  });
  const logger: LoggerService = {
    info: () => {},
    warn: () => {},
    error: () => {},
    debug: () => {},
    child: () => logger,
  };
  await fs.mkdir(targetDir, { recursive: true });
  await action.handler({
    input: { url: './skeleton', templateFileExtension: true, values },
    workspacePath: targetDir,
    templateInfo: {
      entityRef: 'template:default/mcp-server',
      baseUrl: `file://${path.join(MCP_SERVER_TEMPLATE_DIR, 'template.yaml')}`,
    },
    logger,
    logStream: new PassThrough(),
    output: () => {},
    createTemporaryDirectory: () => fs.mkdtemp(`${targetDir}-tmp-`),
    checkpoint: async ({ fn }: { fn: () => unknown }) => fn(),
    getInitiatorCredentials: async () => ({} as never),
    task: { id: 'render' },
    step: { id: 'fetch', name: 'Generate the server' },
  } as never);
}

const execFileAsync = promisify(execFile);

/** Runs npm in a generated project; the registry is the only network it needs. */
export async function npm(
  cwd: string,
  args: string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await execFileAsync('npm', args, {
      cwd,
      env: {
        ...process.env,
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        npm_config_update_notifier: 'false',
        npm_config_prefer_offline: 'true',
        ...options.env,
      },
      timeout: options.timeoutMs ?? 300_000,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(
      `npm ${args.join(' ')} failed in ${cwd}: ${e.message}\n${
        e.stdout ?? ''
      }\n${e.stderr ?? ''}`,
    );
  }
}
