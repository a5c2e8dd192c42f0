import { DIRECT_USAGE } from '@mcp-platform/plugin-mcp-insights-common';
import { UsageSumRow } from '../database/InsightsStore';
import { attributeSpend } from './attributeSpend';

const LEDGER = 'api:default/ledger';
const row = (rest: Partial<UsageSumRow>): UsageSumRow => ({
  serverRef: LEDGER,
  ts: 0,
  calls: 0,
  errors: 0,
  durationSumMs: 0,
  latency: [],
  tokenCost: 0,
  otherCost: 0,
  ...rest,
});

describe('attributeSpend', () => {
  it("splits a day's spend among the teams the gateway relayed calls for, by their calls", () => {
    const rows = attributeSpend({
      usage: [row({ calls: 40, tokenCost: 6, otherCost: 2 })],
      compute: [{ serverRef: LEDGER, day: 0, hours: 24, cost: 4 }],
      relayed: [
        row({ consumerTeamRef: 'group:default/a', calls: 30, errors: 3 }),
        row({ consumerTeamRef: 'group:default/b', calls: 10 }),
      ],
    });
    expect(rows).toEqual([
      {
        day: 0,
        serverRef: LEDGER,
        consumer: 'group:default/a',
        calls: 30,
        errors: 3,
        amounts: { compute: 3, llmTokens: 4.5, other: 1.5 },
      },
      {
        day: 0,
        serverRef: LEDGER,
        consumer: 'group:default/b',
        calls: 10,
        errors: 0,
        amounts: { compute: 1, llmTokens: 1.5, other: 0.5 },
      },
    ]);
  });

  it("leaves a day without relayed calls to direct use, with the server's own calls", () => {
    const rows = attributeSpend({
      usage: [row({ ts: 86400, calls: 7, errors: 1, otherCost: 5 })],
      compute: [],
      relayed: [row({ ts: 86400, consumerTeamRef: 'group:default/a' })],
    });
    expect(rows).toEqual([
      {
        day: 86400,
        serverRef: LEDGER,
        consumer: DIRECT_USAGE,
        calls: 7,
        errors: 1,
        amounts: { compute: 0, llmTokens: 0, other: 5 },
      },
    ]);
  });
});
