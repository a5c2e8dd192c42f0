import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { BackendFeature } from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import permissionBackend from '@backstage/plugin-permission-backend';
// The real MCP catalog and policy engine feed the gateway; test-only, the plugins stay
// independent at runtime (they talk over HTTP).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mcpCatalogPlugin from '@mcp-platform/plugin-mcp-catalog-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mcpPolicyPlugin from '@mcp-platform/plugin-mcp-policy-backend';
import permissionModuleMcpPolicy from '@mcp-platform/plugin-permission-backend-module-mcp-policy';
import {
  authWithActorsServiceFactory,
  prepareSharedDatabase,
  userInfoFromMembership,
} from '@mcp-platform/test-utils';
import type { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { mcpGatewayPlugin } from '../plugin';

/** The test organisation: who is in which team. */
export const MEMBERSHIP: Record<string, string[]> = {
  'user:default/grace': ['group:default/payments'],
  'user:default/ada': ['group:default/analytics'],
};

const ORG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: payments }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: analytics }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: grace }
spec: { memberOf: [payments] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: ada }
spec: { memberOf: [analytics] }
`;

/** An MCP server entity of the test catalog. */
export interface StackServer {
  name: string;
  owner: string;
  url: string;
  /** Default: data classification internal. */
  annotations?: Record<string, string>;
  /** Default production. */
  lifecycle?: string;
}

function apiEntity({ name, owner, url, annotations, lifecycle }: StackServer) {
  return `---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: ${name}
  annotations: ${JSON.stringify(
    annotations ?? { 'mcp-platform.io/data-classification': 'internal' },
  )}
spec:
  type: mcp-server
  lifecycle: ${lifecycle ?? 'production'}
  owner: ${owner}
  remotes: [{ type: streamable-http, url: "${url}" }]
  definition: discovered by mcp-catalog
`;
}

const mockDir = createMockDirectory();
let runs = 0;

/**
 * A real backend with everything the gateway talks to: the software catalog (file location), the
 * MCP catalog (discovering the given servers every second), the policy engine (built-in pack),
 * the permission framework and the gateway, on one database.
 */
export async function startGatewayStack(options: {
  knex: Knex;
  servers: StackServer[];
  config?: Record<string, unknown>;
  /** Who is in which group, by user ref; default {@link MEMBERSHIP}. */
  membership?: Record<string, string[]>;
  /** More plugins or modules, e.g. mcp-insights to receive the meter's events. */
  features?: BackendFeature[];
}) {
  await prepareSharedDatabase(options.knex);
  // A file per backend: one still shutting down must not read the next one's entities.
  const catalogFile = `catalog-${++runs}.yaml`;
  mockDir.addContent({
    [catalogFile]: [ORG, ...options.servers.map(apiEntity)].join('\n'),
  });
  const gateway = (options.config?.mcpGateway ?? {}) as Record<string, unknown>;
  const catalog = (options.config?.mcpCatalog ?? {}) as Record<string, unknown>;
  const backend = await startTestBackend({
    features: [
      // The real events service: the catalog's announcements reach the policy engine (the
      // test backend's default keeps each plugin's events to itself).
      eventsServiceFactory,
      catalogBackend,
      mcpCatalogPlugin,
      mcpPolicyPlugin,
      mcpGatewayPlugin,
      permissionBackend,
      permissionModuleMcpPolicy,
      permissionsServiceFactory,
      schedulerServiceFactory,
      userInfoFromMembership(options.membership ?? MEMBERSHIP),
      authWithActorsServiceFactory,
      httpAuthServiceFactory,
      ...(options.features ?? []),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          catalog: {
            rules: [{ allow: ['API', 'Group', 'User', 'Location'] }],
            locations: [{ type: 'file', target: mockDir.resolve(catalogFile) }],
            processingInterval: { seconds: 1 },
          },
          ...options.config,
          mcpPolicy: {
            permission: { fallback: 'allow' },
            // A rule whose context provider does not answer in time fails closed: a deadline a
            // loaded machine meets, so that listing and calling decide on the same facts.
            contextTimeoutMs: 60_000,
            ...(options.config?.mcpPolicy as object),
          },
          mcpCatalog: {
            ...catalog,
            discovery: {
              allowedCidrs: ['127.0.0.0/8'],
              frequencySeconds: 1,
              // No upstream of these tests is meant to time out (a down one refuses at once):
              // deadlines a loaded machine meets, so a slow answer never counts as a failure.
              timeoutSeconds: 30,
              minBackoffSeconds: 1,
              ...(catalog.discovery as object),
            },
          },
          mcpGateway: {
            catalogRefreshSeconds: 1,
            decisionCacheSeconds: 1,
            ...gateway,
            upstream: {
              connectTimeoutSeconds: 30,
              listCacheSeconds: 1,
              ...(gateway.upstream as object),
            },
          },
        },
      }),
    ],
  });
  const { server } = backend;
  const port = (server.address() as AddressInfo).port;
  return {
    backend,
    server,
    /** The gateway's base URL, `http://localhost:<port>/api/mcp-gateway`. */
    base: `http://localhost:${port}/api/mcp-gateway`,
    /** Waits until every name is callable for the user through the aggregate endpoint. */
    async waitForCallable(user: string, names: string[]) {
      for (;;) {
        const res = await request(server)
          .get('/api/mcp-gateway/v1/tools')
          .set('Authorization', mockCredentials.user.header(user));
        const callable = new Set(
          (res.body.items ?? [])
            .filter((t: { callable: boolean }) => t.callable)
            .map((t: { name: string }) => t.name),
        );
        if (names.every(name => callable.has(name))) return;
        await new Promise(r => setTimeout(r, 250));
      }
    },
  };
}
