import { createBackendModule } from '@backstage/backend-plugin-api';
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
import { mcpPermissionPolicyExtensionPoint } from './otherPermissions';

/** The adopter's own policy: Jane may read the catalog, nobody else may do anything. */
const acmePolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'acme-policy',
  register(env) {
    env.registerInit({
      deps: { mcp: mcpPermissionPolicyExtensionPoint },
      async init({ mcp }) {
        mcp.setOtherPermissionsPolicy({
          async handle(query, user) {
            const jane = user?.info.userEntityRef === 'user:default/jane';
            return {
              result:
                jane && query.permission.name === 'catalog.entity.read'
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            };
          },
        });
      },
    });
  },
});

async function startWith(
  permissionConfig: Record<string, string> | undefined,
  extra: { delegate?: boolean } = {},
) {
  const logger = mockServices.logger.mock();
  const backend = await startTestBackend({
    features: [
      permissionBackend,
      permissionModuleMcpPolicy,
      ...(extra.delegate ? [acmePolicyModule] : []),
      logger.factory,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          ...(permissionConfig
            ? { mcpPolicy: { permission: permissionConfig } }
            : {}),
        },
      }),
    ],
  });
  const authorize = async (permissionName: string, user?: string) => {
    const response = await request(backend.server)
      .post('/api/permission/authorize')
      .set('Authorization', mockCredentials.user.header(user))
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
    expect(response.status).toBe(200);
    return response.body.items[0].result as string;
  };
  const warnings = () => logger.warn.mock.calls.map(c => String(c[0]));
  return { backend, authorize, warnings };
}

describe('permissionModuleMcpPolicy', () => {
  it('allows permissions outside the MCP suite by default, so nobody is locked out', async () => {
    const { backend, authorize, warnings } = await startWith(undefined);
    expect(await authorize('catalog.entity.read')).toBe('ALLOW');
    expect(await authorize('scaffolder.task.create')).toBe('ALLOW');
    expect(warnings()).toEqual([]);
    await backend.stop();
  });

  it('denies them only when told to, and warns at start that the catalog will look empty', async () => {
    const { backend, authorize, warnings } = await startWith({
      otherPermissions: 'deny',
    });
    expect(await authorize('catalog.entity.read')).toBe('DENY');
    expect(warnings()).toEqual([
      expect.stringContaining(
        'mcpPolicy.permission.otherPermissions is "deny": every permission outside the MCP suite is refused',
      ),
    ]);
    await backend.stop();
  });

  it("hands them to the adopter's policy registered through the extension point", async () => {
    const { backend, authorize } = await startWith(undefined, {
      delegate: true,
    });
    expect(await authorize('catalog.entity.read', 'user:default/jane')).toBe(
      'ALLOW',
    );
    expect(await authorize('catalog.entity.read', 'user:default/bob')).toBe(
      'DENY',
    );
    expect(await authorize('scaffolder.task.create', 'user:default/jane')).toBe(
      'DENY',
    );
    await backend.stop();
  });

  it('refuses to start when the configured choice contradicts the installed modules', async () => {
    await expect(startWith({ otherPermissions: 'delegate' })).rejects.toThrow(
      'mcpPolicy.permission.otherPermissions is "delegate", but no module handed a policy to mcpPermissionPolicyExtensionPoint',
    );
    await expect(
      startWith({ otherPermissions: 'allow' }, { delegate: true }),
    ).rejects.toThrow(
      'mcpPolicy.permission.otherPermissions is "allow", which would ignore it; remove the key or set it to "delegate"',
    );
    await expect(startWith({ otherPermissions: 'maybe' })).rejects.toThrow(
      'mcpPolicy.permission.otherPermissions must be "allow", "deny" or "delegate", got "maybe"',
    );
  });

  it('still reads the old fallback key, with a warning to rename it', async () => {
    const { backend, authorize, warnings } = await startWith({
      fallback: 'allow',
    });
    expect(await authorize('catalog.entity.read')).toBe('ALLOW');
    expect(warnings()).toContain(
      'mcpPolicy.permission.fallback was renamed to mcpPolicy.permission.otherPermissions; please rename it',
    );
    await backend.stop();
    await expect(
      startWith({ fallback: 'allow', otherPermissions: 'allow' }),
    ).rejects.toThrow('Both mcpPolicy.permission.otherPermissions and');
  });

  it("fails closed for the suite's permissions when the engine cannot answer", async () => {
    // No mcp-policy plugin runs in this backend, so the engine is unreachable; the delegate,
    // which would deny anyway, is never asked about the suite's permissions.
    const { backend, authorize } = await startWith(undefined);
    expect(await authorize('mcp.policy.dry-run')).toBe('DENY');
    await backend.stop();
  });
});

describe('McpPermissionPolicy on catalog entities', () => {
  it("lets the entity's owners act when the engine does not allow it, even unreachable", async () => {
    const policy = new McpPermissionPolicy({
      otherPermissions: {
        handle: async () => ({ result: AuthorizeResult.DENY }),
      },
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
