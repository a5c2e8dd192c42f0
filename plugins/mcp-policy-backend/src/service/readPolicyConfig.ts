import { Config, ConfigReader } from '@backstage/config';
import { DEFAULT_MAX_EXPRESSION_COST } from '../engine/compilePolicySet';

/** The engine's settings, with defaults, from `mcpPolicy`. */
export interface PolicyConfig {
  /** Tools (`<server ref>#<tool>`) whose high findings the platform team accepted. */
  acceptedRisks: string[];
  builtinPack: boolean;
  policyFiles: string[];
  reloadIntervalSeconds: number;
  toolCallDefault: 'allow' | 'deny';
  permissionDefault: 'allow' | 'deny';
  platformGroups: string[];
  retentionDays: number;
  maxExpressionCost: number;
  contextTimeoutMs: number;
  toolFactsCacheMs: number;
  dryRun: { timeoutMs: number; maxMemoryMb: number; maxConcurrent: number };
}

function decision(
  config: Config,
  key: string,
  fallback: 'allow' | 'deny',
): 'allow' | 'deny' {
  const value = config.getOptionalString(key) ?? fallback;
  if (value !== 'allow' && value !== 'deny') {
    throw new Error(
      `mcpPolicy.${key} must be "allow" or "deny", got "${value}"`,
    );
  }
  return value;
}

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(value > 0)) {
    throw new Error(`mcpPolicy.${key} must be a positive number, got ${value}`);
  }
  return value;
}

/** Reads `mcpPolicy`; wrong values stop the backend with a message naming the key. */
export function readPolicyConfig(root: Config): PolicyConfig {
  const config = root.getOptionalConfig('mcpPolicy') ?? new ConfigReader({});
  const platformGroups = config.getOptionalStringArray('platformGroups') ?? [];
  for (const group of platformGroups) {
    if (!/^group:[^/]+\/.+$/.test(group)) {
      throw new Error(
        `mcpPolicy.platformGroups entries must be group refs like "group:default/platform-team", got "${group}"`,
      );
    }
  }
  const acceptedRisks = config.getOptionalStringArray('acceptedRisks') ?? [];
  for (const risk of acceptedRisks) {
    if (!/^api:[^/]+\/[^#]+#.+$/.test(risk))
      throw new Error(
        `mcpPolicy.acceptedRisks entries must name a tool as "<server ref>#<tool>", e.g. "api:default/payments-ledger#get_payment"; got "${risk}"`,
      );
  }
  return {
    acceptedRisks: acceptedRisks.map(r => r.toLocaleLowerCase('en-US')),
    builtinPack: config.getOptionalBoolean('builtinPack') ?? true,
    policyFiles: config.getOptionalStringArray('policyFiles') ?? [],
    reloadIntervalSeconds: positive(config, 'reloadIntervalSeconds', 10),
    toolCallDefault: decision(config, 'toolCalls.default', 'deny'),
    permissionDefault: decision(config, 'permission.default', 'deny'),
    platformGroups,
    retentionDays: positive(config, 'decisionLog.retentionDays', 90),
    maxExpressionCost: positive(
      config,
      'limits.maxExpressionCost',
      DEFAULT_MAX_EXPRESSION_COST,
    ),
    contextTimeoutMs: positive(config, 'contextTimeoutMs', 2000),
    toolFactsCacheMs: positive(config, 'toolFactsCacheMs', 2000),
    dryRun: {
      timeoutMs: positive(config, 'dryRun.timeoutMs', 10_000),
      maxMemoryMb: positive(config, 'dryRun.maxMemoryMb', 256),
      maxConcurrent: positive(config, 'dryRun.maxConcurrent', 2),
    },
  };
}
