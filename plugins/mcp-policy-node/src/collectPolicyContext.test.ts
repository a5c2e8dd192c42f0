import { collectPolicyContext } from './collectPolicyContext';

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
