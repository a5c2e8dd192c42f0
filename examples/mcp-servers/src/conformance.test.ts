import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withConformanceFixtures } from './conformanceFixtures';
import {
  McpProtocolRevision,
  RunningExampleServer,
  startExampleServer,
} from './exampleServer';
import { exampleServerFactories } from './startAllExampleServers';
import { ToolMetrics } from './toolMetrics';

/*
 * Runs the official MCP conformance suite (its CLI, as a child process) against every example
 * server, for each revision the server declares: the generic server scenarios of 2025-11-25 and
 * of 2026-07-28. A failed or warned check fails the test and is named in its message.
 */

const conformanceCli = path.join(
  path.dirname(
    require.resolve('@modelcontextprotocol/conformance/package.json'),
  ),
  'dist',
  'index.js',
);

const scenarios: Record<McpProtocolRevision, string[]> = {
  '2025-11-25': [
    'server-initialize',
    'ping',
    'tools-list',
    'logging-set-level',
    'dns-rebinding-protection',
  ],
  '2026-07-28': [
    'server-stateless',
    'tools-list',
    'dns-rebinding-protection',
    'caching',
    'http-header-validation',
    'http-custom-header-server-validation',
  ],
};

/** Scenarios that call the suite's diagnostic tools by name (see conformanceFixtures.ts). */
const needsFixtures = new Set(['server-stateless']);

interface ConformanceCheck {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'SKIPPED' | 'INFO';
  errorMessage?: string;
}

async function runScenario(
  url: string,
  scenario: string,
  revision: McpProtocolRevision,
): Promise<{
  exitCode: number | null;
  output: string;
  checks: ConformanceCheck[];
}> {
  const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-conformance-'));
  try {
    const child = spawn(
      process.execPath,
      [
        conformanceCli,
        'server',
        '--url',
        url,
        '--scenario',
        scenario,
        '--spec-version',
        revision,
        '--output-dir',
        outputDir,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    const [resultDir] = fs.readdirSync(outputDir);
    const checksFile =
      resultDir && path.join(outputDir, resultDir, 'checks.json');
    const checks: ConformanceCheck[] =
      checksFile && fs.existsSync(checksFile)
        ? JSON.parse(fs.readFileSync(checksFile, 'utf8'))
        : [];
    return { exitCode, output, checks };
  } finally {
    fs.rmSync(outputDir, { recursive: true, force: true });
  }
}

describe('conformance of the example MCP servers', () => {
  const plain = new Map<string, RunningExampleServer>();
  const withFixtures = new Map<string, RunningExampleServer>();

  beforeAll(async () => {
    for (const factory of exampleServerFactories) {
      const definition = factory.create(
        new ToolMetrics({ server: factory.name, team: factory.team }),
      );
      plain.set(factory.name, await startExampleServer(definition));
      if (definition.revisions.includes('2026-07-28'))
        withFixtures.set(
          factory.name,
          await startExampleServer(withConformanceFixtures(definition)),
        );
    }
  });
  afterAll(async () => {
    await Promise.all(
      [...plain.values(), ...withFixtures.values()].map(s => s.close()),
    );
  });

  const cases = exampleServerFactories.flatMap(factory =>
    factory
      .create(new ToolMetrics({ server: factory.name, team: factory.team }))
      .revisions.flatMap(revision =>
        scenarios[revision].map(scenario => [factory.name, revision, scenario]),
      ),
  );

  it.each(cases)(
    '%s passes %s scenario %s',
    async (name, revision, scenario) => {
      const server = needsFixtures.has(scenario)
        ? withFixtures.get(name)!
        : plain.get(name)!;
      const { exitCode, output, checks } = await runScenario(
        server.url,
        scenario,
        revision as McpProtocolRevision,
      );
      const notPassed = checks
        .filter(c => c.status === 'FAILURE' || c.status === 'WARNING')
        .map(c => `${c.status} ${c.id}: ${c.errorMessage ?? ''}`);
      expect(notPassed).toEqual([]);
      expect(checks.filter(c => c.status === 'SUCCESS').length).toBeGreaterThan(
        0,
      );
      if (exitCode !== 0)
        throw new Error(`conformance exited ${exitCode}:\n${output}`);
    },
    120_000,
  );

  it('covers every revision each server declares', () => {
    expect(
      Object.fromEntries(
        exampleServerFactories.map(f => [
          f.name,
          [...new Set(cases.filter(c => c[0] === f.name).map(c => c[1]))],
        ]),
      ),
    ).toEqual({
      'payments-ledger': ['2026-07-28', '2025-11-25'],
      'analytics-warehouse': ['2026-07-28'],
      'support-desk': ['2026-07-28', '2025-11-25'],
      'model-gateway': ['2025-11-25'],
    });
  });
});
