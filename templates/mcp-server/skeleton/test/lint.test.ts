import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const PROJECT = fileURLToPath(new URL('../../', import.meta.url));
const LINT = path.join(PROJECT, 'scripts', 'golden-path-lint.mjs');

const lint = (dir: string) =>
  spawnSync(process.execPath, [LINT, dir], { encoding: 'utf8' });

function fixtureProject(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-path-lint-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.copyFileSync(
    path.join(PROJECT, 'src', 'toolkit.ts'),
    path.join(dir, 'src', 'toolkit.ts'),
  );
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('golden-path lint', () => {
  it('passes on this project', () => {
    const result = lint(PROJECT);
    assert.equal(result.status, 0, result.stderr);
  });

  it('fails on hard-coded secrets, naming file and line', () => {
    // Built at run time so that this file itself holds no secret.
    const awsKey = ['AKIA', 'Z7XQ3MPLE2ABCDEF'].join('');
    const dir = fixtureProject({
      'src/upstream.ts': `export const region = 'eu';\nexport const accessKeyId = '${awsKey}';\n`,
      'k8s/secret.yaml': `stringData:\n  DB_PASSWORD: ${'hunter2'}-${'prod'}\n`,
      '.env': `LEDGER_API_TOKEN=${'tok'}${'9f8e7d6c5b4a'}\n`,
    });
    const result = lint(dir);
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /src\/upstream\.ts:2 {2}no-hard-coded-secrets {2}looks like a hard-coded AWS access key id/,
    );
    assert.match(result.stderr, /k8s\/secret\.yaml:2 {2}no-hard-coded-secrets/);
    assert.match(result.stderr, /\.env:1 {2}no-hard-coded-secrets/);
    assert.match(result.stderr, /golden-path-lint: 3 problem/);
  });

  it('fails on a tool registered around the rate-limit and metrics middleware', () => {
    const dir = fixtureProject({
      'src/rogue.ts': [
        "import { McpServer } from '@modelcontextprotocol/server';",
        "const server = new McpServer({ name: 'x', version: '1' });",
        "server.registerTool('rogue', { description: 'unmetered' }, async () => ({ content: [] }));",
        "server.tool('legacy', 'old api', async () => ({ content: [] }));",
        "server.server.setRequestHandler('tools/call', async () => ({ content: [] }));",
        '',
      ].join('\n'),
    });
    const result = lint(dir);
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /src\/rogue\.ts:3 {2}tools-through-middleware {2}tool registered without the rate-limit and metrics middleware \(registerTool\)/,
    );
    assert.match(result.stderr, /src\/rogue\.ts:4 {2}tools-through-middleware/);
    assert.match(
      result.stderr,
      /src\/rogue\.ts:5 {2}tools-through-middleware .*\(setRequestHandler\)/,
    );
  });

  it('fails when the middleware stops rate limiting', () => {
    const toolkit = fs
      .readFileSync(path.join(PROJECT, 'src', 'toolkit.ts'), 'utf8')
      .replace(
        'rateLimiter.take(tool.name, rateLimitKeyOf(caller, peer))',
        '({ allowed: true as const })',
      );
    const dir = fixtureProject({ 'src/toolkit.ts': toolkit });
    const result = lint(dir);
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /withGoldenPathMiddleware no longer applies rate limiting/,
    );
  });
});
