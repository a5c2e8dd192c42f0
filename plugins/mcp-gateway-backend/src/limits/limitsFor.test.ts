import { withPolicyThrottle } from './limitsFor';

const throttle = {
  perMinute: 60,
  rule: 'tool-access/over-budget-consumers-throttled',
  message: 'Team group:default/analytics has spent its budget.',
};
const caller = {
  principal: 'user:default/ada',
  userRef: 'user:default/ada',
  groups: ['user:default/ada', 'group:default/analytics'],
  team: 'group:default/analytics',
};
const teamLimit = (perMinute: number) => ({
  key: 'team:group:default/analytics',
  scope: 'team' as const,
  perMinute,
});
const userLimit = {
  key: 'user:user:default/ada',
  scope: 'user' as const,
  perMinute: 100,
};

describe('withPolicyThrottle', () => {
  it("lowers the consuming team's own limit, on the same shared counter", () => {
    expect(
      withPolicyThrottle([userLimit, teamLimit(600)], caller, throttle),
    ).toEqual([
      userLimit,
      {
        ...teamLimit(60),
        throttledBy: { rule: throttle.rule, message: throttle.message },
      },
    ]);
  });

  it('keeps a configured team limit that is already lower', () => {
    const limits = [teamLimit(30)];
    expect(withPolicyThrottle(limits, caller, throttle)).toBe(limits);
  });

  it('adds a team limit where none is configured, and a user one for a caller without team', () => {
    expect(withPolicyThrottle([], caller, throttle)).toEqual([
      expect.objectContaining({ key: 'team:group:default/analytics' }),
    ]);
    expect(
      withPolicyThrottle([], { ...caller, team: undefined }, throttle),
    ).toEqual([
      expect.objectContaining({
        key: 'user:user:default/ada',
        scope: 'user',
        perMinute: 60,
      }),
    ]);
  });

  it('changes nothing without a throttle', () => {
    const limits = [userLimit];
    expect(withPolicyThrottle(limits, caller, undefined)).toBe(limits);
  });
});
