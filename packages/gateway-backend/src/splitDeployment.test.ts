/*
 * The gateway as a backend of its own, as `yarn start:gateway` runs it: this package's features
 * with app-config.yaml + app-config.development.yaml + app-config.gateway.yaml, beside a main
 * backend holding auth, the software catalog, the MCP catalog, the policy engine, insights and
 * permissions, which hands the gateway over through its discovery.endpoints. Both run
 * Backstage's real auth, discovery, HTTP stack and databases (each plugin its own, as in
 * development and production): the user tokens come from the main backend's auth plugin, and
 * each backend's plugins check the other's service tokens with the keys they fetch through
 * discovery. A mock anywhere in that chain would hide the one thing this deployment can get
 * wrong.
 */
import { createBackend } from '@backstage/backend-defaults';
import { BackendFeature } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader, JsonObject } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import authBackend from '@backstage/plugin-auth-backend';
import catalogBackend from '@backstage/plugin-catalog-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import {
  createPaymentsLedger,
  RunningExampleServer,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
import mcpCatalogBackend from '@mcp-platform/plugin-mcp-catalog-backend';
import { mcpGatewayUnlessRoutedElsewhere } from '@mcp-platform/plugin-mcp-gateway-backend';
import mcpInsightsBackend from '@mcp-platform/plugin-mcp-insights-backend';
import mcpPolicyBackend from '@mcp-platform/plugin-mcp-policy-backend';
import permissionModuleMcpPolicy from '@mcp-platform/plugin-permission-backend-module-mcp-policy';
import {
  databaseServiceFactoryClosingPools,
  signInByHeader,
} from '@mcp-platform/test-utils';
import {
  Client,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { createServer } from 'node:net';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import request from 'supertest';
import { gatewayBackendFeatures } from './features';

jest.setTimeout(240_000);

const repoRoot = resolve(__dirname, '../../..');

/** The organisation and the MCP server of the test catalog. */
function catalogYaml(ledgerUrl: string) {
  return `
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
kind: Group
metadata: { name: platform-team }
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
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: hopper }
spec: { memberOf: [platform-team] }
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: payments-ledger
  annotations: { mcp-platform.io/data-classification: internal }
spec:
  type: mcp-server
  lifecycle: production
  owner: group:default/payments
  remotes: [{ type: streamable-http, url: "${ledgerUrl}" }]
  definition: discovered by mcp-catalog
`;
}

/** Reads config files as the backends do. */
async function readConfigFiles(...files: string[]) {
  const source = ConfigSources.defaultForTargets({
    rootDir: repoRoot,
    targets: files.map(file => ({
      type: 'path' as const,
      target: resolve(repoRoot, file),
    })),
  });
  const config = await ConfigSources.toConfig(source);
  const data = config.get<JsonObject>();
  config.close?.();
  return data;
}

/** Files' config with test settings on top (later wins, objects merge). */
function layered(...layers: JsonObject[]): JsonObject {
  return ConfigReader.fromConfigs(
    layers.map((data, i) => ({ context: `layer-${i}`, data })),
  ).get();
}

/** Every string of the config with the files' fixed addresses moved to the test's ports. */
function withPorts<T>(value: T, addresses: Record<string, string>): T {
  if (typeof value === 'string')
    return Object.entries(addresses).reduce(
      (s, [from, to]) => s.split(from).join(to),
      value as string,
    ) as T;
  if (Array.isArray(value)) return value.map(v => withPorts(v, addresses)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, withPorts(v, addresses)]),
    ) as T;
  return value;
}

/** A port nothing listens on now, for a backend that must know its address before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(r => server.listen(0, r));
  const { port } = server.address() as AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}

/** Polls until `probe` answers; fails with the last answer it saw rather than hanging. */
async function until<T>(
  what: string,
  probe: () => Promise<{ done?: T; seen: unknown }>,
  timeoutMs = 150_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { done, seen } = await probe();
    if (done !== undefined) return done;
    if (Date.now() > deadline)
      throw new Error(
        `Gave up waiting for ${what}; last saw ${JSON.stringify(seen).slice(
          0,
          1000,
        )}`,
      );
    await new Promise(r => setTimeout(r, 250));
  }
}

/**
 * A backend as `createBackend()` makes it for production (Backstage's own services: HTTP server,
 * discovery, auth, databases...), with the given config, a quiet logger and database pools that
 * close when it stops.
 */
async function startBackend(features: BackendFeature[], config: JsonObject) {
  const backend = createBackend();
  for (const feature of features) backend.add(feature);
  backend.add(mockServices.rootConfig.factory({ data: config }));
  backend.add(mockServices.rootLogger.factory());
  backend.add(databaseServiceFactoryClosingPools);
  try {
    await backend.start();
  } catch (error) {
    await backend.stop();
    throw error;
  }
  return backend;
}

const mockDir = createMockDirectory();

describe('the gateway as its own backend', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let ledger: RunningExampleServer;

  beforeAll(async () => {
    ledger = await startExampleServer(createPaymentsLedger());
    mockDir.addContent({ 'catalog.yaml': catalogYaml(ledger.url) });
  });
  afterAll(() => ledger.close());

  /** Each backend's database settings: every plugin gets its own, as outside tests. */
  async function databaseConfig(
    databaseId: TestDatabaseId,
  ): Promise<JsonObject> {
    if (databaseId === 'SQLITE_3')
      return { client: 'better-sqlite3', connection: ':memory:' };
    const knex = await databases.init(databaseId);
    const { host, port, user, password, database } = (knex.client.config as any)
      .connection;
    await knex.destroy();
    return {
      client: 'pg',
      connection: { host, port, user, password, database },
      pluginDivisionMode: 'schema',
    };
  }

  /**
   * The main backend and the gateway backend, each on its own database. `handOver` is the one
   * entry in the main backend's config that hands the gateway over (see app-config.gateway.yaml
   * and the gateway's README); without it the main backend keeps a gateway of its own.
   */
  async function startDeployment(
    databaseId: TestDatabaseId,
    { handOver }: { handOver: boolean },
  ) {
    const [mainPort, gatewayPort] = [await freePort(), await freePort()];
    const mainUrl = `http://localhost:${mainPort}`;
    const gatewayUrl = `http://localhost:${gatewayPort}`;

    const mainConfig = layered(await readConfigFiles('app-config.yaml'), {
      backend: {
        baseUrl: mainUrl,
        listen: { port: mainPort },
        database: await databaseConfig(databaseId),
      },
      ...(handOver
        ? {
            discovery: {
              endpoints: [
                {
                  target: `${gatewayUrl}/api/{{pluginId}}`,
                  plugins: ['mcp-gateway'],
                },
              ],
            },
          }
        : {}),
      auth: { providers: { 'test-header': {} } },
      catalog: {
        rules: [{ allow: ['API', 'Group', 'User', 'Location'] }],
        locations: [{ type: 'file', target: mockDir.resolve('catalog.yaml') }],
        processingInterval: { seconds: 1 },
      },
      mcpCatalog: {
        discovery: {
          allowedCidrs: ['127.0.0.0/8'],
          frequencySeconds: 1,
          timeoutSeconds: 5,
          minBackoffSeconds: 1,
        },
      },
    });
    const main = await startBackend(
      [
        authBackend,
        signInByHeader,
        catalogBackend,
        mcpCatalogBackend,
        mcpPolicyBackend,
        mcpInsightsBackend,
        permissionBackend,
        permissionModuleMcpPolicy,
        mcpGatewayUnlessRoutedElsewhere,
      ],
      mainConfig,
    );

    // The gateway backend, from the files `yarn start:gateway` loads, at the test's ports.
    const gatewayConfig = layered(
      withPorts(
        await readConfigFiles(
          'app-config.yaml',
          'app-config.development.yaml',
          'app-config.gateway.yaml',
        ),
        {
          'http://localhost:7007': mainUrl,
          'http://localhost:7008': gatewayUrl,
        },
      ),
      {
        backend: {
          listen: { port: gatewayPort },
          database: await databaseConfig(databaseId),
        },
        // Refreshes every second, not every ten.
        mcpGateway: {
          catalogRefreshSeconds: 1,
          decisionCacheSeconds: 1,
          upstream: { listCacheSeconds: 1 },
        },
      },
    );
    expect((gatewayConfig.backend as JsonObject).baseUrl).toBe(gatewayUrl);
    const gateway = await startBackend(
      gatewayBackendFeatures,
      gatewayConfig,
    ).catch(async error => {
      await main.stop();
      throw error;
    });

    /** A real user token from the main backend's auth plugin, once the user is catalogued. */
    const signIn = (user: string) =>
      until(`${user}'s sign-in`, async () => {
        const res = await request(mainUrl)
          .get('/api/auth/test-header/refresh')
          .set('x-test-user', user);
        return {
          done:
            res.status === 200
              ? `Bearer ${res.body.backstageIdentity.token}`
              : undefined,
          seen: [res.status, res.body],
        };
      });

    return {
      mainUrl,
      gatewayUrl,
      appOrigin: (mainConfig.app as JsonObject).baseUrl as string,
      signIn,
      async stop() {
        await gateway.stop();
        await main.stop();
      },
    };
  }

  it.each(databases.eachSupportedId())(
    'serves callers with everything else in the main backend (%p)',
    async databaseId => {
      const { mainUrl, gatewayUrl, appOrigin, signIn, stop } =
        await startDeployment(databaseId, { handOver: true });
      const clients: Client[] = [];
      try {
        // The main backend left the gateway to the gateway backend.
        expect(
          (await request(mainUrl).get('/api/mcp-gateway/health')).status,
        ).toBe(404);
        expect(
          (await request(gatewayUrl).get('/api/mcp-gateway/health')).status,
        ).toBe(200);

        // People sign in with the main backend's auth plugin.
        const grace = await signIn('grace');
        const ada = await signIn('ada');
        const hopper = await signIn('hopper');

        // The gateway reads the main backend's catalogs and asks its policy engine: grace, of
        // the owning team, may call the destructive tool once discovery and approval are done.
        await until('refund_payment callable for grace', async () => {
          const res = await request(gatewayUrl)
            .get('/api/mcp-gateway/v1/tools')
            .set('Authorization', grace);
          const refund = (res.body.items ?? []).find(
            (t: { name: string }) =>
              t.name === 'payments-ledger__refund_payment',
          );
          return {
            done: refund?.callable ? true : undefined,
            seen: [res.status, refund ?? res.body],
          };
        });

        // The development setup's consumer services call here with their static tokens, for the
        // teams mcpGateway.consumers names (both from the files under app-config.gateway.yaml).
        const consumer = await request(gatewayUrl)
          .get('/api/mcp-gateway/v1/tools')
          .set('Authorization', 'Bearer dev-only-support-assistant-token');
        expect(consumer.status).toBe(200);

        // The Gateway tab, which the app reaches here through the main backend's discovery,
        // hands out this backend's endpoint; the app's origin may call it.
        const endpoints = await request(gatewayUrl)
          .get('/api/mcp-gateway/v1/endpoints')
          .set('Authorization', grace);
        expect(endpoints.status).toBe(200);
        expect(endpoints.body.endpoints.aggregate).toBe(
          `${gatewayUrl}/api/mcp-gateway/v1/mcp`,
        );
        const preflight = await request(gatewayUrl)
          .options('/api/mcp-gateway/v1/tools')
          .set('Origin', appOrigin)
          .set('Access-Control-Request-Method', 'GET')
          .set('Access-Control-Request-Headers', 'authorization');
        expect(preflight.headers['access-control-allow-origin']).toBe(
          appOrigin,
        );

        // MCP clients without a token are sent to the main backend's auth to sign in.
        const metadata = await request(gatewayUrl).get(
          '/.well-known/oauth-protected-resource/api/mcp-gateway/v1/mcp',
        );
        expect(metadata.body).toMatchObject({
          resource: `${gatewayUrl}/api/mcp-gateway/v1/mcp`,
          authorization_servers: [`${mainUrl}/api/auth`],
        });

        const connect = async (authorization: string) => {
          const client = new Client({ name: 'split-test', version: '1.0.0' });
          await client.connect(
            new StreamableHTTPClientTransport(
              new URL(`${gatewayUrl}/api/mcp-gateway/v1/mcp`),
              { requestInit: { headers: { authorization } } },
            ),
          );
          clients.push(client);
          return client;
        };
        const graceClient = await connect(grace);
        const adaClient = await connect(ada);

        const payment = await graceClient.callTool({
          name: 'payments-ledger__get_payment',
          arguments: { paymentId: 'pay_1001' },
        });
        expect(payment.isError).toBeFalsy();
        expect(JSON.stringify(payment.content)).toMatch(/pay_1001/);

        const refused = await adaClient.callTool({
          name: 'payments-ledger__refund_payment',
          arguments: { paymentId: 'pay_1001', reason: 'duplicate' },
        });
        expect(refused.isError).toBe(true);
        const refusal = JSON.stringify(refused.content);
        expect(refusal).toMatch(
          /rule tool-access\/destructive-production-owner-only/,
        );

        // The platform team reads the decision the refusal points at in the main backend's log.
        const decisionId = /decision (\d+)/.exec(refusal)?.[1];
        expect(decisionId).toBeDefined();
        const decision = await request(mainUrl)
          .get(`/api/mcp-policy/v1/decisions/${decisionId}`)
          .set('Authorization', hopper);
        expect(decision.status).toBe(200);
        expect(JSON.stringify(decision.body)).toMatch(/refund_payment/);
        expect(JSON.stringify(decision.body)).toMatch(/user:default\/ada/);

        // The gateway's meter reached insights in the main backend.
        await until('the metered call in insights', async () => {
          const res = await request(mainUrl)
            .get('/api/mcp-insights/v1/cost/servers/default/payments-ledger')
            .set('Authorization', grace);
          const tool = (res.body.server?.tools ?? []).find(
            (t: { tool: string }) => t.tool === 'get_payment',
          );
          return {
            done: tool?.calls >= 1 ? true : undefined,
            seen: [res.status, tool ?? res.body],
          };
        });
      } finally {
        await Promise.all(clients.map(c => c.close()));
        await stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'says what to fix when the main backend did not hand the gateway over (%p)',
    async databaseId => {
      const { mainUrl, gatewayUrl, signIn, stop } = await startDeployment(
        databaseId,
        { handOver: false },
      );
      try {
        // The main backend kept its gateway, so its plugins check the gateway backend's
        // service tokens against the wrong keys and refuse every one.
        expect(
          (await request(mainUrl).get('/api/mcp-gateway/health')).status,
        ).toBe(200);
        const grace = await signIn('grace');

        // grace's own token is fine: she is not told to sign in again (401), the gateway
        // answers 503 and names the missing discovery entry.
        const tools = await request(gatewayUrl)
          .get('/api/mcp-gateway/v1/tools')
          .set('Authorization', grace);
        expect(tools.status).toBe(503);
        expect(tools.body.error.message).toMatch(
          /catalog did not accept the gateway's service token: .*route mcp-gateway to it in discovery\.endpoints/,
        );

        const mcp = await fetch(`${gatewayUrl}/api/mcp-gateway/v1/mcp`, {
          method: 'POST',
          headers: {
            authorization: grace,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'initialize',
            params: {
              protocolVersion: '2025-11-25',
              capabilities: {},
              clientInfo: { name: 'split-test', version: '1.0.0' },
            },
          }),
        });
        expect(mcp.status).toBe(503);
        expect(mcp.headers.get('www-authenticate')).toBeNull();
      } finally {
        await stop();
      }
    },
  );
});
