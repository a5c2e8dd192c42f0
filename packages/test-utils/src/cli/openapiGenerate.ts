import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';
import {
  checkGeneratedOpenApiRouter,
  GENERATED_ROUTER_PATH,
} from '../openApiRouterSource';

// `yarn openapi:generate`: writes the typed router of every plugin that has an openapi.yaml.

const root = resolvePackagePath('@mcp-platform/test-utils', '../..');
const pluginDirs = fs
  .readdirSync(path.join(root, 'plugins'))
  .map(name => path.join(root, 'plugins', name))
  .filter(dir => fs.existsSync(path.join(dir, 'openapi.yaml')))
  .sort();

for (const dir of pluginDirs) {
  const { file, current, expected } = checkGeneratedOpenApiRouter(dir);
  const shown = path.relative(root, file);
  if (current) {
    process.stdout.write(`${shown}: current\n`);
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, expected);
    process.stdout.write(`${shown}: written\n`);
  }
}
if (pluginDirs.length === 0) {
  process.stderr.write(
    `No plugins/*/openapi.yaml to generate ${GENERATED_ROUTER_PATH} from\n`,
  );
  process.exitCode = 1;
}
