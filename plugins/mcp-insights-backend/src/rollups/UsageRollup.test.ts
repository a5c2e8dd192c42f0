import { UsageRollup } from './UsageRollup';
import { latencyOfCall } from './latencyBuckets';

const HOUR_TS = Date.parse('2026-11-15T10:00:00Z') / 1000;

describe('UsageRollup', () => {
  it('folds batches staged before gateway cells existed, and gateway cells, into their own tables', () => {
    // A pending batch as an earlier version staged it: ten fields per cell.
    const legacy = JSON.stringify([
      [
        HOUR_TS,
        'api:default/payments-ledger',
        'get_payment',
        'group:default/payments',
        3,
        1,
        120,
        latencyOfCall(40).map(v => v * 3),
        0.5,
        [['big-model', 100, 0, 0, 0.001]],
      ],
    ]);
    const staged = new UsageRollup();
    staged.add({
      timestampMs: HOUR_TS * 1000 + 60_000,
      serverRef: 'api:default/payments-ledger',
      teamRef: 'group:default/payments',
      toolName: 'get_payment',
      calls: 1,
      errors: 0,
      durationSumMs: 40,
      latency: latencyOfCall(40),
      otherCost: 0,
      gateway: {
        consumerTeamRef: 'group:default/analytics',
        requestBytes: 200,
        responseBytes: 4000,
        estimatedInputTokens: 50,
        estimatedOutputTokens: 1000,
      },
    });

    const folded = new UsageRollup();
    folded.merge(legacy);
    folded.merge(staged.serialize());
    const rows = folded.rows(0);
    expect(rows.usageHourly).toEqual([
      expect.objectContaining({ tool_name: '*', calls: 3, errors: 1 }),
      expect.objectContaining({ tool_name: 'get_payment', calls: 3 }),
    ]);
    expect(rows.tokensDaily).toEqual([
      expect.objectContaining({ model: 'big-model', input_tokens: 100 }),
    ]);
    expect(rows.gatewayHourly).toEqual([
      expect.objectContaining({
        hour_ts: HOUR_TS,
        tool_name: '*',
        team_ref: 'group:default/payments',
        consumer_team_ref: 'group:default/analytics',
        calls: 1,
        request_bytes: 200,
        response_bytes: 4000,
        estimated_input_tokens: 50,
        estimated_output_tokens: 1000,
      }),
      expect.objectContaining({ tool_name: 'get_payment', calls: 1 }),
    ]);
    expect(rows.gateway5m).toHaveLength(2);
    expect(rows.gatewayDaily).toHaveLength(2);
    expect(rows.gateway5m[0]).not.toHaveProperty('request_bytes');
  });
});
