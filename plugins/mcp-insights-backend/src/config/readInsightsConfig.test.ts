import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_USAGE_EVENT_LIMITS,
  readInsightsConfig,
} from './readInsightsConfig';

const read = (mcpInsights: object) =>
  readInsightsConfig(new ConfigReader({ mcpInsights }));

describe('readInsightsConfig', () => {
  it('refuses non-public scrape targets and bounds pushed events by default', () => {
    const settings = read({});
    expect(settings.collection.network).toEqual({
      allowPrivateNetworks: false,
      allowedCidrs: [],
    });
    expect(settings.usage).toEqual({
      pushForAnyServer: [],
      maxPerEvent: DEFAULT_USAGE_EVENT_LIMITS,
    });
  });

  it('reads the network policy and the usage settings', () => {
    const settings = read({
      collection: {
        allowPrivateNetworks: true,
        allowedCidrs: ['127.0.0.0/8', ' ::1/128 '],
      },
      usage: {
        pushForAnyServer: ['Group:default/Platform-Team'],
        maxPerEvent: { cost: 50 },
      },
    });
    expect(settings.collection.network).toEqual({
      allowPrivateNetworks: true,
      allowedCidrs: ['127.0.0.0/8', '::1/128'],
    });
    expect(settings.usage).toEqual({
      pushForAnyServer: ['group:default/platform-team'],
      maxPerEvent: { ...DEFAULT_USAGE_EVENT_LIMITS, cost: 50 },
    });
  });

  it('reads budgets of teams and of servers, and whether compute rates are set', () => {
    const settings = read({
      cost: {
        compute: { memoryGbHour: 0.01 },
        budgets: [
          { team: 'Group:default/Payments', monthly: 1500 },
          { server: 'api:default/Payments-Ledger', monthly: 200 },
        ],
      },
    });
    expect([...settings.cost.budgets]).toEqual([
      ['group:default/payments', 1500],
    ]);
    expect([...settings.cost.serverBudgets]).toEqual([
      ['api:default/payments-ledger', 200],
    ]);
    expect(settings.cost.computeRatesConfigured).toBe(true);
    expect(read({}).cost.computeRatesConfigured).toBe(false);
  });

  it.each([
    [
      { cost: { budgets: [{ monthly: 10 }] } },
      'mcpInsights.cost.budgets: each budget names a team (e.g. group:default/payments) or a server (e.g. api:default/payments-ledger), not neither',
    ],
    [
      {
        cost: {
          budgets: [
            { team: 'group:default/a', server: 'api:default/b', monthly: 1 },
          ],
        },
      },
      'not both',
    ],
    [
      { cost: { budgets: [{ server: 'api:default/b', monthly: -1 }] } },
      'mcpInsights.cost.budgets: budget of api:default/b must not be negative',
    ],
    [
      { collection: { allowedCidrs: ['10.0.0.0'] } },
      'mcpInsights.collection.allowedCidrs: "10.0.0.0" is not a CIDR; use e.g. 10.20.0.0/16 or fd00::/8',
    ],
    [
      { collection: { allowedCidrs: ['10.0.0.0/33'] } },
      'mcpInsights.collection.allowedCidrs: "10.0.0.0/33" is not a CIDR',
    ],
    [
      { usage: { pushForAnyServer: ['platform-team'] } },
      'mcpInsights.usage.pushForAnyServer: "platform-team" must be a user or group ref such as group:default/platform-team',
    ],
    [
      { usage: { maxPerEvent: { tokens: 0 } } },
      'mcpInsights.usage.maxPerEvent.tokens must be a positive number, got 0',
    ],
    [
      { alerts: { notifications: { pagePath: 'https://evil.example/x' } } },
      'mcpInsights.alerts.notifications.pagePath must be a path of the app such as /mcp-insights, got "https://evil.example/x"',
    ],
    [
      { alerts: { notifications: { frequencySeconds: 0 } } },
      'mcpInsights.alerts.notifications.frequencySeconds must be a positive number, got 0',
    ],
  ])('fails startup on %j, naming the key', (config, message) => {
    expect(() => read(config)).toThrow(message);
  });

  it('sends alerts every 5 minutes by default, linking to /mcp-insights', () => {
    expect(read({}).alerts.notifications).toEqual({
      enabled: true,
      frequencySeconds: 300,
      pagePath: '/mcp-insights',
    });
    expect(
      read({ alerts: { notifications: { pagePath: '/insights/' } } }).alerts
        .notifications.pagePath,
    ).toBe('/insights');
  });
});
