import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionBackend from '@backstage/plugin-permission-backend';
import request from 'supertest';
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
