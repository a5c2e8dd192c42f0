import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { mcpPolicyContextExtensionPoint } from '@mcp-platform/plugin-mcp-policy-node';
import request from 'supertest';
import { mcpPolicyPlugin } from './plugin';

const budgetModule = createBackendModule({
  pluginId: 'mcp-policy',
  moduleId: 'test-budget',
  register(env) {
    env.registerInit({
      deps: { context: mcpPolicyContextExtensionPoint },
      async init({ context }) {
        context.addContextProvider({
          name: 'budget',
          provide: async () => ({ spentShare: 0.5 }),
        });
      },
    });
  },
});

describe('mcpPolicyPlugin', () => {
  it('answers its health route and lists context providers added by modules', async () => {
    const { server } = await startTestBackend({
      features: [mcpPolicyPlugin, budgetModule],
    });

    const health = await request(server).get('/api/mcp-policy/health');
    expect(health.status).toBe(200);

    const providers = await request(server)
      .get('/api/mcp-policy/v1/context-providers')
      .set('Authorization', mockCredentials.user.header());
    expect(providers.body).toEqual({ items: [{ name: 'budget' }] });

    const anonymous = await request(server)
      .get('/api/mcp-policy/v1/context-providers')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });
});
