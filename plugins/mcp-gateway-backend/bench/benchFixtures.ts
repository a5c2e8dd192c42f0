/**
 * The benchmark backend's catalog and configuration: one `mcp-server` API per upstream, owned by
 * the bench team, and the plugins configured for short caches and a data-plane listener.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The gateway backend's config file when the gateway runs apart (see writeBenchConfig). */
export const gatewayConfigFile = (dir: string) =>
  path.join(dir, 'app-config.gateway.json');

/**
 * Writes the catalog file and app-config into `dir`; returns the config file's path. With
 * `gatewayPort`, the gateway runs as a backend of its own (as app-config.gateway.yaml sets it
 * up): the file is the platform backend's, which hands `mcp-gateway` over to that port through
 * discovery, and `gatewayConfigFile` is written beside it for the gateway backend.
 */
export function writeBenchConfig(options: {
  dir: string;
  urls: string[];
  port: number;
  planePort: number;
  token: string;
  gatewayPort?: number;
}): string {
  const { dir, urls, port, planePort, token, gatewayPort } = options;
  const entities = urls
    .map(
      (url, i) => `---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: bench-${i}
  annotations: { mcp-platform.io/data-classification: internal }
spec:
  type: mcp-server
  lifecycle: production
  owner: group:default/bench
  remotes: [{ type: streamable-http, url: "${url}" }]
  definition: bench upstream ${i}
`,
    )
    .join('');
  fs.writeFileSync(
    path.join(dir, 'catalog.yaml'),
    `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: bench }
spec: { type: team, children: [] }
${entities}`,
  );
  const config = {
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'bench' } },
        ],
      },
    },
    permission: { enabled: true },
    catalog: {
      rules: [{ allow: ['API', 'Group', 'User', 'Location'] }],
      locations: [{ type: 'file', target: path.join(dir, 'catalog.yaml') }],
    },
    mcpCatalog: {
      discovery: { allowedCidrs: ['127.0.0.0/8'], frequencySeconds: 1 },
    },
    mcpPolicy: { permission: { fallback: 'allow' } },
    mcpGateway: {
      catalogRefreshSeconds: 1,
      // Short caches, so that a cold tools/list (every upstream asked, every decision made)
      // can be measured after a short pause.
      decisionCacheSeconds: 1,
      consumers: [{ subject: 'bench', team: 'group:default/bench' }],
      upstream: {
        connectTimeoutSeconds: 2,
        listCacheSeconds: 1,
        listStaleSeconds: 1,
      },
      dataPlane: { listen: { port: planePort, host: '127.0.0.1' } },
    },
  };
  const file = path.join(dir, 'app-config.json');
  if (!gatewayPort) {
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
  }
  const platform = `http://localhost:${port}/api/{{pluginId}}`;
  const gateway = `http://localhost:${gatewayPort}/api/{{pluginId}}`;
  fs.writeFileSync(
    file,
    JSON.stringify({
      ...config,
      discovery: { endpoints: [{ target: gateway, plugins: ['mcp-gateway'] }] },
    }),
  );
  fs.writeFileSync(
    gatewayConfigFile(dir),
    JSON.stringify({
      ...config,
      backend: {
        ...config.backend,
        baseUrl: `http://localhost:${gatewayPort}`,
        listen: { port: gatewayPort },
      },
      discovery: {
        endpoints: [
          {
            target: platform,
            plugins: [
              'catalog',
              'permission',
              'mcp-catalog',
              'mcp-policy',
              'mcp-insights',
            ],
          },
        ],
      },
    }),
  );
  return file;
}
