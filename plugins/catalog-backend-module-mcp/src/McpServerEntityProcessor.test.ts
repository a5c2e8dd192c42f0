import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import catalogBackend from '@backstage/plugin-catalog-backend';
import {
  CatalogProcessorResult,
  catalogProcessingExtensionPoint,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import request from 'supertest';
import { catalogModuleMcpServerValidation } from './catalogModuleMcpServerValidation';
import { McpServerEntityProcessor } from './McpServerEntityProcessor';

const location: LocationSpec = {
  type: 'url',
  target: 'https://github.com/acme/payments/blob/main/catalog-info.yaml',
};

function mcpServer(overrides: {
  name?: string;
  annotations?: Record<string, string>;
  spec?: Record<string, unknown>;
}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name: overrides.name ?? 'payments-ledger',
      namespace: 'default',
      annotations: {
        'mcp-platform.io/data-classification': 'confidential',
        ...overrides.annotations,
      },
    },
    spec: {
      type: 'mcp-server',
      lifecycle: 'production',
      owner: 'group:default/payments',
      definition: 'MCP server "payments-ledger"',
      remotes: [
        { type: 'streamable-http', url: 'https://ledger.mcp.internal/mcp' },
      ],
      ...overrides.spec,
    },
  };
}

async function errorsReportedFor(entity: Entity) {
  const emitted: CatalogProcessorResult[] = [];
  const returned = await new McpServerEntityProcessor().postProcessEntity(
    entity,
    location,
    result => emitted.push(result),
  );
  expect(returned).toBe(entity);
  return emitted.map(result => {
    if (result.type !== 'error') {
      throw new Error(`expected only errors, got a ${result.type} result`);
    }
    expect(result.location).toBe(location);
    expect(result.error.name).toBe('InputError');
    return result.error.message;
  });
}

describe('McpServerEntityProcessor', () => {
  it('accepts a well-formed mcp-server API', async () => {
    expect(await errorsReportedFor(mcpServer({}))).toEqual([]);
  });

  it('accepts an mcp-server API without a data classification', async () => {
    const entity = mcpServer({});
    delete entity.metadata.annotations!['mcp-platform.io/data-classification'];
    expect(await errorsReportedFor(entity)).toEqual([]);
  });

  it('reports a transport the MCP platform cannot speak', async () => {
    const entity = mcpServer({
      spec: { remotes: [{ type: 'websocket', url: 'https://x.internal/mcp' }] },
    });
    expect(await errorsReportedFor(entity)).toEqual([
      'api:default/payments-ledger: spec.remotes[0].type must be "streamable-http" or "sse"',
    ]);
  });

  it('reports a remote URL that is not absolute', async () => {
    const entity = mcpServer({
      spec: { remotes: [{ type: 'sse', url: 'ledger/sse' }] },
    });
    expect(await errorsReportedFor(entity)).toEqual([
      'api:default/payments-ledger: spec.remotes[0].url must be an absolute URL, e.g. https://payments.mcp.internal/mcp',
    ]);
  });

  it('reports a server without remotes', async () => {
    const entity = mcpServer({ spec: { remotes: undefined } });
    expect(await errorsReportedFor(entity)).toEqual([
      'api:default/payments-ledger: spec.remotes is required: list at least one remote, e.g. [{ type: streamable-http, url: https://... }]',
    ]);
  });

  it('reports an unknown data classification with the allowed values', async () => {
    const entity = mcpServer({
      annotations: { 'mcp-platform.io/data-classification': 'secret' },
    });
    expect(await errorsReportedFor(entity)).toEqual([
      'api:default/payments-ledger: metadata.annotations["mcp-platform.io/data-classification"] must be one of public, internal, confidential, restricted, got "secret"',
    ]);
  });

  it('lists every problem of an entity in one error', async () => {
    const entity = mcpServer({
      annotations: { 'mcp-platform.io/data-classification': 'secret' },
      spec: {
        remotes: [
          { type: 'websocket', url: 'https://x.internal/mcp' },
          { type: 'sse', url: 'file:///etc/passwd' },
        ],
      },
    });
    expect(await errorsReportedFor(entity)).toEqual([
      'api:default/payments-ledger: spec.remotes[0].type must be "streamable-http" or "sse"; spec.remotes[1].url must use http or https; metadata.annotations["mcp-platform.io/data-classification"] must be one of public, internal, confidential, restricted, got "secret"',
    ]);
  });

  it('leaves other APIs alone, however they look', async () => {
    const openApi: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        name: 'payments-rest',
        annotations: { 'mcp-platform.io/data-classification': 'secret' },
      },
      spec: {
        type: 'openapi',
        lifecycle: 'production',
        owner: 'group:default/payments',
        definition: 'openapi: 3.0.0',
      },
    };
    const untouched = structuredClone(openApi);
    expect(await errorsReportedFor(openApi)).toEqual([]);
    expect(openApi).toEqual(untouched);
  });
});

describe('catalogModuleMcpServerValidation', () => {
  const mockDir = createMockDirectory();

  it('keeps invalid mcp-server APIs out of a running catalog and explains why', async () => {
    mockDir.setContent({
      'catalog-info.yaml': `
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: payments-ledger
  annotations:
    mcp-platform.io/data-classification: confidential
spec:
  type: mcp-server
  lifecycle: production
  owner: group:default/payments
  definition: MCP server "payments-ledger"
  remotes:
    - type: streamable-http
      url: https://ledger.mcp.internal/mcp
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: broken-ledger
spec:
  type: mcp-server
  lifecycle: production
  owner: group:default/payments
  definition: MCP server "broken-ledger"
  remotes:
    - type: websocket
      url: https://ledger.mcp.internal/ws
`,
    });

    // The catalog's own processing-error hook is the channel integrations such as
    // catalog-backend-module-logs read, so it shows what an operator would see.
    const processingErrors: Array<{ entityRef: string; messages: string[] }> =
      [];
    const processingErrorRecorder = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'test-processing-error-recorder',
      register(env) {
        env.registerInit({
          deps: { catalog: catalogProcessingExtensionPoint },
          async init({ catalog }) {
            catalog.setOnProcessingErrorHandler(
              ({ unprocessedEntity, errors }) => {
                processingErrors.push({
                  entityRef: stringifyEntityRef(unprocessedEntity),
                  messages: errors.map(error => error.message),
                });
              },
            );
          },
        });
      },
    });

    const { server } = await startTestBackend({
      features: [
        catalogBackend,
        catalogModuleMcpServerValidation,
        processingErrorRecorder,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [
                {
                  allow: [
                    'API',
                    'Location',
                    'Component',
                    'Group',
                    'User',
                    'System',
                  ],
                },
              ],
              locations: [
                { type: 'file', target: mockDir.resolve('catalog-info.yaml') },
              ],
            },
          },
        }),
      ],
    });
    const getApi = (name: string) =>
      request(server)
        .get(`/api/catalog/entities/by-name/api/default/${name}`)
        .set('Authorization', mockCredentials.user.header());

    // Waiting for the error as well as the valid entity, so that the broken one's absence below
    // means it was rejected rather than not yet processed.
    await waitFor(
      async () =>
        processingErrors.some(
          e => e.entityRef === 'api:default/broken-ledger',
        ) && (await getApi('payments-ledger')).status === 200,
    );

    expect((await getApi('broken-ledger')).status).toBe(404);
    expect(processingErrors).toEqual([
      {
        entityRef: 'api:default/broken-ledger',
        messages: [
          'api:default/broken-ledger: spec.remotes[0].type must be "streamable-http" or "sse"',
        ],
      },
    ]);

    // The same message reaches authors who validate an entity before committing it.
    const validation = await request(server)
      .post('/api/catalog/validate-entity')
      .set('Authorization', mockCredentials.user.header())
      .send({
        location: `url:${location.target}`,
        entity: mcpServer({
          name: 'broken-ledger',
          spec: {
            remotes: [{ type: 'websocket', url: 'https://x.internal/ws' }],
          },
        }),
      });
    expect(validation.status).toBe(400);
    expect(validation.body.errors).toEqual([
      expect.objectContaining({
        name: 'InputError',
        message:
          'api:default/broken-ledger: spec.remotes[0].type must be "streamable-http" or "sse"',
      }),
    ]);
  }, 30_000);
});

async function waitFor(condition: () => Promise<boolean>) {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('The catalog did not process the location within 20s');
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}
