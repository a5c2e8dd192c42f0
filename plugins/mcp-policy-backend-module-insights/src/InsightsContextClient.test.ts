import { mockServices } from '@backstage/backend-test-utils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { InsightsContextClient } from './InsightsContextClient';

/** A real HTTP server playing the insights backend's policy-context routes; records requests. */
async function startInsights(answer: (path: string) => [number, unknown]) {
  const requests: { path: string; authorization?: string }[] = [];
  const server = http.createServer((req, res) => {
    requests.push({
      path: req.url ?? '',
      authorization: req.headers.authorization,
    });
    const [status, body] = answer(req.url ?? '');
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    requests,
    discovery: {
      getBaseUrl: async () => url,
      getExternalBaseUrl: async () => url,
    },
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

const slo = (server: string) => ({
  server,
  known: true,
  errorBudgetRemaining: 0.5,
});

describe('InsightsContextClient', () => {
  it('asks with a service token, reuses an answer within its TTL and asks again after it', async () => {
    const insights = await startInsights(path => [
      200,
      slo(new URL(path, 'http://x').searchParams.get('server')!),
    ]);
    let now = 1_000_000;
    const client = new InsightsContextClient({
      discovery: insights.discovery,
      auth: mockServices.auth(),
      ttlMs: 30_000,
      now: () => now,
    });
    try {
      expect(await client.slo('api:default/ledger')).toEqual(
        slo('api:default/ledger'),
      );
      now += 29_999;
      await client.slo('api:default/ledger');
      expect(insights.requests).toHaveLength(1);
      expect(insights.requests[0]).toEqual({
        path: '/v1/policy-context/slo?server=api%3Adefault%2Fledger',
        authorization: expect.stringMatching(/^Bearer .+/),
      });

      // Another server is another question; the TTL's end asks again.
      await client.slo('api:default/other');
      now += 1;
      await client.slo('api:default/ledger');
      expect(insights.requests.map(r => r.path)).toEqual([
        '/v1/policy-context/slo?server=api%3Adefault%2Fledger',
        '/v1/policy-context/slo?server=api%3Adefault%2Fother',
        '/v1/policy-context/slo?server=api%3Adefault%2Fledger',
      ]);
    } finally {
      await insights.close();
    }
  });

  it('shares a request in flight', async () => {
    const insights = await startInsights(() => [
      200,
      { team: 'group:default/payments', overBudget: false },
    ]);
    const client = new InsightsContextClient({
      discovery: insights.discovery,
      auth: mockServices.auth(),
    });
    try {
      const answers = await Promise.all([
        client.budget({ team: 'group:default/payments' }),
        client.budget({ team: 'group:default/payments' }),
      ]);
      expect(answers[0]).toEqual(answers[1]);
      expect(insights.requests.map(r => r.path)).toEqual([
        '/v1/policy-context/budget?team=group%3Adefault%2Fpayments',
      ]);
    } finally {
      await insights.close();
    }
  });

  it('does not keep a failure: the next decision asks again', async () => {
    let failing = true;
    const insights = await startInsights(() =>
      failing
        ? [503, { error: { message: 'starting' } }]
        : [200, slo('api:default/ledger')],
    );
    const client = new InsightsContextClient({
      discovery: insights.discovery,
      auth: mockServices.auth(),
    });
    try {
      await expect(client.serverBudget('api:default/ledger')).rejects.toThrow(
        'mcp-insights answered 503 to /v1/policy-context/server-budget?server=api%3Adefault%2Fledger',
      );
      failing = false;
      await expect(client.serverBudget('api:default/ledger')).resolves.toEqual(
        slo('api:default/ledger'),
      );
      expect(insights.requests).toHaveLength(2);
    } finally {
      await insights.close();
    }
  });
});
