import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { mcpCatalogPlugin } from './plugin';

describe('mcpCatalogPlugin', () => {
  it('answers its health route without credentials and guards its API', async () => {
    const { server } = await startTestBackend({ features: [mcpCatalogPlugin] });

    const health = await request(server).get('/api/mcp-catalog/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });

    const anonymous = await request(server)
      .get('/api/mcp-catalog/v1/servers/status')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);

    const signedIn = await request(server)
      .get('/api/mcp-catalog/v1/servers/status')
      .set('Authorization', mockCredentials.user.header());
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toEqual({ items: [] });
  });
});
