import { ConfigReader } from '@backstage/config';
import {
  InsightsSettings,
  readInsightsConfig,
} from '../config/readInsightsConfig';

/** Config of the tests: round prices so expected costs can be worked out by hand. */
export const TEST_INSIGHTS_CONFIG = {
  mcpInsights: {
    // The example servers the tests scrape run on this machine.
    collection: { allowedCidrs: ['127.0.0.0/8'] },
    cost: {
      currency: 'USD',
      compute: {
        cpuCoreHour: 0.04,
        memoryGbHour: 0.005,
        defaultResources: { replicas: 1, cpu: 0.5, memoryGb: 1 },
      },
      models: [
        {
          model: 'gpt-4o-mini',
          inputPerMillion: 0.15,
          outputPerMillion: 0.6,
          cachedInputPerMillion: 0.075,
        },
        {
          model: 'claude-3-5-haiku-20241022',
          inputPerMillion: 0.8,
          outputPerMillion: 4,
        },
        {
          model: 'text-embedding-3-small',
          inputPerMillion: 0.02,
          outputPerMillion: 0,
        },
        {
          model: 'big-model',
          inputPerMillion: 10,
          outputPerMillion: 30,
          cachedInputPerMillion: 1,
        },
      ],
      budgets: [
        { team: 'group:default/payments', monthly: 100 },
        { team: 'group:default/engineering', monthly: 1000 },
      ],
    },
  },
};

/** Settings read through the real config reader, with overrides merged into `mcpInsights`. */
export function testSettings(
  overrides: Record<string, unknown> = {},
): InsightsSettings {
  return readInsightsConfig(
    new ConfigReader({
      mcpInsights: { ...TEST_INSIGHTS_CONFIG.mcpInsights, ...overrides },
    }),
  );
}
