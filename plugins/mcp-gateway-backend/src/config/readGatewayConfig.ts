import { Config } from '@backstage/config';
import {
  NetworkPolicy,
  UpstreamCredentials,
} from '@mcp-platform/plugin-mcp-catalog-node';

/** A named tool subset. */
export interface GatewayProfile {
  name: string;
  description?: string;
  /** Servers (entity refs or aliases) and the tool-name globs taken from each. */
  include: { server: string; tools: string[] }[];
}

/** A configured rate limit for one user, team or tool. */
export interface RateLimitOverride {
  user?: string;
  team?: string;
  tool?: string;
  perMinute: number;
}

/** Everything the gateway reads from config, with defaults applied. */
export interface GatewayConfig {
  profiles: GatewayProfile[];
  upstream: {
    callTimeoutMs: number;
    connectTimeoutMs: number;
    maxConcurrency: number;
    maxQueued: number;
    listCacheMs: number;
    listStaleMs: number;
    retryAttempts: number;
  };
  breaker: {
    consecutiveFailures: number;
    failureRatio: number;
    minimumCalls: number;
    windowMs: number;
    openMs: number;
  };
  rateLimits: {
    perUser?: number;
    perTeam?: number;
    perTool?: number;
    overrides: RateLimitOverride[];
  };
  maxRequestBytes: number;
  /** A listener of the data plane's own, when configured (`mcpGateway.dataPlane`). */
  dataPlane?: {
    port: number;
    host?: string;
    /** The URL clients reach the listener at; default `http://localhost:<port>`. */
    baseUrl?: string;
  };
  /** Answer plain tool calls without the SDK's per-request server (default on). */
  fastPath: boolean;
  consumers: Map<string, string>;
  catalogRefreshMs: number;
  decisionCacheMs: number;
  refusalRetentionDays: number;
  /** Which upstream addresses may be reached: the catalog's discovery policy. */
  network: NetworkPolicy;
  maxResponseBytes: number;
  /** Header values for upstreams, bound to origins (`mcpCatalog.credentials`). */
  credentials: UpstreamCredentials;
}

const PROFILE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Reads and checks `mcpGateway`; a wrong value stops the backend with a message naming the key. */
export function readGatewayConfig(root: Config): GatewayConfig {
  const config = root.getOptionalConfig('mcpGateway');
  const number = (
    section: Config | undefined,
    path: string,
    key: string,
    fallback: number,
    check: (n: number) => boolean = n => n > 0,
  ) => {
    const value = section?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || !check(value))
      throw new Error(
        `mcpGateway.${path}${key} must be a positive number, got ${value}`,
      );
    return value;
  };
  const upstream = config?.getOptionalConfig('upstream');
  const breaker = config?.getOptionalConfig('breaker');
  const limits = config?.getOptionalConfig('rateLimits');
  const profiles = (config?.getOptionalConfigArray('profiles') ?? []).map(
    (p, i) => {
      const name = p.getString('name');
      if (!PROFILE_NAME.test(name))
        throw new Error(
          `mcpGateway.profiles[${i}].name "${name}" must be lower-case letters, digits and dashes`,
        );
      return {
        name,
        description: p.getOptionalString('description'),
        include: p.getConfigArray('include').map(entry => ({
          server: entry.getString('server').toLocaleLowerCase('en-US'),
          tools: entry.getOptionalStringArray('tools') ?? ['*'],
        })),
      };
    },
  );
  const names = new Set<string>();
  for (const p of profiles) {
    if (names.has(p.name))
      throw new Error(`mcpGateway.profiles has "${p.name}" twice`);
    names.add(p.name);
  }
  const dataPlane = config?.getOptionalConfig('dataPlane');
  let dataPlanePort: number | undefined;
  if (dataPlane) {
    dataPlanePort = dataPlane.getNumber('listen.port');
    if (
      !Number.isInteger(dataPlanePort) ||
      dataPlanePort < 0 ||
      dataPlanePort > 65535
    )
      throw new Error(
        `mcpGateway.dataPlane.listen.port must be a port number (0-65535), got ${dataPlanePort}`,
      );
  }
  const dataPlaneBaseUrl = dataPlane
    ?.getOptionalString('baseUrl')
    ?.replace(/\/+$/, '');
  if (dataPlaneBaseUrl && !/^https?:\/\/[^/]+(\/.*)?$/.test(dataPlaneBaseUrl))
    throw new Error(
      `mcpGateway.dataPlane.baseUrl must be an http(s) URL such as https://mcp.example.com, got ${dataPlaneBaseUrl}`,
    );
  const discovery = root.getOptionalConfig('mcpCatalog.discovery');
  const catalog = root.getOptionalConfig('mcpCatalog');
  return {
    profiles,
    upstream: {
      callTimeoutMs:
        number(upstream, 'upstream.', 'callTimeoutSeconds', 30) * 1000,
      connectTimeoutMs:
        number(upstream, 'upstream.', 'connectTimeoutSeconds', 5) * 1000,
      maxConcurrency: number(upstream, 'upstream.', 'maxConcurrency', 64),
      maxQueued: number(upstream, 'upstream.', 'maxQueued', 256),
      listCacheMs: number(upstream, 'upstream.', 'listCacheSeconds', 30) * 1000,
      listStaleMs:
        number(upstream, 'upstream.', 'listStaleSeconds', 60, n => n >= 0) *
        1000,
      retryAttempts: number(upstream, 'upstream.', 'retryAttempts', 2),
    },
    breaker: {
      consecutiveFailures: number(
        breaker,
        'breaker.',
        'consecutiveFailures',
        5,
      ),
      failureRatio: number(
        breaker,
        'breaker.',
        'failureRatio',
        0.5,
        n => n > 0 && n <= 1,
      ),
      minimumCalls: number(breaker, 'breaker.', 'minimumCalls', 10),
      windowMs: number(breaker, 'breaker.', 'windowSeconds', 30) * 1000,
      openMs: number(breaker, 'breaker.', 'openSeconds', 10) * 1000,
    },
    rateLimits: {
      perUser: limits?.getOptionalNumber('perUser'),
      perTeam: limits?.getOptionalNumber('perTeam'),
      perTool: limits?.getOptionalNumber('perTool'),
      overrides: (limits?.getOptionalConfigArray('overrides') ?? []).map(o => ({
        user: o.getOptionalString('user'),
        team: o.getOptionalString('team'),
        tool: o.getOptionalString('tool'),
        perMinute: o.getNumber('perMinute'),
      })),
    },
    maxRequestBytes: number(config, '', 'maxRequestBytes', 1024 * 1024),
    dataPlane:
      dataPlanePort === undefined
        ? undefined
        : {
            port: dataPlanePort,
            host: dataPlane?.getOptionalString('listen.host'),
            baseUrl: dataPlaneBaseUrl,
          },
    fastPath: config?.getOptionalBoolean('fastPath') ?? true,
    consumers: new Map(
      (config?.getOptionalConfigArray('consumers') ?? []).map(c => [
        c.getString('subject'),
        c.getString('team').toLocaleLowerCase('en-US'),
      ]),
    ),
    catalogRefreshMs: number(config, '', 'catalogRefreshSeconds', 10) * 1000,
    decisionCacheMs: number(config, '', 'decisionCacheSeconds', 10) * 1000,
    refusalRetentionDays: number(config, '', 'refusalRetentionDays', 14),
    network: {
      allowPrivateNetworks:
        discovery?.getOptionalBoolean('allowPrivateNetworks') ?? false,
      allowedCidrs: discovery?.getOptionalStringArray('allowedCidrs') ?? [],
    },
    maxResponseBytes:
      discovery?.getOptionalNumber('maxResponseBytes') ?? 10 * 1024 * 1024,
    credentials: UpstreamCredentials.fromConfig(catalog, 'credentials'),
  };
}
