import {
  DIRECT_USAGE,
  UNALLOCATED_TEAM,
} from '@mcp-platform/plugin-mcp-insights-common';
import { Attribution } from './attributeSpend';
import { isKnownConsumer, ownSums, shareOf, summaryOf } from './consumerSums';
import { TeamHierarchy } from './TeamHierarchy';

const ENGINEERING = 'group:default/engineering';
const PAYMENTS = 'group:default/payments';
const hierarchy = new TeamHierarchy([
  { teamRef: ENGINEERING, title: 'Engineering' },
  { teamRef: PAYMENTS, parentRef: ENGINEERING },
]);
const row = (
  consumer: string,
  serverRef: string,
  calls: number,
  other: number,
): Attribution => ({
  day: 0,
  serverRef,
  consumer,
  calls,
  errors: 1,
  amounts: { compute: 0, llmTokens: 0, other },
});

describe('consumerSums', () => {
  const own = ownSums([
    row(PAYMENTS, 'api:default/ledger', 10, 4),
    row(PAYMENTS, 'api:default/vault', 5, 1),
    row(ENGINEERING, 'api:default/ledger', 2, 1),
    row(DIRECT_USAGE, 'api:default/ledger', 3, 2),
  ]);

  it("rolls a group's child groups into its summary", () => {
    expect(summaryOf(ENGINEERING, hierarchy, own)).toEqual({
      team: ENGINEERING,
      title: 'Engineering',
      parent: undefined,
      children: [PAYMENTS],
      calls: 17,
      errors: 3,
      cost: { compute: 0, llmTokens: 0, other: 6, total: 6 },
      serverCount: 2,
    });
    expect(summaryOf(PAYMENTS, hierarchy, own)).toMatchObject({
      parent: ENGINEERING,
      calls: 15,
      serverCount: 2,
    });
  });

  it('knows groups, charged consumers and the two keys that always exist', () => {
    expect(isKnownConsumer(ENGINEERING, hierarchy, own)).toBe(true);
    expect(isKnownConsumer(DIRECT_USAGE, hierarchy, new Map())).toBe(true);
    expect(isKnownConsumer(UNALLOCATED_TEAM, hierarchy, new Map())).toBe(true);
    expect(isKnownConsumer('group:default/nobody', hierarchy, own)).toBe(false);
  });

  it('gives a share only of a whole with spend', () => {
    const part = { compute: 1, llmTokens: 0, other: 0 };
    expect(shareOf(part, { compute: 3, llmTokens: 0, other: 0 })).toBe(
      0.333333,
    );
    expect(shareOf(part, undefined)).toBeNull();
  });
});
