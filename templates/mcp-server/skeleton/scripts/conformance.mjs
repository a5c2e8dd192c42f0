#!/usr/bin/env node
/**
 * Runs the official MCP conformance suite (@modelcontextprotocol/conformance) against this
 * server, for both protocol revisions it serves on its one endpoint: the generic server scenarios
 * of 2025-11-25 and of 2026-07-28. Starts the built server once (dist/test/conformance/server.js:
 * the real HTTP stack and tools plus the fixtures the scenarios call), runs each scenario, prints
 * the checks passed and failed per scenario with the failing checks, and exits 1 when any check
 * failed. Run `npm run build` first (CI does, through `npm test`).
 *
 * Usage: npm run conformance [-- --report conformance-report.json]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The scenarios every generated server passes, by protocol revision. */
const SCENARIOS = {
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

const PROJECT = fileURLToPath(new URL('..', import.meta.url));
const SERVER = path.join(PROJECT, 'dist/test/conformance/server.js');
const SUITE = path.join(
  PROJECT,
  'node_modules/@modelcontextprotocol/conformance/dist/index.js',
);
const STARTUP_TIMEOUT_MS = 60_000;
const SCENARIO_TIMEOUT_MS = 180_000;

const reportIndex = process.argv.indexOf('--report');
const reportPath =
  reportIndex > 0 ? path.resolve(process.argv[reportIndex + 1]) : undefined;

for (const [file, fix] of [
  [SERVER, 'run `npm run build` first'],
  [SUITE, 'run `npm ci` first'],
]) {
  if (!fs.existsSync(file)) {
    console.error(`${path.relative(PROJECT, file)} is missing: ${fix}.`);
    process.exit(2);
  }
}

/** Starts the server and resolves with its MCP endpoint once it logs that it listens. */
function startServer() {
  const child = spawn(process.execPath, [SERVER], {
    cwd: PROJECT,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const listening = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the server did not start in time')),
      STARTUP_TIMEOUT_MS,
    );
    createInterface({ input: child.stdout }).on('line', text => {
      let line;
      try {
        line = JSON.parse(text);
      } catch {
        return;
      }
      if (line.msg === 'listening' && line.url) {
        clearTimeout(timer);
        resolve(`${line.url}/mcp`);
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before listening`));
    });
  });
  return { child, listening };
}

/** Runs one scenario; resolves with its checks, or with the suite's output when it has none. */
function runScenario(url, revision, scenario) {
  const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-conformance-'));
  const args = [
    SUITE,
    'server',
    '--url',
    url,
    '--scenario',
    scenario,
    '--spec-version',
    revision,
    '--output-dir',
    outputDir,
  ];
  return new Promise(resolve => {
    const child = spawn(process.execPath, args, {
      cwd: PROJECT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), SCENARIO_TIMEOUT_MS);
    child.once('exit', code => {
      clearTimeout(timer);
      const results = fs
        .readdirSync(outputDir, { recursive: true })
        .filter(file => String(file).endsWith('checks.json'))
        .map(file => path.join(outputDir, String(file)));
      const checks = results.length
        ? JSON.parse(fs.readFileSync(results[0], 'utf8'))
        : [];
      fs.rmSync(outputDir, { recursive: true, force: true });
      resolve({ checks, exitCode: code, output });
    });
  });
}

function summarise(revision, scenario, { checks, exitCode, output }) {
  const count = status => checks.filter(c => c.status === status).length;
  const failures = checks
    .filter(c => c.status === 'FAILURE')
    .map(c => ({ id: c.id, message: c.errorMessage ?? c.description }));
  if (checks.length === 0) {
    // The suite crashed or could not reach the server: that is a failure too.
    failures.push({
      id: 'conformance-run',
      message: `no checks reported (exit ${exitCode}): ${output.slice(-2000)}`,
    });
  }
  return {
    revision,
    scenario,
    passed: count('SUCCESS'),
    failed: failures.length,
    warnings: count('WARNING'),
    skipped: count('SKIPPED'),
    failures,
  };
}

const server = startServer();
const results = [];
try {
  const url = await server.listening;
  console.log(`Conformance suite against ${url}`);
  for (const [revision, scenarios] of Object.entries(SCENARIOS)) {
    for (const scenario of scenarios) {
      const result = summarise(
        revision,
        scenario,
        await runScenario(url, revision, scenario),
      );
      results.push(result);
      console.log(
        `${result.failed ? 'FAIL' : 'pass'}  ${revision}  ${scenario.padEnd(
          38,
        )} ${result.passed} passed, ${result.failed} failed, ${
          result.warnings
        } warnings, ${result.skipped} skipped`,
      );
      for (const failure of result.failures) {
        console.log(`        ${failure.id}: ${failure.message}`);
      }
    }
  }
} finally {
  server.child.kill('SIGTERM');
}

if (reportPath) {
  fs.writeFileSync(reportPath, `${JSON.stringify(results, null, 2)}\n`);
}
const failed = results.filter(r => r.failed > 0);
console.log(
  failed.length
    ? `\n${failed.length} of ${results.length} scenarios failed.`
    : `\nAll ${results.length} scenarios passed.`,
);
process.exit(failed.length ? 1 : 0);
