import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import {
  createPaymentsLedger,
  RunningExampleServer,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
import request from 'supertest';
import { startGatewayStack } from '../__testUtils__/startGatewayStack';
import { plainToolCall } from './fastToolCall';

jest.setTimeout(300_000);

const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'diff', version: '1' },
};

/** The same tool call in either era, as a client of that era sends it. */
function toolCall(
  era: 'modern' | 'legacy',
  id: number,
  name: string,
  args: Record<string, unknown>,
) {
  const headers: Record<string, string> = {
    accept: 'application/json, text/event-stream',
    'content-type': 'application/json',
  };
  const params: Record<string, unknown> = { name, arguments: args };
  if (era === 'modern') {
    params._meta = MODERN_META;
    Object.assign(headers, {
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': name,
    });
  } else headers['mcp-protocol-version'] = '2025-11-25';
  return {
    headers,
    body: { jsonrpc: '2.0', id, method: 'tools/call', params },
  };
}

/** The calls compared, in order (the rate limit of list_transactions is 1 per minute). */
const CASES: [string, string, Record<string, unknown>][] = [
  ['allowed', 'payments-ledger__get_payment', { paymentId: 'pay_1001' }],
  ['tool error', 'payments-ledger__get_payment', { paymentId: 'pay_9999' }],
  [
    'refused by policy',
    'payments-ledger__refund_payment',
    { paymentId: 'pay_1001', reason: 'duplicate' },
  ],
  ['invalid arguments', 'payments-ledger__get_payment', { paymentId: 7 }],
  ['unknown tool', 'payments-ledger__nope', {}],
  [
    'allowed, then rate-limited',
    'payments-ledger__list_transactions',
    { accountId: 'acc_100' },
  ],
  [
    'rate-limited',
    'payments-ledger__list_transactions',
    { accountId: 'acc_100' },
  ],
];

/** An answer with what differs between two backends by design (decision ids) normalised. */
function normalised(res: request.Response) {
  return {
    status: res.status,
    contentType: res.headers['content-type'],
    retryAfter: res.headers['retry-after'] !== undefined,
    body: JSON.parse(
      res.text
        .replace(/decision \d+/g, 'decision N')
        .replace(/"decisionId":"\d+"/g, '"decisionId":"N"')
        .replace(/try again in \d+ s/g, 'try again in N s')
        .replace(/"retryAfterSeconds":\d+/g, '"retryAfterSeconds":0'),
    ),
  };
}

/*
 * The fast path is held to the SDK's entry: the same calls, in both eras, through a gateway with
 * the fast path and through one without, get the same answers (status, headers, JSON).
 */
describe('the fast path of tools/call', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let upstream: RunningExampleServer;
  beforeAll(async () => {
    upstream = await startExampleServer(createPaymentsLedger());
  });
  afterAll(() => upstream.close());

  it('recognises only plain tool calls', () => {
    const modern = toolCall('modern', 1, 'x__y', {});
    const legacy = toolCall('legacy', 1, 'x__y', {});
    expect(plainToolCall(modern.headers, modern.body)?.era).toBe('modern');
    expect(plainToolCall(legacy.headers, legacy.body)?.era).toBe('legacy');
    const variants: [Record<string, string>, unknown][] = [
      [{ ...modern.headers, 'mcp-name': 'other' }, modern.body],
      [
        { ...modern.headers, 'mcp-protocol-version': '2025-11-25' },
        modern.body,
      ],
      [{ ...modern.headers, accept: 'application/json' }, modern.body],
      [legacy.headers, { ...legacy.body, method: 'tools/list' }],
      [legacy.headers, [legacy.body]],
      [legacy.headers, { ...legacy.body, id: null }],
      [
        { ...legacy.headers, 'mcp-protocol-version': '1999-01-01' },
        legacy.body,
      ],
      [
        legacy.headers,
        { ...legacy.body, params: { name: 'x__y', arguments: [] } },
      ],
    ];
    for (const [headers, body] of variants)
      expect(plainToolCall(headers, body)).toBeUndefined();
  });

  it('answers as the SDK entry does, in both revisions', async () => {
    const answers: Record<string, ReturnType<typeof normalised>[]> = {};
    for (const fastPath of [true, false]) {
      const knex = await databases.init('SQLITE_3');
      const stack = await startGatewayStack({
        knex,
        servers: [
          {
            name: 'payments-ledger',
            owner: 'group:default/payments',
            url: upstream.url,
          },
        ],
        config: {
          mcpGateway: {
            fastPath,
            rateLimits: {
              overrides: [
                {
                  tool: 'api:default/payments-ledger#list_transactions',
                  perMinute: 1,
                },
              ],
            },
          },
        },
      });
      await stack.waitForCallable('user:default/ada', [
        'payments-ledger__get_payment',
      ]);
      const results: ReturnType<typeof normalised>[] = [];
      let id = 0;
      for (const era of ['modern', 'legacy'] as const) {
        for (const [, name, args] of CASES) {
          const { headers, body } = toolCall(era, ++id, name, args);
          const res = await request(stack.server)
            .post('/api/mcp-gateway/v1/mcp')
            .set(
              'Authorization',
              mockCredentials.user.header('user:default/ada'),
            )
            .set(headers)
            .send(body);
          results.push(normalised(res));
        }
      }
      answers[String(fastPath)] = results;
      await stack.backend.stop();
    }
    const labels = ['modern', 'legacy'].flatMap(era =>
      CASES.map(([label]) => `${era}: ${label}`),
    );
    const fast = answers.true;
    const sdk = answers.false;
    labels.forEach((label, i) => {
      expect({ label, ...fast[i] }).toEqual({ label, ...sdk[i] });
    });
    // The matrix covers what it claims: successes, refusals, errors and a 429 in both eras.
    expect(sdk.map(a => a.status)).toEqual(expect.arrayContaining([200, 429]));
    expect(sdk.filter(a => a.body.error).length).toBeGreaterThanOrEqual(4);
    expect(
      sdk.filter(a => a.body.result?.isError).length,
    ).toBeGreaterThanOrEqual(4);
  });
});
