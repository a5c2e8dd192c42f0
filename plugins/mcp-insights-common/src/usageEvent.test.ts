import {
  createUsageEventSchema,
  DEFAULT_USAGE_EVENT_LIMITS,
  isPlainValidUsageEvent,
  UsageEventLimits,
} from './usageEvent';

/** mulberry32: seeded, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LIMITS: UsageEventLimits = {
  tokens: 1000,
  durationMs: 5000,
  cost: 10,
  bytes: 4096,
};

const CALL = {
  id: 'ev-1',
  timestamp: '2026-11-15T12:00:00Z',
  server: 'api:default/payments-ledger',
  tool: 'get_payment',
  outcome: 'success',
  durationMs: 12.5,
};
const GATEWAY_CALL = {
  ...CALL,
  id: 'gw-1',
  source: 'gateway',
  consumer: {
    principal: 'user:default/ada',
    user: 'user:default/ada',
    team: 'group:default/analytics',
  },
  requestBytes: 120,
  responseBytes: 2048,
  estimatedTokens: { input: 30, output: 512 },
};

describe('the usage event schema', () => {
  const schema = createUsageEventSchema(LIMITS);
  const messages = (event: unknown) => {
    const result = schema.safeParse(event);
    return result.success
      ? []
      : result.error.issues.map(i => `${i.path.join('.')} ${i.message}`);
  };

  it('accepts client and gateway calls and spend, and fills in the source', () => {
    expect(schema.parse(CALL).source).toBe('client');
    expect(schema.parse(GATEWAY_CALL)).toEqual(GATEWAY_CALL);
    expect(
      schema.parse({
        id: 'spend',
        timestamp: CALL.timestamp,
        server: 'x',
        tokens: [{ model: 'm', input: 1000 }],
        cost: 10,
      }).source,
    ).toBe('client');
  });

  it('bounds every number, naming the setting to raise', () => {
    expect(
      messages({
        ...GATEWAY_CALL,
        requestBytes: 4097,
        responseBytes: -1,
        estimatedTokens: { input: 1.5, output: 1001 },
        durationMs: 5001,
      }),
    ).toEqual([
      'durationMs must be at most 5000 (mcpInsights.usage.maxPerEvent.durationMs)',
      'requestBytes must be at most 4096 (mcpInsights.usage.maxPerEvent.bytes)',
      'responseBytes must not be negative',
      'estimatedTokens.input must be a whole number',
      'estimatedTokens.output must be at most 1000 (mcpInsights.usage.maxPerEvent.tokens)',
    ]);
  });

  it('keeps gateway observations and spend apart', () => {
    const { source, ...clientWithGatewayFields } = GATEWAY_CALL;
    expect(source).toBe('gateway');
    expect(messages(clientWithGatewayFields)).toEqual([
      'consumer is recorded for calls observed at the MCP gateway only (source gateway)',
      'requestBytes is recorded for calls observed at the MCP gateway only (source gateway)',
      'responseBytes is recorded for calls observed at the MCP gateway only (source gateway)',
      'estimatedTokens is recorded for calls observed at the MCP gateway only (source gateway)',
    ]);
    expect(
      messages({
        ...GATEWAY_CALL,
        tokens: [{ model: 'm', input: 1 }],
        cost: 1,
      }),
    ).toEqual([
      "tokens is not taken from gateway-observed calls: a server's LLM spend comes from its metrics or its own pushes (source client)",
      "cost is not taken from gateway-observed calls: a server's LLM spend comes from its metrics or its own pushes (source client)",
    ]);
    const { tool, outcome, durationMs, ...noTool } = GATEWAY_CALL;
    expect([tool, outcome, durationMs]).toBeDefined();
    expect(messages(noTool)).toEqual([
      'tool is required with source gateway: a gateway event is one relayed tool call',
    ]);
    expect(messages({ ...CALL, source: 'proxy' })).toEqual([
      'source must be client or gateway',
    ]);
  });

  it('uses the default limits when given none', () => {
    expect(
      createUsageEventSchema().safeParse({
        ...GATEWAY_CALL,
        requestBytes: DEFAULT_USAGE_EVENT_LIMITS.bytes,
      }).success,
    ).toBe(true);
  });
});

/**
 * A valid event of a random kind (client call, spend, gateway call) with values at the edges of
 * the bounds, then, half the time, one or two fields changed to something near or past an edge
 * (a bound, a type, a key, a field of the other source), so the fast path is tried where it
 * could go wrong.
 */
function randomEvent(next: () => number): Record<string, unknown> {
  const pick = <T>(values: T[]): T =>
    values[Math.floor(next() * values.length)];
  const count = (limit: number) =>
    pick([0, 1, limit, Math.floor(next() * limit)]);
  const amount = (limit: number) => pick([0, 0.25, limit, next() * limit]);
  const text = (max: number) => pick(['a', 'x'.repeat(max)]);
  const call = () => ({
    tool: text(255),
    outcome: pick(['success', 'error']),
    ...(next() < 0.7 ? { durationMs: amount(LIMITS.durationMs) } : {}),
  });
  const event: Record<string, unknown> = {
    id: text(200),
    timestamp: pick(['2026-11-15T12:00:00Z', '2026-11-15T12:00:00.123+02:00']),
    server: text(500),
  };
  const kind = pick(['client', 'spend', 'gateway']);
  if (kind === 'client') {
    Object.assign(event, call());
    if (next() < 0.3) event.source = 'client';
    if (next() < 0.3)
      event.tokens = [{ model: 'm', input: count(LIMITS.tokens) }];
    if (next() < 0.3) event.cost = amount(LIMITS.cost);
  } else if (kind === 'spend') {
    event.tokens = [
      {
        model: text(200),
        input: count(LIMITS.tokens),
        output: count(LIMITS.tokens),
        cached: count(LIMITS.tokens),
      },
    ];
  } else {
    Object.assign(event, call(), { source: 'gateway' });
    if (next() < 0.8)
      event.consumer = pick([
        { team: 'group:default/a' },
        { principal: text(500), user: text(500), team: text(500) },
        {},
      ]);
    if (next() < 0.8) event.requestBytes = count(LIMITS.bytes);
    if (next() < 0.8) event.responseBytes = count(LIMITS.bytes);
    if (next() < 0.8)
      event.estimatedTokens = {
        input: count(LIMITS.tokens),
        output: count(LIMITS.tokens),
      };
  }
  const edges: unknown[] = [
    undefined,
    -1,
    2.5,
    LIMITS.tokens + 1,
    LIMITS.bytes + 1,
    LIMITS.durationMs + 0.5,
    LIMITS.cost + 0.001,
    '5',
    null,
    NaN,
    Infinity,
    '',
    'x'.repeat(501),
    [],
    {},
    'gateway',
    'client',
    'other',
    '2026-11-15 12:00:00',
    '2026-13-45T12:00:00Z',
    [{ model: 'm', extra: 1 }],
    new Array(33).fill({ model: 'm' }),
    [null],
    { team: 'g', role: 'x' },
    { input: 1 },
    { input: 1, output: 2, cached: 3 },
    { input: -1, output: 2 },
  ];
  const fields = [
    'id',
    'timestamp',
    'server',
    'tool',
    'outcome',
    'durationMs',
    'tokens',
    'cost',
    'source',
    'consumer',
    'requestBytes',
    'responseBytes',
    'estimatedTokens',
    'unknownKey',
  ];
  const changes = next() < 0.5 ? 0 : pick([1, 1, 2]);
  for (let i = 0; i < changes; i++) {
    const field = pick(fields);
    const value = pick(edges);
    if (value === undefined && next() < 0.5) delete event[field];
    else event[field] = value;
  }
  return event;
}

describe('the ingest fast path', () => {
  it('accepts only events the schema accepts, as the schema would answer them', () => {
    const schema = createUsageEventSchema(LIMITS);
    const next = random(20261115);
    let fast = 0;
    let valid = 0;
    for (let i = 0; i < 50_000; i++) {
      const event = randomEvent(next);
      const parsed = schema.safeParse(event);
      if (parsed.success) valid++;
      if (!isPlainValidUsageEvent(event, LIMITS)) continue;
      fast++;
      expect({ event, accepted: parsed.success }).toEqual({
        event,
        accepted: true,
      });
      // The fast path uses the event as sent: the same data, the source defaulted.
      expect(parsed.data).toEqual({
        ...event,
        source: event.source ?? 'client',
      });
    }
    // The generator reaches both paths: most valid events take the fast one.
    expect(valid).toBeGreaterThan(20_000);
    expect(fast).toBeGreaterThan(valid * 0.5);
  });

  it('takes the common events', () => {
    expect(isPlainValidUsageEvent(CALL)).toBe(true);
    expect(isPlainValidUsageEvent(GATEWAY_CALL)).toBe(true);
    expect(isPlainValidUsageEvent({ ...GATEWAY_CALL, consumer: {} })).toBe(
      true,
    );
    expect(isPlainValidUsageEvent({ ...CALL, source: 'client' })).toBe(true);
  });
});
