import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { mcpInsightsPlugin } from './plugin';

describe('mcpInsightsPlugin', () => {
  it('answers its health route and parses SLO annotations', async () => {
    const { server } = await startTestBackend({
      features: [mcpInsightsPlugin],
    });

    expect((await request(server).get('/api/mcp-insights/health')).status).toBe(
      200,
    );

    const ok = await request(server)
      .get('/api/mcp-insights/v1/slo/parse')
      .query({ annotation: 'availability=99.9,latency-p95=2000ms' })
      .set('Authorization', mockCredentials.user.header());
    expect(ok.body.slo).toEqual({
      availabilityTarget: 0.999,
      latency: { percentile: 0.95, thresholdMs: 2000 },
      windowDays: 30,
    });

    const bad = await request(server)
      .get('/api/mcp-insights/v1/slo/parse')
      .query({ annotation: 'uptime=99' })
      .set('Authorization', mockCredentials.user.header());
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('Unknown SLO key "uptime"'),
    });
    expect(JSON.stringify(bad.body)).not.toContain('at ');
  });
});
