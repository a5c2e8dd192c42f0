/* eslint-disable no-console */
/**
 * Benchmark of the golden-path MCP server template: renders the skeleton with the real
 * fetch:template action, installs and builds it (cached by skeleton content), then runs
 * templates/mcp-server/bench/middlewareBench.mjs inside it and prints the figures with their
 * targets: middleware overhead over the bare SDK v2 handler at most 0.2 ms p50 per tools/call
 * (in process, and over HTTP for each protocol revision), cold start at most 1 s.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     plugins/scaffolder-backend-module-mcp/bench/templateBench.ts
 *
 * BENCH_ROUNDS, BENCH_CALLS and BENCH_COLD_STARTS tune the run; BENCH_FRESH=1 rebuilds.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  MCP_SERVER_TEMPLATE_DIR,
  npm,
  renderMcpServerSkeleton,
  sampleSkeletonValues,
} from '../src/__testUtils__/mcpServerProject';

interface Summary {
  p50: number;
  p90: number;
  p99: number;
  n: number;
}

function hashDirectory(dir: string): string {
  const hash = createHash('sha256');
  const walk = (current: string) => {
    for (const entry of fs
      .readdirSync(current, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(path.relative(dir, full)).update(fs.readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex').slice(0, 16);
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

async function main() {
  const skeleton = path.join(MCP_SERVER_TEMPLATE_DIR, 'skeleton');
  const project = path.join(
    os.tmpdir(),
    'mcp-template-bench',
    hashDirectory(skeleton),
  );
  if (
    process.env.BENCH_FRESH ||
    !fs.existsSync(path.join(project, 'dist', 'src', 'main.js'))
  ) {
    fs.rmSync(project, { recursive: true, force: true });
    console.log(`Generating the server in ${project} ...`);
    await renderMcpServerSkeleton(project, sampleSkeletonValues());
    await npm(project, ['ci']);
    await npm(project, ['run', 'build']);
  }
  fs.mkdirSync(path.join(project, 'bench'), { recursive: true });
  fs.copyFileSync(
    path.join(MCP_SERVER_TEMPLATE_DIR, 'bench', 'middlewareBench.mjs'),
    path.join(project, 'bench', 'middlewareBench.mjs'),
  );
  console.log(
    'Running the benchmark (machine noise: compare within one run) ...',
  );
  const output = execFileSync(process.execPath, ['bench/middlewareBench.mjs'], {
    cwd: project,
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 16 * 1024 * 1024,
  });
  const results = JSON.parse(output.trim().split('\n').pop()!) as {
    config: Record<string, number>;
    inProcess: Record<'bare' | 'golden', Summary>;
    http: Record<
      'modern' | 'legacy',
      Record<'bare' | 'golden' | 'goldenJwt', Summary>
    >;
    coldStart: {
      listeningMs: Summary;
      readyMs: Summary;
      emptyNodeProcessMs: Summary;
      allReady: boolean;
    };
  };

  const row = (label: string, s: Summary) =>
    console.log(
      `  ${label.padEnd(34)} p50 ${ms(s.p50).padStart(10)}  p90 ${ms(
        s.p90,
      ).padStart(10)}  p99 ${ms(s.p99).padStart(10)}  (n=${s.n})`,
    );
  const { inProcess, http, coldStart } = results;
  console.log(`\nConfig: ${JSON.stringify(results.config)}`);
  console.log('\ntools/call, SDK client over an in-memory transport:');
  row('bare SDK server', inProcess.bare);
  row('golden path (limit, metrics, log)', inProcess.golden);
  const inProcessOverhead = inProcess.golden.p50 - inProcess.bare.p50;
  console.log(
    `  => middleware adds ${ms(inProcessOverhead)} p50 (ratio ${(
      inProcess.golden.p50 / inProcess.bare.p50
    ).toFixed(2)}); target <= 0.200 ms: ${
      inProcessOverhead <= 0.2 ? 'PASS' : 'FAIL'
    }`,
  );
  const eraTitles = {
    modern: '2026-07-28 (stateless request with _meta envelope)',
    legacy: '2025-11-25 (served per request, no session)',
  } as const;
  for (const era of ['modern', 'legacy'] as const) {
    const figures = http[era];
    console.log(
      `\ntools/call over Streamable HTTP, ${eraTitles[era]}, keep-alive:`,
    );
    row('bare SDK v2 handler', figures.bare);
    row('golden path, auth off (dev)', figures.golden);
    row('golden path, JWT (ES256) auth', figures.goldenJwt);
    const overhead = figures.golden.p50 - figures.bare.p50;
    console.log(
      `  => middleware adds ${ms(overhead)} p50 (ratio ${(
        figures.golden.p50 / figures.bare.p50
      ).toFixed(2)}); target <= 0.200 ms: ${
        overhead <= 0.2 ? 'PASS' : 'FAIL'
      }; JWT check adds ${ms(figures.goldenJwt.p50 - figures.golden.p50)} more`,
    );
  }
  console.log('\nCold start (spawn node dist/src/main.js):');
  row('until "listening" logged', coldStart.listeningMs);
  row('until /readyz answered 200', coldStart.readyMs);
  row('empty node process, for scale', coldStart.emptyNodeProcessMs);
  console.log(
    `  => ready in ${ms(coldStart.readyMs.p50)} p50; target <= 1000 ms: ${
      coldStart.allReady && coldStart.readyMs.p50 <= 1000 ? 'PASS' : 'FAIL'
    }`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
