/*
 * Starts the backend as production runs it — app-config.yaml + app-config.production.yaml, the
 * backend's own plugins, real auth, permissions, scheduler and PostgreSQL — and checks what an
 * adopter would notice first: a signed-in user reads the catalog (the template included),
 * unauthenticated callers get 401, and discovery refuses loopback addresses (SSRF guard).
 */
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { signInByHeader } from '@mcp-platform/test-utils';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import request from 'supertest';
import { backendFeatures } from './features';

jest.setTimeout(300_000);

const repoRoot = resolve(__dirname, '../../..');
const backendDir = resolve(__dirname, '..');

/** Reads the config files as production does, with the database settings from `env`. */
async function productionConfig(env: Record<string, string>) {
  const source = ConfigSources.defaultForTargets({
    rootDir: repoRoot,
    targets: [
      { type: 'path', target: resolve(repoRoot, 'app-config.yaml') },
      { type: 'path', target: resolve(repoRoot, 'app-config.production.yaml') },
    ],
    substitutionFunc: async name => env[name],
  });
  const config = await ConfigSources.toConfig(source);
  const data = config.get() as Record<string, any>;
  config.close?.();
  return data;
}

/** An MCP server on a loopback address, as a careless or malicious entity would register it. */
function loopbackServerEntity(url: string) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-loopback-server',
    register(env) {
      env.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider({
            getProviderName: () => 'test-loopback-server',
            async connect(connection) {
              await connection.applyMutation({
                type: 'full',
                entities: [
                  {
                    locationKey: 'test-loopback-server',
                    entity: {
                      apiVersion: 'backstage.io/v1alpha1',
                      kind: 'API',
                      metadata: {
                        name: 'internal-admin',
                        annotations: {
                          'backstage.io/managed-by-location':
                            'url:http://test/loopback',
                          'backstage.io/managed-by-origin-location':
                            'url:http://test/loopback',
                        },
                      },
                      spec: {
                        type: 'mcp-server',
                        lifecycle: 'production',
                        owner: 'group:default/payments',
                        remotes: [{ type: 'streamable-http', url }],
                        definition: 'Tools are discovered by mcp-catalog.',
                      },
                    },
                  },
                ],
              });
            },
          });
        },
      });
    },
  });
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 500));
  }
}

// Production runs on PostgreSQL, so this test does too: it runs where a server is configured
// (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, as scripts/test.sh sets it) and is
// skipped elsewhere rather than trying to start a container.
const databases = TestDatabases.create({
  ids: ['POSTGRES_15'],
  disableDocker: true,
});
const describeOnPostgres = databases.supports('POSTGRES_15')
  ? describe
  : describe.skip;

describeOnPostgres('the production configuration on PostgreSQL', () => {
  let internalServer: Server;
  let internalHits = 0;
  const cwd = process.cwd();

  beforeAll(async () => {
    internalServer = createServer((_req, res) => {
      internalHits++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>(r => internalServer.listen(0, '127.0.0.1', r));
    // The backend runs from packages/backend (yarn start, the README's command), where the
    // config's relative catalog targets (../../examples, ../../templates) point.
    process.chdir(backendDir);
  });

  afterAll(async () => {
    process.chdir(cwd);
    await new Promise(r => internalServer.close(r));
  });

  it('lets a signed-in user read the catalog and the template, refuses anonymous callers and loopback discovery', async () => {
    const knex = await databases.init('POSTGRES_15');
    const connection = (knex.client.config as any).connection;
    await knex.destroy();
    const config = await productionConfig({
      POSTGRES_HOST: String(connection.host),
      POSTGRES_PORT: String(connection.port),
      POSTGRES_USER: String(connection.user),
      POSTGRES_PASSWORD: String(connection.password),
    });
    // The production settings, untouched; only what a test needs on top: the database that
    // TestDatabases created (one schema per plugin in it), the stand-in identity provider,
    // and discovery every few seconds rather than every 30.
    const testConfig = new ConfigReader({
      backend: {
        database: {
          connection: { database: connection.database },
          pluginDivisionMode: 'schema',
        },
      },
      auth: { providers: { 'test-header': {} } },
      mcpCatalog: { discovery: { frequencySeconds: 2 } },
    });
    const data = ConfigReader.fromConfigs([
      { context: 'production', data: config },
      { context: 'test', data: testConfig.get() as any },
    ]).get() as Record<string, any>;
    expect(data.auth.providers.guest).toBeUndefined();
    expect(data.auth.providers.persona).toBeUndefined();
    expect(data.mcpCatalog.discovery.allowedCidrs).toBeUndefined();
    expect(data.mcpInsights.cost).toBeUndefined();

    const { port } = internalServer.address() as AddressInfo;
    const backend = await startTestBackend({
      features: [
        ...backendFeatures,
        signInByHeader,
        loopbackServerEntity(`http://127.0.0.1:${port}/mcp`),
        mockServices.rootConfig.factory({ data }),
        databaseServiceFactory,
        authServiceFactory,
        httpAuthServiceFactory,
        httpRouterServiceFactory,
        userInfoServiceFactory,
        permissionsServiceFactory,
        permissionsRegistryServiceFactory,
        schedulerServiceFactory,
      ],
    });
    try {
      const server = backend.server;

      // No token: 401 from the catalog and from the suite alike.
      expect((await request(server).get('/api/catalog/entities')).status).toBe(
        401,
      );
      expect(
        (await request(server).get('/api/mcp-catalog/v1/servers')).status,
      ).toBe(401);

      // A member of payments signs in; the token carries their groups from the catalog.
      const signIn = await until('the org in the catalog', async () => {
        const res = await request(server)
          .get('/api/auth/test-header/refresh')
          .set('x-test-user', 'linus.payments');
        return res.status === 200 ? res.body : undefined;
      });
      expect(signIn.backstageIdentity.identity).toMatchObject({
        userEntityRef: 'user:default/linus.payments',
        ownershipEntityRefs: expect.arrayContaining(['group:default/payments']),
      });
      const token = `Bearer ${signIn.backstageIdentity.token}`;

      // They read the catalog (permissions outside the suite are allowed), the template too.
      const template = await until('the template in the catalog', async () => {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/template/default/mcp-server')
          .set('Authorization', token);
        return res.status === 200 ? res.body : undefined;
      });
      expect(template.spec.type).toBeDefined();
      const groups = await request(server)
        .get('/api/catalog/entities?filter=kind=group')
        .set('Authorization', token);
      expect(groups.status).toBe(200);
      expect(groups.body.map((g: any) => g.metadata.name)).toContain(
        'payments',
      );

      // Discovery refuses the loopback server, never contacted: it never answered, so it is
      // awaiting its first deployment, with the refusal as its last error.
      const internal = await until(
        'discovery of the loopback server',
        async () => {
          const res = await request(server)
            .get('/api/mcp-catalog/v1/servers/default/internal-admin')
            .set('Authorization', token);
          return res.status === 200 && res.body.status === 'awaiting-deployment'
            ? res.body
            : undefined;
        },
      );
      expect(internal.lastError).toMatch(
        /Refusing to connect to 127\.0\.0\.1 .*discovery only reaches public addresses/,
      );
      expect(internalHits).toBe(0);

      // Its owner may ask for discovery again; the answer is the same refusal.
      const refresh = await request(server)
        .post('/api/mcp-catalog/v1/servers/default/internal-admin/refresh')
        .set('Authorization', token);
      expect(refresh.status).toBe(200);
      expect(refresh.body).toMatchObject({
        ok: false,
        error: expect.stringMatching(/Refusing to connect/),
      });
      expect(internalHits).toBe(0);
    } finally {
      await backend.stop();
    }
  });
});
