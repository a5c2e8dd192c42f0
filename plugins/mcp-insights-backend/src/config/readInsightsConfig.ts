import { Config, ConfigReader } from '@backstage/config';
import {
  DEFAULT_USAGE_EVENT_LIMITS,
  ModelPrice,
  parseSloAnnotation,
  ServerResources,
  UsageEventLimits,
} from '@mcp-platform/plugin-mcp-insights-common';
import { NetworkPolicy } from '@mcp-platform/plugin-mcp-catalog-node';
import net from 'node:net';
import { readLiteLlmPrices } from './readLiteLlmPrices';

/** The cost model's settings. */
export interface CostSettings {
  currency: string;
  cpuCoreHour: number;
  memoryGbHour: number;
  defaultResources: ServerResources;
  /** Resources per server entity ref, from deployment config. */
  serverResources: Map<string, ServerResources>;
  models: Map<string, ModelPrice>;
  /** Budgets per team entity ref, from config. */
  budgets: Map<string, number>;
  /** Budgets per server entity ref, from config; they win over the API's annotation. */
  serverBudgets: Map<string, number>;
  /**
   * Whether config sets the compute rates; without them the defaults (public cloud list prices)
   * price compute, and estimates say so.
   */
  computeRatesConfigured: boolean;
}

/** Who may push usage for which servers, and how much one event may carry. */
export interface UsageSettings {
  /** User and group refs whose members may push for any server, as service principals may. */
  pushForAnyServer: string[];
  maxPerEvent: UsageEventLimits;
}

// Defined with the event schema, in the common package.
export { DEFAULT_USAGE_EVENT_LIMITS };
export type { UsageEventLimits };

/** Settings of MCP insights, read from `mcpInsights`. */
export interface InsightsSettings {
  collection: {
    frequencySeconds: number;
    timeoutMs: number;
    concurrency: number;
    maxResponseBytes: number;
    countExistingOnFirstScrape: boolean;
    /** Which addresses servers' metrics may be scraped from (the SSRF guard's policy). */
    network: NetworkPolicy;
  };
  usage: UsageSettings;
  prometheus?: {
    baseUrl: string;
    serverLabel: string;
    backfillHours: number;
    maxCatchUpHours: number;
    headers: Record<string, string>;
  };
  retention: {
    fiveMinuteHours: number;
    hourlyDays: number;
    dailyDays: number;
    eventIdDays: number;
  };
  cost: CostSettings;
  alerts: {
    budgetThresholds: number[];
    spikeFactor: number;
    notifications: AlertNotificationSettings;
  };
  slo: { objectives: { server: string; tool?: string; objectives: string }[] };
}

/** Where alerts are sent, from `mcpInsights.alerts.notifications`. */
export interface AlertNotificationSettings {
  /** Send alerts through Backstage notifications (default true). */
  enabled: boolean;
  /** How often alerts are evaluated (default 300 s). */
  frequencySeconds: number;
  /** Where the insights page is mounted in the app, for the links (default `/mcp-insights`). */
  pagePath: string;
}

const emptyConfig = new ConfigReader({});

function positive(
  config: Config | undefined,
  section: string,
  key: string,
  fallback: number,
): number {
  const value = (config ?? emptyConfig).getOptionalNumber(key) ?? fallback;
  if (!(value > 0)) {
    throw new Error(
      `mcpInsights.${section}.${key} must be a positive number, got ${value}`,
    );
  }
  return value;
}

/** `10.0.0.0/8` or `fd00::/8`; what the SSRF guard accepts. */
function isCidr(value: string): boolean {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value.trim());
  if (!match) return false;
  const version = net.isIP(match[1]);
  return version !== 0 && Number(match[2]) <= (version === 4 ? 32 : 128);
}

function readNetworkPolicy(collection: Config | undefined): NetworkPolicy {
  const allowedCidrs = collection?.getOptionalStringArray('allowedCidrs') ?? [];
  for (const cidr of allowedCidrs) {
    if (!isCidr(cidr)) {
      throw new Error(
        `mcpInsights.collection.allowedCidrs: "${cidr}" is not a CIDR; use e.g. 10.20.0.0/16 or fd00::/8`,
      );
    }
  }
  return {
    allowPrivateNetworks:
      collection?.getOptionalBoolean('allowPrivateNetworks') ?? false,
    allowedCidrs: allowedCidrs.map(c => c.trim()),
  };
}

function readUsageSettings(usage: Config | undefined): UsageSettings {
  const pushForAnyServer = (
    usage?.getOptionalStringArray('pushForAnyServer') ?? []
  ).map(ref => ref.trim().toLocaleLowerCase('en-US'));
  for (const ref of pushForAnyServer) {
    if (!/^(user|group):[^/:]+\/[^/:]+$/.test(ref)) {
      throw new Error(
        `mcpInsights.usage.pushForAnyServer: "${ref}" must be a user or group ref such as group:default/platform-team`,
      );
    }
  }
  const limits = usage?.getOptionalConfig('maxPerEvent');
  return {
    pushForAnyServer,
    maxPerEvent: {
      tokens: positive(
        limits,
        'usage.maxPerEvent',
        'tokens',
        DEFAULT_USAGE_EVENT_LIMITS.tokens,
      ),
      durationMs: positive(
        limits,
        'usage.maxPerEvent',
        'durationMs',
        DEFAULT_USAGE_EVENT_LIMITS.durationMs,
      ),
      cost: positive(
        limits,
        'usage.maxPerEvent',
        'cost',
        DEFAULT_USAGE_EVENT_LIMITS.cost,
      ),
      bytes: positive(
        limits,
        'usage.maxPerEvent',
        'bytes',
        DEFAULT_USAGE_EVENT_LIMITS.bytes,
      ),
    },
  };
}

/** Reads and checks `mcpInsights`; a mistake fails startup with the key to fix. */
export function readInsightsConfig(root: Config): InsightsSettings {
  const config = root.getOptionalConfig('mcpInsights');
  const get = (key: string) => config?.getOptionalConfig(key);

  const collection = get('collection');
  const prometheus = get('prometheus');
  const retention = get('retention');
  const cost = get('cost');
  const compute = cost?.getOptionalConfig('compute');
  const alerts = get('alerts');

  const models = new Map<string, ModelPrice>();
  const pricesFile = cost?.getOptionalString('modelPricesFile');
  if (pricesFile) {
    try {
      for (const price of readLiteLlmPrices(pricesFile))
        models.set(price.model, price);
    } catch (error) {
      throw new Error(
        `mcpInsights.cost.modelPricesFile "${pricesFile}" could not be read: ${
          (error as Error).message
        }`,
      );
    }
  }
  for (const m of cost?.getOptionalConfigArray('models') ?? []) {
    const input = m.getNumber('inputPerMillion');
    models.set(m.getString('model'), {
      model: m.getString('model'),
      inputPerMillion: input,
      outputPerMillion: m.getNumber('outputPerMillion'),
      cachedInputPerMillion:
        m.getOptionalNumber('cachedInputPerMillion') ?? input,
    });
  }
  for (const p of models.values()) {
    if (
      [p.inputPerMillion, p.outputPerMillion, p.cachedInputPerMillion].some(
        v => !(v >= 0),
      )
    ) {
      throw new Error(
        `mcpInsights.cost.models: prices of ${p.model} must not be negative`,
      );
    }
  }

  const defaults = compute?.getOptionalConfig('defaultResources');
  const serverResources = new Map<string, ServerResources>();
  for (const s of compute?.getOptionalConfigArray('servers') ?? []) {
    serverResources.set(s.getString('server').toLocaleLowerCase('en-US'), {
      replicas: s.getNumber('replicas'),
      cpu: s.getNumber('cpu'),
      memoryGb: s.getNumber('memoryGb'),
    });
  }

  const budgets = new Map<string, number>();
  const serverBudgets = new Map<string, number>();
  for (const b of cost?.getOptionalConfigArray('budgets') ?? []) {
    const team = b.getOptionalString('team');
    const server = b.getOptionalString('server');
    if (!team === !server) {
      throw new Error(
        `mcpInsights.cost.budgets: each budget names a team (e.g. group:default/payments) or a server (e.g. api:default/payments-ledger), not ${
          team ? 'both' : 'neither'
        }`,
      );
    }
    const monthly = b.getNumber('monthly');
    if (!(monthly >= 0)) {
      throw new Error(
        `mcpInsights.cost.budgets: budget of ${
          team ?? server
        } must not be negative`,
      );
    }
    if (team) budgets.set(team.toLocaleLowerCase('en-US'), monthly);
    else serverBudgets.set(server!.toLocaleLowerCase('en-US'), monthly);
  }

  const rawThresholds = alerts?.getOptional('budgetThresholds');
  const thresholds: number[] = Array.isArray(rawThresholds)
    ? rawThresholds.map(Number)
    : [0.8, 0.9, 1];
  if (thresholds.some(t => !(t > 0))) {
    throw new Error(
      'mcpInsights.alerts.budgetThresholds must be positive shares, e.g. 0.8',
    );
  }

  const objectives = (
    config?.getOptionalConfig('slo')?.getOptionalConfigArray('objectives') ?? []
  ).map(o => {
    const entry = {
      server: o.getString('server').toLocaleLowerCase('en-US'),
      tool: o.getOptionalString('tool'),
      objectives: o.getString('objectives'),
    };
    try {
      parseSloAnnotation(entry.objectives);
    } catch (error) {
      throw new Error(
        `mcpInsights.slo.objectives for ${entry.server}${
          entry.tool ? `#${entry.tool}` : ''
        }: ${(error as Error).message}`,
      );
    }
    return entry;
  });

  const retentionSettings = {
    fiveMinuteHours: Math.max(
      7,
      positive(retention, 'retention', 'fiveMinuteHours', 8),
    ),
    hourlyDays: Math.max(1, positive(retention, 'retention', 'hourlyDays', 95)),
    dailyDays: positive(retention, 'retention', 'dailyDays', 400),
    eventIdDays: positive(retention, 'retention', 'eventIdDays', 7),
  };

  return {
    collection: {
      frequencySeconds: positive(
        collection,
        'collection',
        'frequencySeconds',
        60,
      ),
      timeoutMs:
        positive(collection, 'collection', 'timeoutSeconds', 10) * 1000,
      concurrency: Math.floor(
        positive(collection, 'collection', 'concurrency', 8),
      ),
      maxResponseBytes: positive(
        collection,
        'collection',
        'maxResponseBytes',
        5 * 1024 * 1024,
      ),
      countExistingOnFirstScrape:
        collection?.getOptionalBoolean('countExistingOnFirstScrape') ?? true,
      network: readNetworkPolicy(collection),
    },
    usage: readUsageSettings(get('usage')),
    prometheus: prometheus
      ? {
          baseUrl: prometheus.getString('baseUrl').replace(/\/+$/, ''),
          serverLabel: prometheus.getOptionalString('serverLabel') ?? 'server',
          backfillHours: positive(prometheus, 'prometheus', 'backfillHours', 6),
          maxCatchUpHours: positive(
            prometheus,
            'prometheus',
            'maxCatchUpHours',
            24,
          ),
          headers: Object.fromEntries(
            Object.entries(
              (prometheus.getOptional('headers') as Record<string, unknown>) ??
                {},
            ).map(([k, v]) => [k, String(v)]),
          ),
        }
      : undefined,
    retention: retentionSettings,
    cost: {
      currency: (cost?.getOptionalString('currency') ?? 'USD').toUpperCase(),
      cpuCoreHour: compute?.getOptionalNumber('cpuCoreHour') ?? 0.04048,
      memoryGbHour: compute?.getOptionalNumber('memoryGbHour') ?? 0.004445,
      defaultResources: {
        replicas: defaults?.getOptionalNumber('replicas') ?? 1,
        cpu: defaults?.getOptionalNumber('cpu') ?? 0.25,
        memoryGb: defaults?.getOptionalNumber('memoryGb') ?? 0.5,
      },
      serverResources,
      models,
      budgets,
      serverBudgets,
      computeRatesConfigured:
        compute?.has('cpuCoreHour') === true ||
        compute?.has('memoryGbHour') === true,
    },
    alerts: {
      budgetThresholds: [...new Set(thresholds)].sort((a, b) => a - b),
      spikeFactor: alerts?.getOptionalNumber('spikeFactor') ?? 3,
      notifications: readAlertNotifications(
        alerts?.getOptionalConfig('notifications'),
      ),
    },
    slo: { objectives },
  };
}

function readAlertNotifications(
  config: Config | undefined,
): AlertNotificationSettings {
  const pagePath = config?.getOptionalString('pagePath') ?? '/mcp-insights';
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(pagePath)) {
    throw new Error(
      `mcpInsights.alerts.notifications.pagePath must be a path of the app such as /mcp-insights, got "${pagePath}"`,
    );
  }
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? true,
    frequencySeconds: positive(
      config,
      'alerts.notifications',
      'frequencySeconds',
      300,
    ),
    pagePath: pagePath.replace(/\/+$/, '') || '/',
  };
}
