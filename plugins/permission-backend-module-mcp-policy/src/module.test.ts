import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionBackend from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { McpPolicyClient } from '@mcp-platform/plugin-mcp-policy-common';
import request from 'supertest';
import { McpPermissionPolicy } from './McpPermissionPolicy';
import { permissionModuleMcpPolicy } from './module';

async function authorize(fallback: string, permissionName: string) {
  const { server } = await startTestBackend({
    features: [
      permissionBackend,
      permissionModuleMcpPolicy,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          mcpPolicy: { permission: { fallback } },
        },
      }),
    ],
  });
  const response = await request(server)
    .post('/api/permission/authorize')
    .set('Authorization', mockCredentials.user.header())
    .send({
      items: [
        {
          id: '1',
          permission: {
            type: 'basic',
            name: permissionName,
            attributes: { action: 'read' },
          },
        },
      ],
    });
  await server.close?.();
  return response;
}

describe('permissionModuleMcpPolicy', () => {
  it('answers permissions outside the MCP suite with the configured fallback', async () => {
    const allowed = await authorize('allow', 'catalog.entity.read');
    expect(allowed.status).toBe(200);
    expect(allowed.body.items).toEqual([{ id: '1', result: 'ALLOW' }]);

    const denied = await authorize('deny', 'catalog.entity.read');
    expect(denied.body.items).toEqual([{ id: '1', result: 'DENY' }]);
  });

  it("fails closed for the suite's permissions when the engine cannot answer", async () => {
    // No mcp-policy plugin runs in this backend, so the engine is unreachable.
    const denied = await authorize('allow', 'mcp.catalog.refresh');
    expect(denied.status).toBe(200);
    expect(denied.body.items).toEqual([{ id: '1', result: 'DENY' }]);
  });

  it('refuses to start with an unknown fallback', async () => {
    await expect(authorize('maybe', 'catalog.entity.read')).rejects.toThrow(
      'mcpPolicy.permission.fallback must be "allow" or "deny", got "maybe"',
    );
  });
});

describe('McpPermissionPolicy on catalog entities', () => {
  it("lets the entity's owners act when the engine does not allow it, even unreachable", async () => {
    const policy = new McpPermissionPolicy({
      fallback: 'deny',
      // Nothing listens there: the engine cannot answer.
      engine: new McpPolicyClient({
        discoveryApi: { getBaseUrl: async () => 'http://127.0.0.1:1/api' },
      }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    const decision = await policy.handle(
      {
        permission: createPermission({
          name: 'mcp.server.disable',
          attributes: { action: 'update' },
          resourceType: 'catalog-entity',
        }),
      },
      {
        info: {
          userEntityRef: 'user:default/grace',
          ownershipEntityRefs: ['user:default/grace', 'group:default/payments'],
        },
        credentials: mockCredentials.user('user:default/grace'),
      },
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/grace', 'group:default/payments'],
        },
      },
    });
  });
});
