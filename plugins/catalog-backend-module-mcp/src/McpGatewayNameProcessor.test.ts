import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import catalogBackend from '@backstage/plugin-catalog-backend';
import {
  catalogProcessingExtensionPoint,
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import request from 'supertest';
import {
  defineTool,
  jsonResult,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
import mcpCatalogPlugin from '@mcp-platform/plugin-mcp-catalog-backend';
import { catalogModuleMcpServerValidation } from './catalogModuleMcpServerValidation';
import { GatewayNameFacts } from './GatewayNameFacts';
import { McpGatewayNameProcessor } from './McpGatewayNameProcessor';

const location: LocationSpec = {
  type: 'url',
  target: 'https://github.com/acme/payments/blob/main/catalog-info.yaml',
};

function mcpServer(name: string, alias?: string, type = 'mcp-server'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name,
      namespace: 'default',
      annotations: alias ? { 'mcp-platform.io/gateway-alias': alias } : {},
    },
    spec: {
      type,
      lifecycle: 'production',
      owner: 'group:default/payments',
      definition: `MCP server "${name}"`,
      remotes: [{ type: 'streamable-http', url: 'https://x.internal/mcp' }],
    },
  };
}

/** Facts from plain maps: aliases of the catalogued servers, tool names by server. */
function factsOf(
  aliases: Record<string, string>,
  tools: Record<string, string[]> = {},
): GatewayNameFacts {
  return {
    async serversWithAlias(alias) {
      return Object.keys(aliases).filter(ref => aliases[ref] === alias);
    },
    async toolNames(ref) {
      return tools[ref];
    },
  };
}

async function errorsFor(entity: Entity, facts: GatewayNameFacts) {
  const logger = mockServices.logger.mock();
  const emitted: CatalogProcessorResult[] = [];
  const returned = await new McpGatewayNameProcessor({
    facts,
    logger,
  }).postProcessEntity(entity, location, result => emitted.push(result));
  expect(returned).toBe(entity);
  return {
    errors: emitted.map(result => {
      if (result.type !== 'error')
        throw new Error(`expected only errors, got a ${result.type} result`);
      expect(result.error.name).toBe('InputError');
      return result.error.message;
    }),
    warnings: (logger.warn as jest.Mock).mock.calls.map(([m]) => String(m)),
  };
}

describe('McpGatewayNameProcessor', () => {
  it('accepts a server whose alias is its own and whose tool names fit', async () => {
    const facts = factsOf(
      {
        'api:default/payments-ledger': 'ledger',
        'api:default/support-desk': 'support-desk',
      },
      { 'api:default/payments-ledger': ['get_payment', 'refund_payment'] },
    );
    // Its own catalogued version is not a collision.
    expect(
      await errorsFor(mcpServer('payments-ledger', 'ledger'), facts),
    ).toEqual({ errors: [], warnings: [] });
  });

  it('reports an alias two servers would share, naming both, and never renames either', async () => {
    const facts = factsOf({ 'api:default/payments-ledger': 'ledger' });
    expect(
      (await errorsFor(mcpServer('ledger-v2', 'ledger'), facts)).errors,
    ).toEqual([
      'api:default/ledger-v2: gateway alias "ledger" is shared by api:default/ledger-v2 and api:default/payments-ledger: the gateway would name their tools alike (ledger__<tool>), so it offers none of them; give one of them another mcp-platform.io/gateway-alias annotation',
    ]);
    // The entity name is the alias when there is no annotation.
    expect((await errorsFor(mcpServer('ledger'), facts)).errors[0]).toMatch(
      /^api:default\/ledger: gateway alias "ledger" is shared by api:default\/ledger and api:default\/payments-ledger/,
    );
  });

  it('reports an alias the gateway cannot use as a prefix, and then checks the plain tool names', async () => {
    const facts = factsOf(
      {},
      { 'api:default/payments_ledger': ['get.payment'] },
    );
    expect(
      (await errorsFor(mcpServer('payments_ledger'), facts)).errors,
    ).toEqual([
      'api:default/payments_ledger: gateway alias "payments_ledger" may hold only letters, digits and inner dashes; set the mcp-platform.io/gateway-alias annotation (e.g. "ledger"); tool get.payment: gateway tool name "get.payment" has characters other than letters, digits, "_" and "-"',
    ]);
  });

  it('reports every discovered tool whose <alias>__<tool> name is over 64 characters or has other characters', async () => {
    const long = 'reconcile_settlements_with_the_general_ledger_for_the_month';
    const facts = factsOf(
      {},
      {
        'api:default/payments-ledger': ['get_payment', long, 'payments.refund'],
      },
    );
    expect(
      (await errorsFor(mcpServer('payments-ledger'), facts)).errors,
    ).toEqual([
      `api:default/payments-ledger: tool ${long}: gateway tool name "payments-ledger__${long}" is 76 characters long (at most 64); shorten the server's mcp-platform.io/gateway-alias or the tool's name; tool payments.refund: gateway tool name "payments-ledger__payments.refund" has characters other than letters, digits, "_" and "-"`,
    ]);
    // A shorter alias is the fix.
    expect(
      (await errorsFor(mcpServer('payments-ledger', 'pl'), facts)).errors,
    ).toHaveLength(1);
  });

  it('skips a check whose facts cannot be read, saying so, rather than failing the entity', async () => {
    const { errors, warnings } = await errorsFor(mcpServer('payments-ledger'), {
      serversWithAlias: async () => {
        throw new Error('catalog unavailable');
      },
      toolNames: async () => {
        throw new Error('mcp-catalog answered 503');
      },
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      'Could not read other servers to check the gateway names of api:default/payments-ledger; checked again on its next processing: Error: catalog unavailable',
      'Could not read tool names to check the gateway names of api:default/payments-ledger; checked again on its next processing: Error: mcp-catalog answered 503',
    ]);
  });

  it('leaves other APIs alone', async () => {
    const facts = factsOf({ 'api:default/ledger': 'ledger' });
    expect(
      (await errorsFor(mcpServer('ledger', undefined, 'openapi'), facts))
        .errors,
    ).toEqual([]);
  });
});

describe('catalogModuleMcpServerValidation: gateway names', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const mockDir = createMockDirectory();

  const entity = (name: string, url: string, alias?: string) => `---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: ${name}
${
  alias ? `  annotations: { mcp-platform.io/gateway-alias: ${alias} }\n` : ''
}spec:
  type: mcp-server
  lifecycle: production
  owner: group:default/payments
  remotes: [{ type: streamable-http, url: "${url}" }]
  definition: discovered by mcp-catalog
`;

  it.each(databases.eachSupportedId())(
    'reports a shared alias on the newcomer and an over-long discovered tool name on its server (%p)',
    async databaseId => {
      const long = 'x'.repeat(50);
      const upstream = await startExampleServer({
        name: 'payments-ledger',
        title: 'Payments ledger',
        version: '1.0.0',
        team: 'payments',
        instructions: 'A ledger with a tool whose gateway name is long.',
        revisions: ['2026-07-28', '2025-11-25'],
        sse: false,
        tools: ['get_payment', long].map(name =>
          defineTool({
            name,
            title: name,
            description: `The ${name} tool.`,
            inputSchema: {},
            annotations: { readOnlyHint: true },
            handler: () => jsonResult({}),
          }),
        ),
      });
      const knex = await databases.init(databaseId);
      // What the catalog reports about entities it could not process (what an operator's
      // processing-error integration sees).
      const reported = new Map<string, string[]>();
      const recorder = createBackendModule({
        pluginId: 'catalog',
        moduleId: 'test-processing-error-recorder',
        register(env) {
          env.registerInit({
            deps: { catalog: catalogProcessingExtensionPoint },
            async init({ catalog }) {
              catalog.setOnProcessingErrorHandler(
                ({ unprocessedEntity, errors }) => {
                  reported.set(
                    stringifyEntityRef(unprocessedEntity),
                    errors.map(e => e.message),
                  );
                },
              );
            },
          });
        },
      });
      mockDir.setContent({
        'catalog.yaml': entity('payments-ledger', upstream.url, 'ledger'),
      });
      const backend = await startTestBackend({
        features: [
          catalogBackend,
          catalogModuleMcpServerValidation,
          recorder,
          mcpCatalogPlugin,
          schedulerServiceFactory,
          actionsRegistryServiceFactory,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [{ allow: ['API', 'Location'] }],
                locations: [
                  { type: 'file', target: mockDir.resolve('catalog.yaml') },
                ],
                processingInterval: { seconds: 1 },
              },
              mcpCatalog: {
                discovery: {
                  allowedCidrs: ['127.0.0.0/8'],
                  frequencySeconds: 1,
                  // No server here is meant to time out: a deadline a loaded machine meets.
                  timeoutSeconds: 30,
                },
              },
            },
          }),
        ],
      });
      const { server } = backend;
      const getApi = (name: string) =>
        request(server)
          .get(`/api/catalog/entities/by-name/api/default/${name}`)
          .set('Authorization', mockCredentials.user.header());
      const errorsOn = async (name: string): Promise<string[]> =>
        ((await getApi(name)).body?.status?.items ?? []).map(
          (i: { message: string }) => i.message,
        );
      try {
        // The server enters the catalog; discovery then finds a tool whose gateway name
        // ledger__xxx… is 58 characters: fine.
        await waitFor(async () => (await getApi('payments-ledger')).ok);
        await waitFor(
          async () =>
            (
              await request(server)
                .get('/api/mcp-catalog/v1/servers/default/payments-ledger')
                .set('Authorization', mockCredentials.user.header())
            ).body?.tools?.length === 2,
        );
        expect(await errorsOn('payments-ledger')).toEqual([]);

        // A second server claims the same alias: the catalog refuses it, naming both.
        mockDir.setContent({
          'catalog.yaml':
            entity('payments-ledger', upstream.url, 'ledger') +
            entity('ledger-copy', upstream.url, 'ledger'),
        });
        const collision =
          'api:default/ledger-copy: gateway alias "ledger" is shared by api:default/ledger-copy and api:default/payments-ledger: the gateway would name their tools alike (ledger__<tool>), so it offers none of them; give one of them another mcp-platform.io/gateway-alias annotation';
        await waitFor(async () => reported.has('api:default/ledger-copy'));
        expect(reported.get('api:default/ledger-copy')).toEqual([collision]);
        expect((await getApi('ledger-copy')).status).toBe(404);
        expect(await errorsOn('payments-ledger')).toEqual([]);
        // Authors validating the entity before committing it get the same message.
        const validation = await request(server)
          .post('/api/catalog/validate-entity')
          .set('Authorization', mockCredentials.user.header())
          .send({
            location: `url:${location.target}`,
            entity: {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'API',
              metadata: {
                name: 'ledger-copy',
                annotations: { 'mcp-platform.io/gateway-alias': 'ledger' },
              },
              spec: {
                type: 'mcp-server',
                lifecycle: 'production',
                owner: 'group:default/payments',
                definition: 'x',
                remotes: [{ type: 'streamable-http', url: upstream.url }],
              },
            },
          });
        expect(validation.status).toBe(400);
        expect(validation.body.errors).toEqual([
          expect.objectContaining({ name: 'InputError', message: collision }),
        ]);

        // A longer alias makes the discovered tool's name too long: an error on the entity
        // the catalog keeps (at its last good version), saying which tool and why.
        mockDir.setContent({
          'catalog.yaml': entity(
            'payments-ledger',
            upstream.url,
            'payments-ledger-eu-west',
          ),
        });
        await waitFor(
          async () => (await errorsOn('payments-ledger')).length > 0,
        );
        expect(await errorsOn('payments-ledger')).toEqual([
          `InputError: api:default/payments-ledger: tool ${long}: gateway tool name "payments-ledger-eu-west__${long}" is 75 characters long (at most 64); shorten the server's mcp-platform.io/gateway-alias or the tool's name`,
        ]);
      } finally {
        await backend.stop();
        await upstream.close();
      }
    },
    120_000,
  );
});

async function waitFor(condition: () => Promise<boolean>) {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error('The catalog did not get there within 60 s');
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}
