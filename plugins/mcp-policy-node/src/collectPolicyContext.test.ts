import {
  collectPolicyContext,
  preparePolicyContext,
} from './collectPolicyContext';
import { PolicyContextRequest } from './extensions';

describe('collectPolicyContext', () => {
  const request = {
    kind: 'deployment' as const,
    ownerRef: 'group:default/payments',
  };

  it('puts each provider answer under its name', async () => {
    const result = await collectPolicyContext(
      [
        {
          name: 'budget',
          provide: async r => ({ team: r.ownerRef, spentShare: 0.42 }),
        },
        { name: 'catalog', provide: async () => ({ serverCount: 3 }) },
      ],
      request,
    );
    expect(result).toEqual({
      context: {
        budget: { team: 'group:default/payments', spentShare: 0.42 },
        catalog: { serverCount: 3 },
      },
      failures: [],
    });
  });

  it('reports failing and silent providers instead of dropping them', async () => {
    const result = await collectPolicyContext(
      [
        { name: 'ok', provide: async () => ({ a: 1 }) },
        {
          name: 'broken',
          provide: async () => {
            throw new Error('insights database unreachable');
          },
        },
        { name: 'slow', provide: () => new Promise(() => {}) },
      ],
      request,
      { timeoutMs: 50 },
    );
    expect(result.context).toEqual({ ok: { a: 1 } });
    expect(result.failures).toEqual(
      expect.arrayContaining([
        { provider: 'broken', message: 'insights database unreachable' },
        { provider: 'slow', message: 'no answer within 50 ms' },
      ]),
    );
  });
});

describe('preparePolicyContext', () => {
  const batch: PolicyContextRequest[] = [
    { kind: 'tool-call', serverRef: 'api:default/a', toolName: 'x' },
    { kind: 'tool-call', serverRef: 'api:default/b', toolName: 'y' },
  ];

  it('hands the whole batch to each provider that prepares, once', async () => {
    const seen: PolicyContextRequest[][] = [];
    const failures = await preparePolicyContext(
      [
        {
          name: 'catalog',
          provide: async () => ({}),
          prepare: async requests => {
            seen.push(requests);
          },
        },
        { name: 'plain', provide: async () => ({}) },
      ],
      batch,
    );
    expect(seen).toEqual([batch]);
    expect(failures).toEqual([]);
  });

  it('skips a batch of one: there is nothing to share', async () => {
    const prepare = jest.fn(async () => {});
    await preparePolicyContext(
      [{ name: 'catalog', provide: async () => ({}), prepare }],
      batch.slice(0, 1),
    );
    expect(prepare).not.toHaveBeenCalled();
  });

  it('reports providers that fail or do not finish in time', async () => {
    const failures = await preparePolicyContext(
      [
        {
          name: 'broken',
          provide: async () => ({}),
          prepare: async () => {
            throw new Error('catalog unreachable');
          },
        },
        {
          name: 'slow',
          provide: async () => ({}),
          prepare: () => new Promise(() => {}),
        },
      ],
      batch,
      { timeoutMs: 50 },
    );
    expect(failures).toEqual(
      expect.arrayContaining([
        { provider: 'broken', message: 'catalog unreachable' },
        { provider: 'slow', message: 'no answer within 50 ms' },
      ]),
    );
    expect(failures).toHaveLength(2);
  });
});
