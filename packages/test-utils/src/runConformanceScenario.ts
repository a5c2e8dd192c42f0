import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** An MCP protocol revision the official conformance suite tests servers for. */
export type ConformanceRevision = '2026-07-28' | '2025-11-25';

/** The generic server scenarios of each revision that every MCP server should pass. */
export const CONFORMANCE_SCENARIOS: Record<ConformanceRevision, string[]> = {
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

/** One check of a scenario, as the suite reports it. */
export interface ConformanceCheck {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'SKIPPED' | 'INFO';
  errorMessage?: string;
}

const conformanceCli = path.join(
  path.dirname(
    require.resolve('@modelcontextprotocol/conformance/package.json'),
  ),
  'dist',
  'index.js',
);

/**
 * Runs one scenario of the official MCP conformance suite (its CLI, as a child process) against
 * a server URL, and returns its checks.
 */
export async function runConformanceScenario(
  url: string,
  scenario: string,
  revision: ConformanceRevision,
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
