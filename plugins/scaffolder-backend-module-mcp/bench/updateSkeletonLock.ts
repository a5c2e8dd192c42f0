/* eslint-disable no-console */
/**
 * Regenerates templates/mcp-server/skeleton/package-lock.json.njk after the skeleton's
 * dependencies change: renders the skeleton, resolves a lock file from the registry, and writes
 * it back with the project name templated.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     plugins/scaffolder-backend-module-mcp/bench/updateSkeletonLock.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  MCP_SERVER_TEMPLATE_DIR,
  npm,
  renderMcpServerSkeleton,
  sampleSkeletonValues,
} from '../src/__testUtils__/mcpServerProject';

const NAME = 'lock-file-placeholder';

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-skeleton-lock-'));
  await renderMcpServerSkeleton(dir, sampleSkeletonValues({ name: NAME }));
  fs.rmSync(path.join(dir, 'package-lock.json'));
  await npm(dir, ['install', '--package-lock-only']);
  const lock = fs
    .readFileSync(path.join(dir, 'package-lock.json'), 'utf8')
    .replaceAll(`"${NAME}"`, '"${{ values.name }}"');
  const target = path.join(
    MCP_SERVER_TEMPLATE_DIR,
    'skeleton',
    'package-lock.json.njk',
  );
  fs.writeFileSync(target, lock);
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`Wrote ${target}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
