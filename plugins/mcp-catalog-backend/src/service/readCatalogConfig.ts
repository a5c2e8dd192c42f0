import { Config } from '@backstage/config';
import {
  FINDING_SEVERITIES,
  FindingSeverity,
} from '@mcp-platform/plugin-mcp-catalog-common';
import { DiscoverySettings } from '../discovery/DiscoveryScheduler';
import {
  NetworkPolicy,
  UpstreamCredentials,
} from '@mcp-platform/plugin-mcp-catalog-node';
import { RiskRule } from '../scan/riskRules';
import { RegistryGate } from './createRegistryRouter';

/** Everything the plugin reads from `mcpCatalog`, with defaults applied. */
export interface McpCatalogConfig {
  frequencySeconds: number;
  discovery: DiscoverySettings;
  /** Header values for MCP servers, bound to origins (`mcpCatalog.credentials`). */
  credentials: UpstreamCredentials;
  network: NetworkPolicy;
  maxResponseBytes: number;
  riskRules: RiskRule[];
  maxDescriptionLength: number;
  registry: { namespace: string; gate: RegistryGate };
}

function severityOf(
  value: string | undefined,
  key: string,
  fallback: FindingSeverity | 'none',
) {
  if (value === undefined) return fallback;
  if (
    value !== 'none' &&
    !(FINDING_SEVERITIES as readonly string[]).includes(value)
  ) {
    throw new Error(
      `${key} must be one of none, ${FINDING_SEVERITIES.join(
        ', ',
      )}; got "${value}"`,
    );
  }
  return value as FindingSeverity | 'none';
}

/** Reads and checks `mcpCatalog`; a wrong value stops the backend with a message naming the key. */
export function readCatalogConfig(root: Config): McpCatalogConfig {
  const config = root.getOptionalConfig('mcpCatalog');
  const d = config?.getOptionalConfig('discovery');
  if (d?.has('credentials')) {
    throw new Error(
      'mcpCatalog.discovery.credentials moved to mcpCatalog.credentials, and each entry now needs ' +
        'the origin its headers may be sent to: { origin: https://host:port, entityRef?: api:ns/name, headers: {...} }',
    );
  }
  const credentials = UpstreamCredentials.fromConfig(config, 'credentials');
  const positive = (key: string, fallback: number) => {
    const value = d?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0))
      throw new Error(
        `mcpCatalog.discovery.${key} must be a positive number, got ${value}`,
      );
    return value;
  };
  const registry = config?.getOptionalConfig('registry');
  return {
    frequencySeconds: positive('frequencySeconds', 30),
    discovery: {
      concurrency: positive('concurrency', 128),
      timeoutMs: positive('timeoutSeconds', 15) * 1000,
      maxItems: positive('maxItems', 5000),
      refreshIntervalMs: positive('refreshIntervalMinutes', 10) * 60_000,
      minBackoffMs: positive('minBackoffSeconds', 30) * 1000,
      maxBackoffMs: positive('maxBackoffMinutes', 60) * 60_000,
      baselineOnFirstDiscovery:
        d?.getOptionalBoolean('baselineOnFirstDiscovery') ?? true,
      revisionCheckIntervalMs:
        positive('revisionCheckIntervalHours', 24) * 3_600_000,
    },
    credentials,
    network: {
      allowPrivateNetworks:
        d?.getOptionalBoolean('allowPrivateNetworks') ?? false,
      allowedCidrs: d?.getOptionalStringArray('allowedCidrs') ?? [],
    },
    maxResponseBytes: positive('maxResponseBytes', 10 * 1024 * 1024),
    riskRules: (config?.getOptionalConfigArray('riskRules') ?? []).map(r => ({
      id: r.getString('id'),
      severity: severityOf(
        r.getString('severity'),
        'mcpCatalog.riskRules[].severity',
        'low',
      ) as FindingSeverity,
      message: r.getString('message'),
      pattern: r.getString('pattern'),
      flags: r.getOptionalString('flags'),
    })),
    maxDescriptionLength:
      config?.getOptionalNumber('maxDescriptionLength') ?? 2000,
    registry: {
      namespace:
        registry?.getOptionalString('namespace') ?? 'internal.backstage',
      gate: {
        lifecycles: registry?.getOptionalStringArray('lifecycles') ?? [
          'production',
          'experimental',
        ],
        maxFindingSeverity: severityOf(
          registry?.getOptionalString('maxFindingSeverity'),
          'mcpCatalog.registry.maxFindingSeverity',
          'low',
        ),
        requireApprovedTools:
          registry?.getOptionalBoolean('requireApprovedTools') ?? true,
      },
    },
  };
}
